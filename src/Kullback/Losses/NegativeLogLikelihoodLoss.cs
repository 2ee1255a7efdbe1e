using System.Numerics;

namespace Kullback.Losses;

/// <summary>
/// Negative log-likelihood of given log-probabilities (PyTorch's <c>F.nll_loss</c>): for row i with class yᵢ,
/// <code>
/// ℓᵢ = −sᵢ·w[yᵢ]·x[i, yᵢ],   ∂ℓᵢ/∂x[i, c] = −sᵢ·w[yᵢ]·[c = yᵢ]
/// </code>
/// with x the N × C log-probabilities (e.g. a log-softmax), w the class weights and sᵢ the sample weights. Nothing is
/// normalised here: to train on logits use <see cref="CrossEntropyLoss"/>, which is this after a log-softmax.
/// Reductions: None, Sum, Mean = Σᵢ ℓᵢ ÷ Σᵢ sᵢ·w[yᵢ] over rows not ignored (PyTorch's 'mean'), BatchMean = Σᵢ ℓᵢ ÷ Σᵢ sᵢ.
/// A Mean over no counted rows is 0 with a zero gradient (NaN with <see cref="LossOptions.TorchCompatible"/>, as PyTorch).
/// </summary>
public static class NegativeLogLikelihoodLoss
{
    /// <summary>NLL of float log-probabilities; returns the reduced loss and writes its gradient.</summary>
    /// <param name="logProbabilities">x, N × C row-major; each x ≤ 0 (−∞ legal) — any value but NaN with <see cref="LossOptions.TorchCompatible"/>.</param>
    /// <param name="rows">N ≥ 0.</param>
    /// <param name="cols">C ≥ 1.</param>
    /// <param name="targets">yᵢ ∈ [0, C) or <see cref="LossOptions.IgnoreIndex"/>; length N.</param>
    /// <param name="gradient">Receives ∂loss/∂x (N × C; of Σᵢ ℓᵢ for None), or empty for the forward pass only.</param>
    /// <param name="options">Reduction (default Mean), ignore index, torch compatibility; label smoothing must be 0.</param>
    /// <param name="classWeights">w_c ≥ 0 (length C), or empty for all 1.</param>
    /// <param name="sampleWeights">sᵢ ≥ 0 (length N, scikit-learn's <c>sample_weight</c>), or empty for all 1.</param>
    /// <param name="rowLoss">Receives ℓᵢ per row (0 for ignored rows), or empty.</param>
    /// <returns>The reduced loss and the number of rows not ignored (no decomposition: the inputs are not a distribution here).</returns>
    /// <exception cref="ArgumentException">A length does not match, a class index is out of range, a weight is negative or not finite,
    /// a log-probability is NaN or positive, or label smoothing is set (the message names the index and value).</exception>
    public static LossResult Evaluate(ReadOnlySpan<float> logProbabilities, int rows, int cols, ReadOnlySpan<int> targets, Span<float> gradient,
        LossOptions options = default, ReadOnlySpan<float> classWeights = default, ReadOnlySpan<float> sampleWeights = default, Span<double> rowLoss = default) =>
        Run(logProbabilities, rows, cols, targets, gradient, options, classWeights, sampleWeights, rowLoss);

    /// <inheritdoc cref="Evaluate(ReadOnlySpan{float}, int, int, ReadOnlySpan{int}, Span{float}, LossOptions, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{double})"/>
    public static LossResult Evaluate(ReadOnlySpan<double> logProbabilities, int rows, int cols, ReadOnlySpan<int> targets, Span<double> gradient,
        LossOptions options = default, ReadOnlySpan<double> classWeights = default, ReadOnlySpan<double> sampleWeights = default, Span<double> rowLoss = default) =>
        Run(logProbabilities, rows, cols, targets, gradient, options, classWeights, sampleWeights, rowLoss);

    private static LossResult Run<T>(ReadOnlySpan<T> x, int rows, int cols, ReadOnlySpan<int> targets, Span<T> gradient, in LossOptions options,
        ReadOnlySpan<T> classWeights, ReadOnlySpan<T> sampleWeights, Span<double> rowLoss) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var reduction = options.Reduction ?? LossReduction.Mean;
        if (!LossEnums.IsDefined(reduction)) throw new ArgumentOutOfRangeException("options.Reduction", reduction, $"options.Reduction = {reduction}: unknown reduction");
        if (options.LabelSmoothing != 0) throw new ArgumentOutOfRangeException("options.LabelSmoothing", options.LabelSmoothing, $"options.LabelSmoothing = {options.LabelSmoothing}: nll takes no label smoothing (use CrossEntropyLoss on logits)");
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"rows = {rows}: must be ≥ 0");
        if (cols < 1) throw new ArgumentOutOfRangeException(nameof(cols), cols, $"cols = {cols}: must be ≥ 1 (classes)");
        long size = (long)rows * cols;
        if (x.Length != size) throw new ArgumentException($"logProbabilities has {x.Length} elements, rows × cols = {rows} × {cols} = {size}", "logProbabilities");
        if (!gradient.IsEmpty && gradient.Length != size) throw new ArgumentException($"gradient has {gradient.Length} elements, expected 0 or rows × cols = {size}", nameof(gradient));
        if (targets.Length != rows) throw new ArgumentException($"targets has {targets.Length} elements, expected rows = {rows}", nameof(targets));
        if (!rowLoss.IsEmpty && rowLoss.Length != rows) throw new ArgumentException($"rowLoss has {rowLoss.Length} elements, expected 0 or rows = {rows}", nameof(rowLoss));
        if (!classWeights.IsEmpty)
        {
            if (classWeights.Length != cols) throw new ArgumentException($"classWeights has {classWeights.Length} elements, expected 0 or cols = {cols}", nameof(classWeights));
            for (int c = 0; c < cols; c++)
            {
                double w = double.CreateTruncating(classWeights[c]);
                if (!(w >= 0 && w < double.PositiveInfinity)) throw new ArgumentOutOfRangeException(nameof(classWeights), w, $"classWeights[{c}] = {w}: weights must be finite and ≥ 0");
            }
        }
        SampleWeights.Check(sampleWeights, rows);
        for (int i = 0; i < rows; i++)
        {
            int t = targets[i];
            if ((uint)t >= (uint)cols && !(options.IgnoreIndex == t))
                throw new ArgumentOutOfRangeException(nameof(targets), t, $"targets[{i}] = {t}: class index must be in [0, {cols})" + (options.IgnoreIndex is { } ig ? $" or the ignore index {ig}" : ""));
        }
        for (int k = 0; k < x.Length; k++)
        {
            double v = double.CreateTruncating(x[k]);
            if (double.IsNaN(v) || (v > 0 && !options.TorchCompatible))
                throw new ArgumentOutOfRangeException("logProbabilities", v, $"logProbabilities[{k / cols}, {k % cols}] = {v}: log-probabilities must be ≤ 0 and not NaN");
        }

        int counted = 0;
        double normaliser = 0, sum = 0;
        for (int i = 0; i < rows; i++)
        {
            int t = targets[i];
            if (options.IgnoreIndex == t) continue;
            counted++;
            normaliser += SampleWeights.At(sampleWeights, i) * (classWeights.IsEmpty ? 1 : double.CreateTruncating(classWeights[t]));
        }
        if (reduction == LossReduction.BatchMean) normaliser = SampleWeights.Total(sampleWeights, rows);
        double scale = reduction is LossReduction.Mean or LossReduction.BatchMean ? (normaliser > 0 ? 1 / normaliser : 0) : 1;
        if (!gradient.IsEmpty) gradient.Clear();
        for (int i = 0; i < rows; i++)
        {
            int t = targets[i];
            double loss = 0;
            if (!(options.IgnoreIndex == t))
            {
                double w = SampleWeights.At(sampleWeights, i) * (classWeights.IsEmpty ? 1 : double.CreateTruncating(classWeights[t]));
                loss = w == 0 ? 0 : -w * double.CreateTruncating(x[i * cols + t]);
                if (!gradient.IsEmpty) gradient[i * cols + t] = T.CreateTruncating(-w * scale);
            }
            sum += loss;
            if (!rowLoss.IsEmpty) rowLoss[i] = loss;
        }
        bool nanMean = options.TorchCompatible && reduction == LossReduction.Mean && !(normaliser > 0);
        double result = reduction is LossReduction.None or LossReduction.Sum ? sum : nanMean ? double.NaN : sum * scale;
        return new LossResult(result, counted, null, null, null);
    }
}
