namespace Kullback.Learning.Models;

/// <summary>
/// Turns one logit s per row into the two-class logits (0, s), so that softmax gives P(class 1) = σ(s):
/// binary logistic regression through the same softmax losses. Backward: ∂L/∂s = ∂L/∂z₁.
/// </summary>
public sealed class BinaryLogitLayer : Layer
{
    /// <inheritdoc/>
    public override int InputSize => 1;

    /// <inheritdoc/>
    public override int OutputSize => 2;

    /// <inheritdoc/>
    public override string Describe() => "logit→(0, s)";

    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int rows, ReadOnlySpan<float> parameters, int threads)
    {
        for (int r = 0; r < rows; r++)
        {
            output[2 * r] = 0f;
            output[2 * r + 1] = input[r];
        }
    }

    /// <inheritdoc/>
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient,
        Span<float> inputGradient, ReadOnlySpan<float> parameters, Span<float> parameterGradient, int rows, int threads)
    {
        if (inputGradient.IsEmpty) return;
        for (int r = 0; r < rows; r++) inputGradient[r] = outputGradient[2 * r + 1];
    }
}
