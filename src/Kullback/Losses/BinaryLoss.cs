using System.Numerics;

namespace Kullback.Losses;

/// <summary>
/// The shared driver of <see cref="LogisticLoss"/> and <see cref="BinaryCrossEntropyLoss"/>: inputs are N × C row-major
/// (C = 1 for one value per row), validated before any work; each element's ℓᵢⱼ and ∂ℓᵢⱼ/∂xᵢⱼ are evaluated in double,
/// scaled by the element weight wᵢⱼ and the sample weight sᵢ, and reduced: Sum = Σ, Mean = Σ ÷ (C·Σᵢ sᵢ) (N·C without
/// sample weights, as PyTorch).
/// </summary>
internal static class BinaryLoss<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>ℓ(x, y, pw) and ∂ℓ/∂x for one element.</summary>
    public delegate (double Loss, double Slope) ElementLoss(double x, double y, double positiveWeight, bool torchCompatible);

    public static double Evaluate(ReadOnlySpan<T> inputs, string inputName, bool inputsAreProbabilities, ReadOnlySpan<T> targets,
        Span<T> gradient, in BinaryLossOptions options, ReadOnlySpan<T> weights, Span<double> rowLoss, ElementLoss element) =>
        Evaluate(inputs, inputs.Length, 1, inputName, inputsAreProbabilities, targets, gradient, options, weights, default, default, rowLoss, element);

    public static double Evaluate(ReadOnlySpan<T> inputs, int rows, int cols, string inputName, bool inputsAreProbabilities, ReadOnlySpan<T> targets,
        Span<T> gradient, in BinaryLossOptions options, ReadOnlySpan<T> weights, ReadOnlySpan<T> positiveWeights, ReadOnlySpan<T> sampleWeights,
        Span<double> elementLoss, ElementLoss element)
    {
        var reduction = options.Reduction ?? LossReduction.Mean;
        if (!LossEnums.IsDefined(reduction)) throw new ArgumentOutOfRangeException("options.Reduction", reduction, $"options.Reduction = {reduction}: unknown reduction");
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"rows = {rows}: must be ≥ 0");
        if (cols < 1) throw new ArgumentOutOfRangeException(nameof(cols), cols, $"cols = {cols}: must be ≥ 1");
        long size = (long)rows * cols;
        if (inputs.Length != size) throw new ArgumentException($"{inputName} has {inputs.Length} elements, rows × cols = {rows} × {cols} = {size}", inputName);
        double pw = options.PositiveWeight ?? 1;
        if (!(pw >= 0 && pw < double.PositiveInfinity)) throw new ArgumentOutOfRangeException("options.PositiveWeight", pw, $"options.PositiveWeight = {pw}: must be finite and ≥ 0");
        if (options.PositiveWeight.HasValue && !positiveWeights.IsEmpty)
            throw new ArgumentException("give options.PositiveWeight (one for every column) or positiveWeights (one per column), not both", nameof(positiveWeights));
        if (targets.Length != size) throw new ArgumentException($"targets has {targets.Length} elements, {inputName} has {size}", nameof(targets));
        if (!gradient.IsEmpty && gradient.Length != size) throw new ArgumentException($"gradient has {gradient.Length} elements, expected 0 or {size}", nameof(gradient));
        if (!weights.IsEmpty && weights.Length != size) throw new ArgumentException($"weights has {weights.Length} elements, expected 0 or {size} (one per element)", nameof(weights));
        if (!elementLoss.IsEmpty && elementLoss.Length != size) throw new ArgumentException($"rowLoss has {elementLoss.Length} elements, expected 0 or {size}", "rowLoss");
        if (!positiveWeights.IsEmpty)
        {
            if (positiveWeights.Length != cols) throw new ArgumentException($"positiveWeights has {positiveWeights.Length} elements, expected 0 or cols = {cols}", nameof(positiveWeights));
            for (int j = 0; j < cols; j++)
            {
                double v = double.CreateTruncating(positiveWeights[j]);
                if (!(v >= 0 && v < double.PositiveInfinity)) throw new ArgumentOutOfRangeException(nameof(positiveWeights), v, $"positiveWeights[{j}] = {v}: must be finite and ≥ 0");
            }
        }
        SampleWeights.Check(sampleWeights, rows);
        for (int k = 0; k < inputs.Length; k++)
        {
            double x = double.CreateTruncating(inputs[k]), y = double.CreateTruncating(targets[k]);
            if (inputsAreProbabilities ? !(x >= 0 && x <= 1) : double.IsNaN(x))
                throw new ArgumentOutOfRangeException(inputName, x, $"{inputName}{At(k, cols)} = {x}: " + (inputsAreProbabilities ? "probabilities must be in [0, 1]" : "logits must not be NaN"));
            if (options.TorchCompatible ? !double.IsFinite(y) : !(y >= 0 && y <= 1))   // PyTorch takes any real target
                throw new ArgumentOutOfRangeException(nameof(targets), y, $"targets{At(k, cols)} = {y}: " + (options.TorchCompatible ? "targets must be finite" : "targets must be in [0, 1]"));
            if (!weights.IsEmpty)
            {
                double w = double.CreateTruncating(weights[k]);
                if (!(w >= 0 && w < double.PositiveInfinity)) throw new ArgumentOutOfRangeException(nameof(weights), w, $"weights{At(k, cols)} = {w}: weights must be finite and ≥ 0");
            }
        }
        double count = cols * SampleWeights.Total(sampleWeights, rows);
        double scale = reduction is LossReduction.Mean or LossReduction.BatchMean ? (count > 0 ? 1.0 / count : 0) : 1;
        bool nanMean = options.TorchCompatible && (reduction is LossReduction.Mean or LossReduction.BatchMean) && !(count > 0);
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            double s = SampleWeights.At(sampleWeights, i);
            for (int j = 0; j < cols; j++)
            {
                int k = i * cols + j;
                double w = s * (weights.IsEmpty ? 1 : double.CreateTruncating(weights[k]));
                double pwj = positiveWeights.IsEmpty ? pw : double.CreateTruncating(positiveWeights[j]);
                var (loss, slope) = element(double.CreateTruncating(inputs[k]), double.CreateTruncating(targets[k]), pwj, options.TorchCompatible);
                loss = w == 0 ? 0 : w * loss;                     // a zero weight drops the element, even an infinite loss
                sum += loss;
                if (!elementLoss.IsEmpty) elementLoss[k] = loss;
                if (!gradient.IsEmpty) gradient[k] = T.CreateTruncating(w == 0 ? 0 : w * slope * scale);
            }
        }
        return nanMean ? double.NaN : sum * scale;
    }

    /// <summary>"[k]" for one value per row, "[i, j]" for a matrix.</summary>
    private static string At(int k, int cols) => cols == 1 ? $"[{k}]" : $"[{k / cols}, {k % cols}]";
}
