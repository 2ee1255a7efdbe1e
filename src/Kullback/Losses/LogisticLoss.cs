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

    /// <summary>
    /// The same loss on an N × C matrix (multi-label: C independent binary problems per row, PyTorch's shapes (N, C)), with
    /// element-wise weights wᵢⱼ, one positive-class weight per column pwⱼ (PyTorch's <c>pos_weight</c>) and per-row sample
    /// weights sᵢ: ℓᵢⱼ is scaled by sᵢ·wᵢⱼ; Mean = Σᵢⱼ sᵢ·ℓᵢⱼ ÷ (C·Σᵢ sᵢ) (= PyTorch's mean over N·C elements when sᵢ = 1).
    /// </summary>
    /// <param name="logits">xᵢⱼ (not NaN; ±∞ are legal); N × C row-major.</param>
    /// <param name="rows">N ≥ 0.</param>
    /// <param name="cols">C ≥ 1.</param>
    /// <param name="targets">yᵢⱼ ∈ [0, 1], N × C.</param>
    /// <param name="gradient">Receives ∂loss/∂logits (N × C; of Σ ℓ for None), or empty for the forward pass only.</param>
    /// <param name="options">Reduction (default Mean), a positive-class weight for every column, torch compatibility.</param>
    /// <param name="weights">wᵢⱼ ≥ 0, one per element (N × C; broadcast a per-column weight before calling), or empty for all 1.</param>
    /// <param name="positiveWeights">pwⱼ ≥ 0, one per column (length C), or empty for <see cref="BinaryLossOptions.PositiveWeight"/> (default 1).</param>
    /// <param name="sampleWeights">sᵢ ≥ 0, one per row (scikit-learn's <c>sample_weight</c>), or empty for all 1.</param>
    /// <param name="elementLoss">Receives sᵢ·wᵢⱼ·ℓᵢⱼ per element (N × C), or empty.</param>
    /// <returns>The reduced loss.</returns>
    /// <exception cref="ArgumentException">A length does not match, an input, target or weight is out of range (the message names the index and value).</exception>
    public static double Evaluate(ReadOnlySpan<float> logits, int rows, int cols, ReadOnlySpan<float> targets, Span<float> gradient,
        BinaryLossOptions options = default, ReadOnlySpan<float> weights = default, ReadOnlySpan<float> positiveWeights = default,
        ReadOnlySpan<float> sampleWeights = default, Span<double> elementLoss = default) =>
        BinaryLoss<float>.Evaluate(logits, rows, cols, nameof(logits), false, targets, gradient, options, weights, positiveWeights, sampleWeights, elementLoss, Row);

    /// <inheritdoc cref="Evaluate(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, Span{float}, BinaryLossOptions, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{double})"/>
    public static double Evaluate(ReadOnlySpan<double> logits, int rows, int cols, ReadOnlySpan<double> targets, Span<double> gradient,
        BinaryLossOptions options = default, ReadOnlySpan<double> weights = default, ReadOnlySpan<double> positiveWeights = default,
        ReadOnlySpan<double> sampleWeights = default, Span<double> elementLoss = default) =>
        BinaryLoss<double>.Evaluate(logits, rows, cols, nameof(logits), false, targets, gradient, options, weights, positiveWeights, sampleWeights, elementLoss, Row);

    /// <summary>softplus(x) = log(1 + eˣ), stable for every x (+∞ for +∞, 0 for −∞).</summary>
    /// <param name="x">Any real, ±∞ included.</param>
    /// <returns>log(1 + eˣ) ≥ 0.</returns>
    public static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    /// <summary>σ(x) = 1 / (1 + e^−x), stable for every x.</summary>
    /// <param name="x">Any real, ±∞ included.</param>
    /// <returns>σ(x) ∈ [0, 1].</returns>
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static (double, double) Row(double x, double y, double pw, bool torchCompatible)
    {
        double a = pw * y, b = 1 - y;                      // coefficients of softplus(−x) and softplus(x)
        double loss = (a == 0 ? 0 : a * Softplus(-x)) + (b == 0 ? 0 : b * Softplus(x));
        return (loss, Sigmoid(x) * (a + b) - a);
    }
}
