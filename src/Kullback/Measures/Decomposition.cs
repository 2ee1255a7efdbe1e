using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Measures;

/// <summary>
/// The three numbers of a prediction Q for a truth P, in one unit:
/// H(P,Q) = H(P) + D(P‖Q) — cross-entropy = irreducible entropy + reducible divergence.
/// Each is computed by its own accurate kernel (not one from the other two), so the identity holds to rounding.
/// </summary>
/// <param name="Entropy">H(P) = −Σ p_i log p_i.</param>
/// <param name="CrossEntropy">H(P,Q) = −Σ p_i log q_i.</param>
/// <param name="Divergence">D(P‖Q) = Σ p_i log(p_i / q_i).</param>
/// <param name="Unit">The unit of all three.</param>
public readonly record struct Decomposition(double Entropy, double CrossEntropy, double Divergence, LogBase Unit)
{
    /// <summary>H(P), H(P,Q) and D(P‖Q) of probabilities (T = float or double; float is read in place and accumulated in double).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="p">P: probabilities p_i ≥ 0, Σ p_i = 1 within <see cref="CategoricalSpan.SumTolerance"/>.</param>
    /// <param name="q">Q: probabilities over the same classes.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">Normalise instead of rejecting sums that are not 1.</param>
    /// <returns>The three measures.</returns>
    /// <exception cref="ArgumentException">Invalid input; the message names the argument, index and value.</exception>
    public static Decomposition Of<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Of(CategoricalSpan.Probabilities(p), CategoricalSpan.Probabilities(q), unit, normalize);

    /// <summary>H(P), H(P,Q) and D(P‖Q) of distributions in any form (probabilities, logits, class index).</summary>
    /// <param name="p">P, the truth (a label, a soft target).</param>
    /// <param name="q">Q, the prediction.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">For probabilities: normalise instead of rejecting sums that are not 1.</param>
    /// <returns>The three measures.</returns>
    /// <exception cref="ArgumentException">Invalid input; the message names the argument, index and value.</exception>
    public static Decomposition Of<T>(CategoricalSpan<T> p, CategoricalSpan<T> q, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CategoricalValidation.EnsureSameLength(p.Classes, q.Classes);
        double pSum = CategoricalValidation.Validate(p, "p", normalize);
        double qSum = CategoricalValidation.Validate(q, "q", normalize);
        var preparedP = CategoricalValidation.PrepareValid(p, normalize, pSum);
        var preparedQ = CategoricalValidation.PrepareValid(q, normalize, qSum);
        return OfValid(preparedP, preparedQ, unit);
    }

    /// <summary>The decomposition of every row of N pairs of distributions; returns the mean of each measure over rows.</summary>
    /// <param name="p">The rows of P.</param>
    /// <param name="q">The rows of Q (same N and C).</param>
    /// <param name="perRow">N outputs, or empty for the means only.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">For probabilities: normalise each row instead of rejecting sums that are not 1.</param>
    /// <returns>(1/N) Σ_r of H(P_r), H(P_r,Q_r) and D(P_r‖Q_r).</returns>
    /// <exception cref="ArgumentException">Bad shapes or a bad row (named as p[row, column] / q[row, column]).</exception>
    public static Decomposition OfRows<T>(CategoricalRows<T> p, CategoricalRows<T> q, Span<Decomposition> perRow, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int rows = RowShape.Check(p, "p");
        int qRows = RowShape.Check(q, "q");
        if (p.Columns != q.Columns) throw new InvalidDistributionException($"q has {q.Columns} columns but p has {p.Columns}: shapes must match", "q");
        if (rows != qRows) throw new InvalidDistributionException($"q has {qRows} rows but p has {rows}: shapes must match", "q");
        RowShape.CheckOutput(perRow, rows);
        for (int r = 0; r < rows; r++)
        {
            CategoricalValidation.Validate(p[r], "p", normalize, r);
            CategoricalValidation.Validate(q[r], "q", normalize, r);
        }
        CompensatedSum entropy = default, crossEntropy = default, divergence = default;
        for (int r = 0; r < rows; r++)
        {
            var d = OfValid(CategoricalValidation.PrepareValid(p[r], normalize), CategoricalValidation.PrepareValid(q[r], normalize), unit);
            if (!perRow.IsEmpty) perRow[r] = d;
            entropy.Add(d.Entropy);
            crossEntropy.Add(d.CrossEntropy);
            divergence.Add(d.Divergence);
        }
        return new Decomposition(entropy.Value / rows, crossEntropy.Value / rows, divergence.Value / rows, unit);
    }

    private static Decomposition OfValid<T>(CategoricalInput<T> p, CategoricalInput<T> q, LogBase unit)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(unit.FromNats(Measures.Entropy.Nats(p)),
            unit.FromNats(PairMeasure.Nats<CrossEntropyKernel, T>(p, q)),
            unit.FromNats(PairMeasure.Nats<KullbackLeiblerKernel, T>(p, q)),
            unit);
}
