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

    /// <summary>
    /// The same loss on an N × C matrix (multi-label: C independent binary problems per row, PyTorch's shapes (N, C)), with
    /// element-wise weights wᵢⱼ, one positive-class weight per column pwⱼ (PyTorch's <c>pos_weight</c>) and per-row sample
    /// weights sᵢ: ℓᵢⱼ is scaled by sᵢ·wᵢⱼ; Mean = Σᵢⱼ sᵢ·ℓᵢⱼ ÷ (C·Σᵢ sᵢ) (= PyTorch's mean over N·C elements when sᵢ = 1).
    /// </summary>
    /// <param name="probabilities">pᵢⱼ ∈ [0, 1], the predicted probability of the positive class; N × C row-major.</param>
    /// <param name="rows">N ≥ 0.</param>
    /// <param name="cols">C ≥ 1.</param>
    /// <param name="targets">yᵢⱼ ∈ [0, 1], N × C.</param>
    /// <param name="gradient">Receives ∂loss/∂probabilities (N × C; of Σ ℓ for None), or empty for the forward pass only.</param>
    /// <param name="options">Reduction (default Mean), a positive-class weight for every column, torch compatibility.</param>
    /// <param name="weights">wᵢⱼ ≥ 0, one per element (N × C; broadcast a per-column weight before calling), or empty for all 1.</param>
    /// <param name="positiveWeights">pwⱼ ≥ 0, one per column (length C), or empty for <see cref="BinaryLossOptions.PositiveWeight"/> (default 1).</param>
    /// <param name="sampleWeights">sᵢ ≥ 0, one per row (scikit-learn's <c>sample_weight</c>), or empty for all 1.</param>
    /// <param name="elementLoss">Receives sᵢ·wᵢⱼ·ℓᵢⱼ per element (N × C), or empty.</param>
    /// <returns>The reduced loss.</returns>
    /// <exception cref="ArgumentException">A length does not match, an input, target or weight is out of range (the message names the index and value).</exception>
    public static double Evaluate(ReadOnlySpan<float> probabilities, int rows, int cols, ReadOnlySpan<float> targets, Span<float> gradient,
        BinaryLossOptions options = default, ReadOnlySpan<float> weights = default, ReadOnlySpan<float> positiveWeights = default,
        ReadOnlySpan<float> sampleWeights = default, Span<double> elementLoss = default) =>
        BinaryLoss<float>.Evaluate(probabilities, rows, cols, nameof(probabilities), true, targets, gradient, options, weights, positiveWeights, sampleWeights, elementLoss, Row);

    /// <inheritdoc cref="Evaluate(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, Span{float}, BinaryLossOptions, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{double})"/>
    public static double Evaluate(ReadOnlySpan<double> probabilities, int rows, int cols, ReadOnlySpan<double> targets, Span<double> gradient,
        BinaryLossOptions options = default, ReadOnlySpan<double> weights = default, ReadOnlySpan<double> positiveWeights = default,
        ReadOnlySpan<double> sampleWeights = default, Span<double> elementLoss = default) =>
        BinaryLoss<double>.Evaluate(probabilities, rows, cols, nameof(probabilities), true, targets, gradient, options, weights, positiveWeights, sampleWeights, elementLoss, Row);

    private static (double, double) Row(double p, double y, double pw, bool torchCompatible)
    {
        double a = pw * y, b = 1 - y;                      // coefficients of −log p and −log(1 − p)
        if (torchCompatible)
        {
            // PyTorch: each log clamped at −100; ∂/∂p = (b·p − a·(1 − p)) / max(p·(1 − p), ε) with its ε = 1e-12 in float
            double lossT = (a == 0 ? 0 : -a * Math.Max(Math.Log(p), -100)) + (b == 0 ? 0 : -b * Math.Max(Kernels.Elementary.Log1P(-p), -100));
            return (lossT, (b * p - a * (1 - p)) / Math.Max(p * (1 - p), TorchEpsilon));
        }
        double loss = (a == 0 ? 0 : -a * Math.Log(p)) + (b == 0 ? 0 : -b * Kernels.Elementary.Log1P(-p));
        double slope = (a == 0 ? 0 : -a / p) + (b == 0 ? 0 : b / (1 - p));
        return (loss, slope);
    }

    /// <summary>PyTorch's EPSILON of binary_cross_entropy_backward: 1e-12 rounded to float.</summary>
    private const double TorchEpsilon = 1e-12f;
}
