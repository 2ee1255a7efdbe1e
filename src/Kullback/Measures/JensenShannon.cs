using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Measures;

/// <summary>
/// Jensen–Shannon divergence JS(P,Q) = ½ D(P‖M) + ½ D(Q‖M) with M = (P + Q)/2: symmetric, always finite,
/// 0 ≤ JS ≤ log 2 (1 bit); rounding outside that range is clamped. Its square root √JS is a metric, the
/// Jensen–Shannon distance (<see cref="Distance{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, LogBase, bool)"/>).
/// Each log(2p_i/(p_i+q_i)) is computed as an accurate ratio, so JS is accurate when P ≈ Q.
/// In nats unless a <see cref="LogBase"/> is given. Inputs in any form: probabilities, logits (log space: max shift,
/// log-sum-exp, −∞ legal) or a class index. Exceptions are raised before any work; messages name argument, index, value.
/// </summary>
public static class JensenShannon
{
    /// <summary>JS(P,Q) = ½ D(P‖M) + ½ D(Q‖M), M = (P + Q)/2 of probabilities (T = float or double; float is read in place and accumulated in double).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="p">P: probabilities p_i ≥ 0, Σ p_i = 1 within <see cref="CategoricalSpan.SumTolerance"/>.</param>
    /// <param name="q">Q: probabilities over the same classes.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">Use p_i / Σ p_j and q_i / Σ q_j instead of rejecting sums that are not 1.</param>
    /// <returns>JS(P,Q) in <paramref name="unit"/>.</returns>
    /// <exception cref="ArgumentException">Empty input, length mismatch, NaN, ±∞ or negative values, or a sum that is not 1.</exception>
    public static double Divergence<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Divergence(CategoricalSpan.Probabilities(p), CategoricalSpan.Probabilities(q), unit, normalize);

    /// <summary>JS(P,Q) = ½ D(P‖M) + ½ D(Q‖M), M = (P + Q)/2 of distributions in any form (probabilities, logits, class index).</summary>
    /// <param name="p">P.</param>
    /// <param name="q">Q, over the same number of classes.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">For probabilities: normalise instead of rejecting sums that are not 1.</param>
    /// <returns>JS(P,Q) in <paramref name="unit"/>.</returns>
    /// <exception cref="ArgumentException">Invalid input; the message names the argument, index and value.</exception>
    public static double Divergence<T>(CategoricalSpan<T> p, CategoricalSpan<T> q, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        unit.FromNats(PairMeasure.Nats<JensenShannonKernel, T>(p, q, normalize));

    /// <summary>
    /// JS(P,Q) for every row r of row-major N×C probability matrices P and Q, written to <paramref name="perRow"/>;
    /// returns the mean over rows (1/N) Σ_r (T = float or double; float is read in place and accumulated in double).
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="p">N·C probabilities of P, row after row.</param>
    /// <param name="q">N·C probabilities of Q, row after row.</param>
    /// <param name="columns">C, the number of classes.</param>
    /// <param name="perRow">N outputs, or empty for the mean only.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">Normalise each row instead of rejecting sums that are not 1.</param>
    /// <returns>The mean over rows.</returns>
    /// <exception cref="ArgumentException">Bad shapes or a bad row (named as p[row, column] / q[row, column]).</exception>
    public static double DivergenceRows<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, int columns, Span<double> perRow, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        DivergenceRows(CategoricalRows.Probabilities(p, columns), CategoricalRows.Probabilities(q, columns), perRow, unit, normalize);

    /// <summary>JS(P,Q) for every row of N pairs of distributions in any form; returns the mean over rows.</summary>
    /// <param name="p">The rows of P.</param>
    /// <param name="q">The rows of Q (same N and C).</param>
    /// <param name="perRow">N outputs, or empty for the mean only.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">For probabilities: normalise each row instead of rejecting sums that are not 1.</param>
    /// <returns>The mean over rows.</returns>
    /// <exception cref="ArgumentException">Bad shapes or a bad row (named as p[row, column] / q[row, column]).</exception>
    public static double DivergenceRows<T>(CategoricalRows<T> p, CategoricalRows<T> q, Span<double> perRow, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        PairMeasure.Rows<JensenShannonKernel, T>(p, q, perRow, unit, normalize);

    /// <summary>The Jensen–Shannon distance √JS(P,Q), a metric on distributions (JS in the given unit) (T = float or double; float is read in place and accumulated in double).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="p">P: probabilities.</param>
    /// <param name="q">Q: probabilities over the same classes.</param>
    /// <param name="unit">The logarithm base of JS (nats by default; bits give a distance in [0, 1]).</param>
    /// <param name="normalize">Normalise instead of rejecting sums that are not 1.</param>
    /// <returns>√JS(P,Q).</returns>
    /// <exception cref="ArgumentException">Invalid input; the message names the argument, index and value.</exception>
    public static double Distance<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Math.Sqrt(Divergence(p, q, unit, normalize));

    /// <summary>The Jensen–Shannon distance √JS(P,Q) of distributions in any form.</summary>
    /// <param name="p">P.</param>
    /// <param name="q">Q.</param>
    /// <param name="unit">The logarithm base of JS.</param>
    /// <param name="normalize">For probabilities: normalise instead of rejecting sums that are not 1.</param>
    /// <returns>√JS(P,Q).</returns>
    /// <exception cref="ArgumentException">Invalid input; the message names the argument, index and value.</exception>
    public static double Distance<T>(CategoricalSpan<T> p, CategoricalSpan<T> q, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Math.Sqrt(Divergence(p, q, unit, normalize));
}
