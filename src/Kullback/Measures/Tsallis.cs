using System.Numerics;

namespace Kullback.Measures;

/// <summary>
/// Tsallis relative entropy D^T_α(P‖Q) = (Σ_i p_i^α q_i^(1−α) − 1) / (α − 1) for finite α &gt; 0, α ≠ 1 (α → 1: KL in
/// nats), and Tsallis entropy S_α(P) = (1 − Σ_i p_i^α) / (α − 1) for finite α ≥ 0, α ≠ 1 (α → 1: Shannon entropy in
/// nats; α = 0: |supp P| − 1). Sums run over p_i &gt; 0; q_i = 0 &lt; p_i gives +∞ for α &gt; 1. Unitless (no logarithm).
/// The power sum minus one is formed without cancellation (see <see cref="Renyi"/>). Exceptions are raised before any work.
/// </summary>
public static class Tsallis
{
    /// <summary>D^T_α(P‖Q) = (Σ_i p_i^α q_i^(1−α) − 1) / (α − 1) of probabilities.</summary>
    /// <param name="p">P: probabilities, Σ = 1 within <see cref="CategoricalSpan.SumTolerance"/>.</param>
    /// <param name="q">Q: probabilities over the same classes.</param>
    /// <param name="alpha">α &gt; 0, finite; 1 gives KL in nats.</param>
    /// <param name="normalize">Normalise instead of rejecting sums that are not 1.</param>
    /// <returns>D^T_α ≥ 0, possibly +∞.</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">α is NaN, ≤ 0 or infinite.</exception>
    public static double RelativeEntropy(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double alpha, bool normalize = false) =>
        RelativeEntropy(CategoricalSpan.Probabilities(p), CategoricalSpan.Probabilities(q), alpha, normalize);

    /// <summary>D^T_α(P‖Q) = (Σ_i p_i^α q_i^(1−α) − 1) / (α − 1) of distributions in any form.</summary>
    /// <param name="p">P.</param>
    /// <param name="q">Q.</param>
    /// <param name="alpha">α &gt; 0, finite; 1 gives KL in nats.</param>
    /// <param name="normalize">For probabilities: normalise instead of rejecting sums that are not 1.</param>
    /// <returns>D^T_α ≥ 0, possibly +∞.</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">α is NaN, ≤ 0 or infinite.</exception>
    public static double RelativeEntropy<T>(CategoricalSpan<T> p, CategoricalSpan<T> q, double alpha, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        DenseProbabilities.CheckOrder(alpha, "Tsallis relative entropy", 0.0, lowerInclusive: false, allowInfinity: false);
        if (alpha == 1.0) return KullbackLeibler.Divergence(p, q, default, normalize);
        var (pp, qq) = DenseProbabilities.Pair(p, q, normalize);
        double sMinus1 = PowerSum.MinusOne(pp, qq, alpha);
        if (double.IsPositiveInfinity(sMinus1)) return double.PositiveInfinity;
        return Math.Max(sMinus1 / (alpha - 1.0), 0.0);
    }

    /// <summary>S_α(P) = (1 − Σ_i p_i^α) / (α − 1) of probabilities.</summary>
    /// <param name="p">P: probabilities.</param>
    /// <param name="alpha">α ≥ 0, finite; 1 gives Shannon entropy in nats.</param>
    /// <param name="normalize">Normalise instead of rejecting a sum that is not 1.</param>
    /// <returns>S_α ≥ 0.</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">α is NaN, &lt; 0 or infinite.</exception>
    public static double Entropy(ReadOnlySpan<double> p, double alpha, bool normalize = false) =>
        Entropy(CategoricalSpan.Probabilities(p), alpha, normalize);

    /// <summary>S_α(P) = (1 − Σ_i p_i^α) / (α − 1) of a distribution in any form.</summary>
    /// <param name="p">P.</param>
    /// <param name="alpha">α ≥ 0, finite; 1 gives Shannon entropy in nats.</param>
    /// <param name="normalize">For probabilities: normalise instead of rejecting a sum that is not 1.</param>
    /// <returns>S_α ≥ 0.</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">α is NaN, &lt; 0 or infinite.</exception>
    public static double Entropy<T>(CategoricalSpan<T> p, double alpha, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        DenseProbabilities.CheckOrder(alpha, "Tsallis entropy", 0.0, lowerInclusive: true, allowInfinity: false);
        if (alpha == 1.0) return Measures.Entropy.Of(p, default, normalize);
        var pp = DenseProbabilities.One(p, normalize);
        var sum = new Kernels.CompensatedSum();
        sum.Add(1.0);
        foreach (double v in pp)
            if (v > 0) sum.Add(-(alpha == 0 ? 1.0 : Math.Pow(v, alpha)));
        return Math.Max(sum.Value / (alpha - 1.0), 0.0);
    }
}
