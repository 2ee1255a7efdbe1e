using System.Numerics;
using System.Numerics.Tensors;

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
        int length = rows * InputSize, i = 0;
        var y = output[..length];
        var dy = outputGradient[..length];
        var dx = inputGradient[..length];
        for (; i <= length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var positive = Vector.GreaterThan(new Vector<float>(y[i..]), Vector<float>.Zero);
            Vector.ConditionalSelect(positive, new Vector<float>(dy[i..]), Vector<float>.Zero).CopyTo(dx[i..]);
        }
        for (; i < length; i++) dx[i] = y[i] > 0f ? dy[i] : 0f;
    }
}
