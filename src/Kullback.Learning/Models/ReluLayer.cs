using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Kullback.Kernels;

namespace Kullback.Learning.Models;

/// <summary>Rectifier y = max(x, 0) element-wise; backward ∂L/∂x = ∂L/∂y · [y &gt; 0].</summary>
public sealed class ReluLayer : Layer
{
    /// <summary>Creates a rectifier over <paramref name="size"/> features.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> &lt; 1.</exception>
    public ReluLayer(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        InputSize = size;
    }

    /// <inheritdoc/>
    public override int InputSize { get; }

    /// <inheritdoc/>
    public override int OutputSize => InputSize;

    /// <inheritdoc/>
    public override string Describe() => "relu";

    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int rows, ReadOnlySpan<float> parameters, int threads)
    {
        int length = rows * InputSize;
        TensorPrimitives.Max(input[..length], 0f, output[..length]);
    }

    /// <inheritdoc/>
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient,
        Span<float> inputGradient, ReadOnlySpan<float> parameters, Span<float> parameterGradient, int rows, int threads)
    {
        if (inputGradient.IsEmpty) return;
        int length = rows * InputSize;
        unsafe
        {
            fixed (float* y = output[..length]) fixed (float* dy = outputGradient[..length]) fixed (float* dx = inputGradient[..length])
            {
                var op = new ReluBackward((nint)y, (nint)dy, (nint)dx);
                ElementLoop.Run<ReluBackward, float>(ref op, length);
            }
        }
    }
}

/// <summary>The rectifier's backward on elements of y, ∂L/∂y, ∂L/∂x (float arrays of one length; reads y and ∂L/∂y, writes ∂L/∂x): ∂L/∂x = ∂L/∂y · [y &gt; 0].</summary>
internal readonly unsafe struct ReluBackward(nint output, nint outputGradient, nint inputGradient) : IElementOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke<TV, TL, TE>(int i) where TV : struct where TL : IElementLanes<TV, TE> where TE : unmanaged, IFloatingPointIeee754<TE> =>
        TL.Store((TE*)inputGradient + i, TL.WherePositive(TL.Load((TE*)output + i), TL.Load((TE*)outputGradient + i)));
}
