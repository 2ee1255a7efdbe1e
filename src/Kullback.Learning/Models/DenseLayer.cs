using System.Numerics.Tensors;
using Kullback.Learning.LinearAlgebra;

namespace Kullback.Learning.Models;

/// <summary>
/// Affine map Y = X·W + b. X is (rows, in), W is (in, out) row-major, b is (out); θ = [W, b].
/// Backward: ∂L/∂W = Xᵀ·∂L/∂Y, ∂L/∂b = Σ_rows ∂L/∂Y, ∂L/∂X = ∂L/∂Y·Wᵀ. Initialised like PyTorch's nn.Linear:
/// W and b uniform on [−1/√in, 1/√in].
/// </summary>
public sealed class DenseLayer : Layer
{
    /// <summary>Creates a dense layer from <paramref name="inputs"/> to <paramref name="outputs"/> features.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public DenseLayer(int inputs, int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        InputSize = inputs;
        OutputSize = outputs;
    }

    /// <inheritdoc/>
    public override int InputSize { get; }

    /// <inheritdoc/>
    public override int OutputSize { get; }

    /// <inheritdoc/>
    public override int ParameterCount => InputSize * OutputSize + OutputSize;

    /// <inheritdoc/>
    public override string Describe() => $"dense {InputSize}→{OutputSize}";

    /// <inheritdoc/>
    public override void Initialize(Span<float> parameters, Random random)
    {
        double bound = 1 / Math.Sqrt(InputSize);
        for (int i = 0; i < parameters.Length; i++) parameters[i] = (float)((random.NextDouble() * 2 - 1) * bound);
    }

    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int rows, ReadOnlySpan<float> parameters, int threads)
    {
        int n = OutputSize, k = InputSize;
        var w = parameters[..(k * n)];
        var b = parameters.Slice(k * n, n);
        Gemm.Multiply(false, false, rows, n, k, input[..(rows * k)], w, output[..(rows * n)], threads: threads);
        for (int r = 0; r < rows; r++)
        {
            var y = output.Slice(r * n, n);
            TensorPrimitives.Add(y, b, y);
        }
    }

    /// <inheritdoc/>
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient,
        Span<float> inputGradient, ReadOnlySpan<float> parameters, Span<float> parameterGradient, int rows, int threads)
    {
        int n = OutputSize, k = InputSize;
        var dy = outputGradient[..(rows * n)];
        Gemm.Multiply(true, false, k, n, rows, input[..(rows * k)], dy, parameterGradient[..(k * n)], threads: threads);
        var db = parameterGradient.Slice(k * n, n);
        db.Clear();
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(db, dy.Slice(r * n, n), db);
        if (!inputGradient.IsEmpty)
            Gemm.Multiply(false, true, rows, k, n, dy, parameters[..(k * n)], inputGradient[..(rows * k)], threads: threads);
    }
}
