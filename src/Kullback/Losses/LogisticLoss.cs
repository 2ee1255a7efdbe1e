using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Losses;

/// <summary>
/// The logistic loss (binary cross-entropy from one logit per row, PyTorch's <c>F.binary_cross_entropy_with_logits</c>):
/// <code>
/// ℓᵢ = wᵢ·[pw·yᵢ·softplus(−xᵢ) + (1 − yᵢ)·softplus(xᵢ)],   softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^−|x|)
/// ∂ℓᵢ/∂xᵢ = wᵢ·[σ(xᵢ)·(pw·yᵢ + 1 − yᵢ) − pw·yᵢ]
/// </code>
/// i.e. H(Pᵢ, Qᵢ) for P = Bernoulli(yᵢ), Q = Bernoulli(σ(xᵢ)), evaluated stably for any finite or infinite logit
/// (terms with a zero coefficient are 0). By default both tails are accurate (softplus and σ from Kullback's one numerics
/// home, within a few ulps of mpmath: ℓ = 4.25e−18 for x = −40, y = 0); with <see cref="BinaryLossOptions.TorchCompatible"/>
/// the loss and gradient follow PyTorch 1.13's expression and its rounding, which cancels to 0 there (docs/losses.md).
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

    /// <summary>softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^−|x|), accurate for every x: +∞ for +∞, 0 for −∞, eˣ for x ≪ 0
    /// (softplus(−40) = 4.25e−18, not 0). The one implementation is <c>Kernels/Elementary.Softplus</c>.</summary>
    /// <param name="x">Any real, ±∞ included.</param>
    /// <returns>log(1 + eˣ) ≥ 0.</returns>
    public static double Softplus(double x) => Elementary.Softplus(x);

    /// <summary>σ(x) = 1 / (1 + e^−x), stable for every x (eˣ / (1 + eˣ) for x &lt; 0). The one implementation is
    /// <c>Kernels/Elementary.Sigmoid</c>.</summary>
    /// <param name="x">Any real, ±∞ included.</param>
    /// <returns>σ(x) ∈ [0, 1].</returns>
    public static double Sigmoid(double x) => Elementary.Sigmoid(x);

    private static (double, double) Row(double x, double y, double pw, bool torchCompatible) =>
        torchCompatible && !double.IsInfinity(x) ? TorchRow(x, y, pw) : AccurateRow(x, y, pw);

    /// <summary>
    /// ℓ = a·softplus(−x) + b·softplus(x) and ∂ℓ/∂x = b·σ(x) − a·σ(−x), with a = pw·y, b = 1 − y: no difference of large
    /// terms, so both tails keep their value (ℓ = 4.25e−18 for x = −40, y = 0, where PyTorch rounds to 0).
    /// </summary>
    private static (double Loss, double Gradient) AccurateRow(double x, double y, double pw)
    {
        double a = pw * y, b = 1 - y;                      // coefficients of softplus(−x) and softplus(x)
        double loss = (a == 0 ? 0 : a * Elementary.Softplus(-x)) + (b == 0 ? 0 : b * Elementary.Softplus(x));
        double gradient = (b == 0 ? 0 : b * Elementary.Sigmoid(x)) - (a == 0 ? 0 : a * Elementary.Sigmoid(-x));
        return (loss, gradient);
    }

    /// <summary>
    /// PyTorch 1.13's expression of <c>binary_cross_entropy_with_logits</c> and its backward, rounding included: with
    /// m = max(−x, 0) and L = log(e^−m + e^(−x−m)), ℓ = ((1 − y)·x + m) + L and ∂ℓ/∂x = σ(x) − y without a positive-class
    /// weight (pw = 1), ℓ = (1 − y)·x + (1 + (pw − 1)·y)·(L + m) and ∂ℓ/∂x = (pw·y + 1 − y)·σ(x) − pw·y with one. The sums
    /// cancel in the tails (ℓ = 0 below x ≈ −36.7 for y = 0; with pw ≠ 1 already from |x| ≈ 12). Only for finite x:
    /// at ±∞ PyTorch's expression is NaN (∞ − ∞) and the exact limits of <see cref="AccurateRow"/> are kept.
    /// </summary>
    private static (double Loss, double Gradient) TorchRow(double x, double y, double pw)
    {
        double m = Math.Max(-x, 0);
        double log = Math.Log(Math.Exp(-m) + Math.Exp(-x - m));
        double sigma = 1 / (1 + Math.Exp(-x));
        if (pw == 1) return ((1 - y) * x + m + log, sigma - y);
        double t = pw * y;
        return ((1 - y) * x + ((pw - 1) * y + 1) * (log + m), (t + 1 - y) * sigma - t);
    }
}
