using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Measures;

/// <summary>
/// The Hellinger distance H(P,Q) = √(1 − Σ_i √(p_i q_i)) (0 … 1, a metric) and the Bhattacharyya distance
/// D_B(P,Q) = −ln Σ_i √(p_i q_i) (0 … +∞). Both are computed from the squared distance
/// H² = 1 − Σ √(p_i q_i) = ½ Σ (p_i − q_i)² / (√p_i + √q_i)² + (1 − ½Σp_i − ½Σq_i), which has no cancellation when
/// P ≈ Q; D_B = −log1p(−H²). Unitless except D_B, which follows the <see cref="LogBase"/>.
/// Exceptions are raised before any work; messages name argument, index and value.
/// </summary>
public static class Hellinger
{
    /// <summary>H(P,Q) = √(1 − Σ_i √(p_i q_i)) of probabilities.</summary>
    /// <param name="p">P: probabilities, Σ = 1 within <see cref="CategoricalSpan.SumTolerance"/>.</param>
    /// <param name="q">Q: probabilities over the same classes.</param>
    /// <param name="normalize">Use p_i / Σ p_j and q_i / Σ q_j instead of rejecting sums that are not 1.</param>
    /// <returns>H in [0, 1].</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    public static double Distance(ReadOnlySpan<double> p, ReadOnlySpan<double> q, bool normalize = false) =>
        Distance(CategoricalSpan.Probabilities(p), CategoricalSpan.Probabilities(q), normalize);

    /// <summary>H(P,Q) = √(1 − Σ_i √(p_i q_i)) of distributions in any form.</summary>
    /// <param name="p">P.</param>
    /// <param name="q">Q, over the same number of classes.</param>
    /// <param name="normalize">For probabilities: normalise instead of rejecting sums that are not 1.</param>
    /// <returns>H in [0, 1].</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    public static double Distance<T>(CategoricalSpan<T> p, CategoricalSpan<T> q, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (pp, qq) = DenseProbabilities.Pair(p, q, normalize);
        return Math.Sqrt(Squared(pp, qq));
    }

    /// <summary>The Bhattacharyya distance D_B(P,Q) = −log_b Σ_i √(p_i q_i) of probabilities (+∞ for disjoint supports).</summary>
    /// <param name="p">P: probabilities.</param>
    /// <param name="q">Q: probabilities over the same classes.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">Normalise instead of rejecting sums that are not 1.</param>
    /// <returns>D_B ≥ 0 in <paramref name="unit"/>.</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    public static double Bhattacharyya(ReadOnlySpan<double> p, ReadOnlySpan<double> q, LogBase unit = default, bool normalize = false) =>
        Bhattacharyya(CategoricalSpan.Probabilities(p), CategoricalSpan.Probabilities(q), unit, normalize);

    /// <summary>The Bhattacharyya distance D_B(P,Q) = −log_b Σ_i √(p_i q_i) of distributions in any form.</summary>
    /// <param name="p">P.</param>
    /// <param name="q">Q.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">For probabilities: normalise instead of rejecting sums that are not 1.</param>
    /// <returns>D_B ≥ 0 in <paramref name="unit"/>.</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    public static double Bhattacharyya<T>(CategoricalSpan<T> p, CategoricalSpan<T> q, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (pp, qq) = DenseProbabilities.Pair(p, q, normalize);
        double h2 = Squared(pp, qq);
        return unit.FromNats(h2 >= 1.0 ? double.PositiveInfinity : -LogRatio.Log1P(-h2));
    }

    /// <summary>H² = 1 − Σ √(p_i q_i) of probabilities, computed without cancellation and clamped to [0, 1].</summary>
    internal static double Squared(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        var sum = new CompensatedSum();
        sum.Add(1.0);
        for (int i = 0; i < p.Length; i++)
        {
            double a = p[i], b = q[i];
            sum.Add(-0.5 * a);
            sum.Add(-0.5 * b);
            if (a == b) continue;
            double d = (a - b) / (Math.Sqrt(a) + Math.Sqrt(b));
            sum.Add(0.5 * d * d);
        }
        return Math.Min(Math.Max(sum.Value, 0.0), 1.0);
    }
}
