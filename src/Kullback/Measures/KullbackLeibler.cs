using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Measures;

/// <summary>
/// Kullback–Leibler divergence D(P‖Q) = Σ_i p_i log(p_i / q_i) = H(P,Q) − H(P): the reducible part of the cross-entropy.
/// Conventions: 0·log(0/q) = 0; p_i &gt; 0 with q_i = 0 gives +∞ (never NaN); D ≥ 0, and rounding below 0 is clamped
/// to 0. Argument order is the math's: P first. The reverse divergence D(Q‖P) is <see cref="Reverse{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, LogBase, bool)"/>.
/// For probabilities each log ratio is computed accurately (r = p/q, its exact FMA residual corrects log r), so D is
/// accurate to a few ulps of Σ|p_i log(p_i/q_i)| even when P ≈ Q.
/// In nats unless a <see cref="LogBase"/> is given. Inputs in any form: probabilities, logits (log space: max shift,
/// log-sum-exp, −∞ legal) or a class index. Exceptions are raised before any work; messages name argument, index, value.
/// </summary>
public static class KullbackLeibler
{
    /// <summary>D(P‖Q) = Σ_i p_i log(p_i / q_i) of probabilities (T = float or double; float is read in place and accumulated in double).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="p">P: probabilities p_i ≥ 0, Σ p_i = 1 within <see cref="CategoricalSpan.SumTolerance"/>.</param>
    /// <param name="q">Q: probabilities over the same classes.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">Use p_i / Σ p_j and q_i / Σ q_j instead of rejecting sums that are not 1.</param>
    /// <returns>D(P‖Q) in <paramref name="unit"/>.</returns>
    /// <exception cref="ArgumentException">Empty input, length mismatch, NaN, ±∞ or negative values, or a sum that is not 1.</exception>
    public static double Divergence<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Divergence(CategoricalSpan.Probabilities(p), CategoricalSpan.Probabilities(q), unit, normalize);

    /// <summary>D(P‖Q) = Σ_i p_i log(p_i / q_i) of distributions in any form (probabilities, logits, class index).</summary>
    /// <param name="p">P.</param>
    /// <param name="q">Q, over the same number of classes.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">For probabilities: normalise instead of rejecting sums that are not 1.</param>
    /// <returns>D(P‖Q) in <paramref name="unit"/>.</returns>
    /// <exception cref="ArgumentException">Invalid input; the message names the argument, index and value.</exception>
    public static double Divergence<T>(CategoricalSpan<T> p, CategoricalSpan<T> q, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        unit.FromNats(PairMeasure.Nats<KullbackLeiblerKernel, T>(p, q, normalize));

    /// <summary>
    /// D(P‖Q) for every row r of row-major N×C probability matrices P and Q, written to <paramref name="perRow"/>;
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

    /// <summary>D(P‖Q) for every row of N pairs of distributions in any form; returns the mean over rows.</summary>
    /// <param name="p">The rows of P.</param>
    /// <param name="q">The rows of Q (same N and C).</param>
    /// <param name="perRow">N outputs, or empty for the mean only.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">For probabilities: normalise each row instead of rejecting sums that are not 1.</param>
    /// <returns>The mean over rows.</returns>
    /// <exception cref="ArgumentException">Bad shapes or a bad row (named as p[row, column] / q[row, column]).</exception>
    public static double DivergenceRows<T>(CategoricalRows<T> p, CategoricalRows<T> q, Span<double> perRow, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        PairMeasure.Rows<KullbackLeiblerKernel, T>(p, q, perRow, unit, normalize);

    /// <summary>The reverse divergence D(Q‖P) = Σ_i q_i log(q_i / p_i): the same as <c>Divergence(q, p)</c> (T = float or double; float is read in place and accumulated in double).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="p">P: probabilities.</param>
    /// <param name="q">Q: probabilities over the same classes.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">Normalise instead of rejecting sums that are not 1.</param>
    /// <returns>D(Q‖P) in <paramref name="unit"/>; +∞ when some q_i &gt; 0 has p_i = 0.</returns>
    /// <exception cref="ArgumentException">Invalid input; the message names the argument, index and value.</exception>
    public static double Reverse<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Divergence(q, p, unit, normalize);

    /// <summary>The reverse divergence D(Q‖P) = Σ_i q_i log(q_i / p_i) of distributions in any form: <c>Divergence(q, p)</c>.</summary>
    /// <param name="p">P.</param>
    /// <param name="q">Q.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">For probabilities: normalise instead of rejecting sums that are not 1.</param>
    /// <returns>D(Q‖P) in <paramref name="unit"/>.</returns>
    /// <exception cref="ArgumentException">Invalid input; messages name Q as "p" and P as "q" (the arguments of D(Q‖P)).</exception>
    public static double Reverse<T>(CategoricalSpan<T> p, CategoricalSpan<T> q, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Divergence(q, p, unit, normalize);
}
