using System.Numerics;

namespace Kullback.Losses;

/// <summary>
/// The shared driver of <see cref="LogisticLoss"/> and <see cref="BinaryCrossEntropyLoss"/>: validates before any work,
/// evaluates each row's ℓᵢ and ∂ℓᵢ/∂xᵢ in double, scales the gradient by the reduction and sums the rows.
/// </summary>
internal static class BinaryLoss<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>ℓ(x, y, pw) and ∂ℓ/∂x for one row.</summary>
    public delegate (double Loss, double Slope) RowLoss(double x, double y, double positiveWeight);

    public static double Evaluate(ReadOnlySpan<T> inputs, string inputName, bool inputsAreProbabilities, ReadOnlySpan<T> targets,
        Span<T> gradient, in BinaryLossOptions options, ReadOnlySpan<T> weights, Span<double> rowLoss, RowLoss row)
    {
        int n = inputs.Length;
        var reduction = options.Reduction ?? LossReduction.Mean;
        if (!Enum.IsDefined(reduction)) throw new ArgumentOutOfRangeException("options.Reduction", reduction, $"options.Reduction = {reduction}: unknown reduction");
        double pw = options.PositiveWeight ?? 1;
        if (!(pw >= 0 && pw < double.PositiveInfinity)) throw new ArgumentOutOfRangeException("options.PositiveWeight", pw, $"options.PositiveWeight = {pw}: must be finite and ≥ 0");
        if (targets.Length != n) throw new ArgumentException($"targets has {targets.Length} elements, {inputName} has {n}", nameof(targets));
        if (!gradient.IsEmpty && gradient.Length != n) throw new ArgumentException($"gradient has {gradient.Length} elements, expected 0 or {n}", nameof(gradient));
        if (!weights.IsEmpty && weights.Length != n) throw new ArgumentException($"weights has {weights.Length} elements, expected 0 or {n}", nameof(weights));
        if (!rowLoss.IsEmpty && rowLoss.Length != n) throw new ArgumentException($"rowLoss has {rowLoss.Length} elements, expected 0 or {n}", nameof(rowLoss));
        for (int i = 0; i < n; i++)
        {
            double x = double.CreateTruncating(inputs[i]), y = double.CreateTruncating(targets[i]);
            if (inputsAreProbabilities ? !(x >= 0 && x <= 1) : double.IsNaN(x))
                throw new ArgumentOutOfRangeException(inputName, x, $"{inputName}[{i}] = {x}: " + (inputsAreProbabilities ? "probabilities must be in [0, 1]" : "logits must not be NaN"));
            if (!(y >= 0 && y <= 1)) throw new ArgumentOutOfRangeException(nameof(targets), y, $"targets[{i}] = {y}: targets must be in [0, 1]");
            if (!weights.IsEmpty)
            {
                double w = double.CreateTruncating(weights[i]);
                if (!(w >= 0 && w < double.PositiveInfinity)) throw new ArgumentOutOfRangeException(nameof(weights), w, $"weights[{i}] = {w}: weights must be finite and ≥ 0");
            }
        }
        double scale = reduction is LossReduction.Mean or LossReduction.BatchMean ? (n > 0 ? 1.0 / n : 0) : 1;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights.IsEmpty ? 1 : double.CreateTruncating(weights[i]);
            var (loss, slope) = row(double.CreateTruncating(inputs[i]), double.CreateTruncating(targets[i]), pw);
            loss = w == 0 ? 0 : w * loss;
            sum += loss;
            if (!rowLoss.IsEmpty) rowLoss[i] = loss;
            if (!gradient.IsEmpty) gradient[i] = T.CreateTruncating(w == 0 ? 0 : w * slope * scale);
        }
        return sum * scale;
    }
}
