using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Measures;

/// <summary>
/// Shannon entropy H(P) = −Σ_i p_i log p_i: the irreducible part of the cross-entropy, H(P,Q) = H(P) + D(P‖Q).
/// Conventions: 0·log 0 = 0; 0 ≤ H(P) ≤ log n; rounding below 0 is clamped to 0. In nats unless a
/// <see cref="LogBase"/> is given. Exceptions are raised before any work (see <see cref="CategoricalSpan.SumTolerance"/>).
/// </summary>
public static class Entropy
{
    /// <summary>H(P) = −Σ_i p_i log_b p_i of probabilities (T = float or double; float is read in place and accumulated in double).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="p">Probabilities p_i ≥ 0, Σ p_i = 1 within <see cref="CategoricalSpan.SumTolerance"/>.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">Use p_i / Σ p_j instead of rejecting a sum that is not 1.</param>
    /// <returns>H(P) ≥ 0 in <paramref name="unit"/>.</returns>
    /// <exception cref="ArgumentException">p is empty, holds NaN, ±∞ or a negative value, or does not sum to 1.</exception>
    public static double Of<T>(ReadOnlySpan<T> p, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Of(CategoricalSpan.Probabilities(p), unit, normalize);

    /// <summary>
    /// H(P) = −Σ_i p_i log_b p_i of a distribution in any form: probabilities, logits (p = softmax(z), computed in
    /// log space as −Σ p_i ((z_i − m) − log S)), or a class index (H = 0).
    /// </summary>
    /// <param name="p">The distribution.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">For probabilities: use p_i / Σ p_j instead of rejecting a sum that is not 1.</param>
    /// <returns>H(P) ≥ 0 in <paramref name="unit"/>.</returns>
    /// <exception cref="ArgumentException">Invalid input; the message names the index and value.</exception>
    public static double Of<T>(CategoricalSpan<T> p, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        unit.FromNats(Nats(CategoricalValidation.Prepare(p, "p", normalize)));

    /// <summary>
    /// H(P_r) for every row r of a row-major N×C matrix of probabilities, written to <paramref name="perRow"/>;
    /// returns the mean (1/N) Σ_r H(P_r) (T = float or double; float is read in place and accumulated in double).
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="p">N·C probabilities, row after row.</param>
    /// <param name="columns">C, the number of classes.</param>
    /// <param name="perRow">N outputs, or empty for the mean only.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">Normalise each row instead of rejecting a sum that is not 1.</param>
    /// <returns>The mean entropy over rows.</returns>
    /// <exception cref="ArgumentException">Bad shape or a bad row (named as p[row, column]).</exception>
    public static double OfRows<T>(ReadOnlySpan<T> p, int columns, Span<double> perRow, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        OfRows(CategoricalRows.Probabilities(p, columns), perRow, unit, normalize);

    /// <summary>H(P_r) for every row of N distributions in any form; returns the mean (1/N) Σ_r H(P_r).</summary>
    /// <param name="p">The rows.</param>
    /// <param name="perRow">N outputs, or empty for the mean only.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">For probabilities: normalise each row instead of rejecting a sum that is not 1.</param>
    /// <returns>The mean entropy over rows.</returns>
    /// <exception cref="ArgumentException">Bad shape or a bad row (named as p[row, column]).</exception>
    public static double OfRows<T>(CategoricalRows<T> p, Span<double> perRow, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int rows = RowShape.Check(p, "p");
        RowShape.CheckOutput(perRow, rows);
        for (int r = 0; r < rows; r++) CategoricalValidation.Validate(p[r], "p", normalize, r);
        var mean = new CompensatedSum();
        for (int r = 0; r < rows; r++)
        {
            double value = unit.FromNats(Nats(CategoricalValidation.PrepareValid(p[r], normalize)));
            if (!perRow.IsEmpty) perRow[r] = value;
            mean.Add(value);
        }
        return mean.Value / rows;
    }

    /// <summary>H(P) in nats of a validated input.</summary>
    internal static double Nats<T>(CategoricalInput<T> p) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (p.Form == CategoricalForm.Probabilities)
            return typeof(T) == typeof(double) ? EntropyKernel.Nats(SpanCast.AsDouble(p.Values), p.Scale) : EntropyKernel.Nats(SpanCast.AsFloat(p.Values), p.Scale);
        return p.Form switch
        {
            CategoricalForm.ClassIndex => 0.0,
            CategoricalForm.Logits => EntropyKernel.LogitsNats(p.Values, p.Parts),
            _ => EntropyKernel.Nats(p.AsProbabilities(), p.Classes),
        };
    }
}
