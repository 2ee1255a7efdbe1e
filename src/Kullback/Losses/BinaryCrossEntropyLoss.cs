namespace Kullback.Losses;

/// <summary>
/// Binary cross-entropy from probabilities (PyTorch's <c>F.binary_cross_entropy</c>, with a positive-class weight added):
/// <code>
/// ℓᵢ = −wᵢ·[pw·yᵢ·log pᵢ + (1 − yᵢ)·log(1 − pᵢ)],   ∂ℓᵢ/∂pᵢ = −wᵢ·[pw·yᵢ/pᵢ − (1 − yᵢ)/(1 − pᵢ)]
/// </code>
/// with 0·log 0 = 0. A prediction of exactly 0 (or 1) against a target that wants the other class costs +∞ (PyTorch
/// clamps each log at −100 instead; see docs/losses.md). Prefer <see cref="LogisticLoss"/> when logits are at hand.
/// </summary>
public static class BinaryCrossEntropyLoss
{
    /// <summary>Binary cross-entropy of float probabilities; returns the reduced loss and writes its gradient.</summary>
    /// <param name="probabilities">pᵢ ∈ [0, 1], the predicted probability of the positive class.</param>
    /// <param name="targets">yᵢ ∈ [0, 1].</param>
    /// <param name="gradient">Receives ∂loss/∂pᵢ (of Σᵢ ℓᵢ for None), or empty for the forward pass only.</param>
    /// <param name="options">Reduction (default Mean = Σ ÷ N) and the positive-class weight pw.</param>
    /// <param name="weights">wᵢ ≥ 0 per row, or empty for all 1.</param>
    /// <param name="rowLoss">Receives ℓᵢ per row, or empty.</param>
    /// <returns>The reduced loss (+∞ when a certain prediction is wrong).</returns>
    /// <exception cref="ArgumentException">A length does not match, a probability or target is outside [0, 1], or a weight is negative or not finite.</exception>
    public static double Evaluate(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, Span<float> gradient,
        BinaryLossOptions options = default, ReadOnlySpan<float> weights = default, Span<double> rowLoss = default) =>
        BinaryLoss<float>.Evaluate(probabilities, nameof(probabilities), true, targets, gradient, options, weights, rowLoss, Row);

    /// <inheritdoc cref="Evaluate(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, BinaryLossOptions, ReadOnlySpan{float}, Span{double})"/>
    public static double Evaluate(ReadOnlySpan<double> probabilities, ReadOnlySpan<double> targets, Span<double> gradient,
        BinaryLossOptions options = default, ReadOnlySpan<double> weights = default, Span<double> rowLoss = default) =>
        BinaryLoss<double>.Evaluate(probabilities, nameof(probabilities), true, targets, gradient, options, weights, rowLoss, Row);

    private static (double, double) Row(double p, double y, double pw)
    {
        double a = pw * y, b = 1 - y;                      // coefficients of −log p and −log(1 − p)
        double loss = (a == 0 ? 0 : -a * Math.Log(p)) + (b == 0 ? 0 : -b * Log1P(-p));
        double slope = (a == 0 ? 0 : -a / p) + (b == 0 ? 0 : b / (1 - p));
        return (loss, slope);
    }

    /// <summary>log(1 + x) accurate for small |x| (Kahan: log(u)·x/(u − 1) with u = 1 + x rounded).</summary>
    private static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : double.IsInfinity(u) || u == 0 ? Math.Log(u) : Math.Log(u) * x / (u - 1);
    }
}
