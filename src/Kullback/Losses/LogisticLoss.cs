using System.Numerics;

namespace Kullback.Losses;

/// <summary>
/// The logistic loss (binary cross-entropy from one logit per row, PyTorch's <c>F.binary_cross_entropy_with_logits</c>):
/// <code>
/// ℓᵢ = wᵢ·[pw·yᵢ·softplus(−xᵢ) + (1 − yᵢ)·softplus(xᵢ)],   softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^−|x|)
/// ∂ℓᵢ/∂xᵢ = wᵢ·[σ(xᵢ)·(pw·yᵢ + 1 − yᵢ) − pw·yᵢ]
/// </code>
/// i.e. H(Pᵢ, Qᵢ) for P = Bernoulli(yᵢ), Q = Bernoulli(σ(xᵢ)), evaluated stably for any finite or infinite logit
/// (terms with a zero coefficient are 0).
/// </summary>
public static class LogisticLoss
{
    /// <summary>The logistic loss of float logits; returns the reduced loss and writes its gradient.</summary>
    /// <param name="logits">xᵢ, one per row (not NaN; ±∞ are legal).</param>
    /// <param name="targets">yᵢ ∈ [0, 1] (0/1 labels or soft targets).</param>
    /// <param name="gradient">Receives ∂loss/∂xᵢ (of Σᵢ ℓᵢ for None), or empty for the forward pass only.</param>
    /// <param name="options">Reduction (default Mean = Σ ÷ N) and the positive-class weight pw.</param>
    /// <param name="weights">wᵢ ≥ 0 per row, or empty for all 1.</param>
    /// <param name="rowLoss">Receives ℓᵢ per row, or empty.</param>
    /// <returns>The reduced loss.</returns>
    /// <exception cref="ArgumentException">A length does not match, a logit is NaN, a target is outside [0, 1], or a weight is negative or not finite.</exception>
    public static double Evaluate(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> gradient,
        BinaryLossOptions options = default, ReadOnlySpan<float> weights = default, Span<double> rowLoss = default) =>
        BinaryLoss<float>.Evaluate(logits, nameof(logits), false, targets, gradient, options, weights, rowLoss, Row);

    /// <inheritdoc cref="Evaluate(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, BinaryLossOptions, ReadOnlySpan{float}, Span{double})"/>
    public static double Evaluate(ReadOnlySpan<double> logits, ReadOnlySpan<double> targets, Span<double> gradient,
        BinaryLossOptions options = default, ReadOnlySpan<double> weights = default, Span<double> rowLoss = default) =>
        BinaryLoss<double>.Evaluate(logits, nameof(logits), false, targets, gradient, options, weights, rowLoss, Row);

    /// <summary>softplus(x) = log(1 + eˣ), stable for every x (+∞ for +∞, 0 for −∞).</summary>
    /// <param name="x">Any real, ±∞ included.</param>
    /// <returns>log(1 + eˣ) ≥ 0.</returns>
    public static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    /// <summary>σ(x) = 1 / (1 + e^−x), stable for every x.</summary>
    /// <param name="x">Any real, ±∞ included.</param>
    /// <returns>σ(x) ∈ [0, 1].</returns>
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static (double, double) Row(double x, double y, double pw)
    {
        double a = pw * y, b = 1 - y;                      // coefficients of softplus(−x) and softplus(x)
        double loss = (a == 0 ? 0 : a * Softplus(-x)) + (b == 0 ? 0 : b * Softplus(x));
        return (loss, Sigmoid(x) * (a + b) - a);
    }
}
