using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Measures;

/// <summary>
/// Rényi divergence of order α, D_α(P‖Q) = ln(Σ_i p_i^α q_i^(1−α)) / (α − 1) for α &gt; 0, α ≠ 1; D_1 = D(P‖Q) (KL, the
/// limit α → 1), D_∞ = ln max_{p_i &gt; 0} p_i / q_i. And the Rényi entropy H_α(P) = ln(Σ_i p_i^α) / (1 − α) for α ≥ 0,
/// α ≠ 1; H_0 = ln |supp P|, H_1 = H(P) (Shannon), H_∞ = −ln max p_i. Conventions: 0·log 0 = 0, sums run over p_i &gt; 0,
/// q_i = 0 &lt; p_i gives +∞ for α ≥ 1 and a zero term for α &lt; 1. The power sum is formed as
/// S − 1 = Σ_i [q_i·expm1(α ln(p_i/q_i))] + (Σ q_i − 1) and D_α = log1p(S − 1)/(α − 1), so D_α stays accurate when
/// P ≈ Q. Values follow the <see cref="LogBase"/>. Exceptions are raised before any work.
/// </summary>
public static class Renyi
{
    /// <summary>D_α(P‖Q) = log_b(Σ_i p_i^α q_i^(1−α)) / (α − 1) of probabilities.</summary>
    /// <param name="p">P: probabilities, Σ = 1 within <see cref="CategoricalSpan.SumTolerance"/>.</param>
    /// <param name="q">Q: probabilities over the same classes.</param>
    /// <param name="alpha">α &gt; 0; 1 gives KL, +∞ gives log max p_i/q_i.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">Normalise instead of rejecting sums that are not 1.</param>
    /// <returns>D_α ≥ 0 in <paramref name="unit"/>, possibly +∞.</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">α is NaN or ≤ 0.</exception>
    public static double Divergence(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double alpha, LogBase unit = default, bool normalize = false) =>
        Divergence(CategoricalSpan.Probabilities(p), CategoricalSpan.Probabilities(q), alpha, unit, normalize);

    /// <summary>D_α(P‖Q) = log_b(Σ_i p_i^α q_i^(1−α)) / (α − 1) of distributions in any form.</summary>
    /// <param name="p">P.</param>
    /// <param name="q">Q.</param>
    /// <param name="alpha">α &gt; 0; 1 gives KL, +∞ gives log max p_i/q_i.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">For probabilities: normalise instead of rejecting sums that are not 1.</param>
    /// <returns>D_α ≥ 0 in <paramref name="unit"/>, possibly +∞.</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">α is NaN or ≤ 0.</exception>
    public static double Divergence<T>(CategoricalSpan<T> p, CategoricalSpan<T> q, double alpha, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        DenseProbabilities.CheckOrder(alpha, "Rényi divergence", 0.0, lowerInclusive: false, allowInfinity: true);
        if (alpha == 1.0) return KullbackLeibler.Divergence(p, q, unit, normalize);
        var (pp, qq) = DenseProbabilities.Pair(p, q, normalize);
        if (double.IsPositiveInfinity(alpha)) return unit.FromNats(MaxLogRatio(pp, qq));
        double sMinus1 = PowerSum.MinusOne(pp, qq, alpha);
        if (double.IsPositiveInfinity(sMinus1)) return double.PositiveInfinity;
        if (sMinus1 <= -1.0) return double.PositiveInfinity; // S = 0 (α < 1, disjoint supports): ln 0 / (α − 1) = +∞
        return unit.FromNats(Math.Max(LogRatio.Log1P(sMinus1) / (alpha - 1.0), 0.0));
    }

    /// <summary>H_α(P) = log_b(Σ_i p_i^α) / (1 − α) of probabilities.</summary>
    /// <param name="p">P: probabilities.</param>
    /// <param name="alpha">α ≥ 0; 0 gives log |supp P|, 1 gives Shannon entropy, +∞ gives −log max p_i.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">Normalise instead of rejecting a sum that is not 1.</param>
    /// <returns>H_α in [0, log n] in <paramref name="unit"/>.</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">α is NaN or &lt; 0.</exception>
    public static double Entropy(ReadOnlySpan<double> p, double alpha, LogBase unit = default, bool normalize = false) =>
        Entropy(CategoricalSpan.Probabilities(p), alpha, unit, normalize);

    /// <summary>H_α(P) = log_b(Σ_i p_i^α) / (1 − α) of a distribution in any form.</summary>
    /// <param name="p">P.</param>
    /// <param name="alpha">α ≥ 0; 0 gives log |supp P|, 1 gives Shannon entropy, +∞ gives −log max p_i.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">For probabilities: normalise instead of rejecting a sum that is not 1.</param>
    /// <returns>H_α in [0, log n] in <paramref name="unit"/>.</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">α is NaN or &lt; 0.</exception>
    public static double Entropy<T>(CategoricalSpan<T> p, double alpha, LogBase unit = default, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        DenseProbabilities.CheckOrder(alpha, "Rényi entropy", 0.0, lowerInclusive: true, allowInfinity: true);
        if (alpha == 1.0) return Measures.Entropy.Of(p, unit, normalize);
        var pp = DenseProbabilities.One(p, normalize);
        double nats;
        if (double.IsPositiveInfinity(alpha))
        {
            double max = 0;
            foreach (double v in pp) max = Math.Max(max, v);
            nats = -Math.Log(max);
        }
        else
        {
            nats = Math.Log(PowerSum.Of(pp, alpha)) / (1.0 - alpha);
        }
        return unit.FromNats(Math.Min(Math.Max(nats, 0.0), Math.Log(pp.Length)));
    }

    /// <summary>ln max_{p_i &gt; 0} p_i / q_i (+∞ where q_i = 0 &lt; p_i).</summary>
    private static double MaxLogRatio(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double best = double.NegativeInfinity;
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] == 0) continue;
            if (q[i] == 0) return double.PositiveInfinity;
            best = Math.Max(best, LogRatio.Of(p[i], q[i]));
        }
        return Math.Max(best, 0.0);
    }
}

/// <summary>The power sums behind the Rényi and Tsallis families, with compensation.</summary>
internal static class PowerSum
{
    /// <summary>
    /// S − 1 with S = Σ_{p_i &gt; 0} p_i^α q_i^(1−α): Σ_i [q_i·expm1(α ln(p_i/q_i))] + (Σ q_i − 1), each class's term
    /// being p_i^α q_i^(1−α) − q_i. +∞ when α &gt; 1 and some q_i = 0 &lt; p_i.
    /// </summary>
    public static double MinusOne(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double alpha)
    {
        var sum = new CompensatedSum();
        sum.Add(-1.0);
        for (int i = 0; i < p.Length; i++)
        {
            double a = p[i], b = q[i];
            sum.Add(b);
            if (a == 0)
            {
                sum.Add(-b);
                continue;
            }
            if (b == 0)
            {
                if (alpha > 1.0) return double.PositiveInfinity;
                continue; // p^α · 0^(1−α) = 0 for α < 1
            }
            double x = alpha * LogRatio.Of(a, b);
            if (x > 700.0) sum.Add(Math.Exp(alpha * Math.Log(a) + (1.0 - alpha) * Math.Log(b)) - b);
            else sum.Add(b * ExpM1(x));
        }
        return sum.Value;
    }

    /// <summary>Σ_{p_i &gt; 0} p_i^α (α = 0 counts the support).</summary>
    public static double Of(ReadOnlySpan<double> p, double alpha)
    {
        var sum = new CompensatedSum();
        foreach (double v in p)
            if (v > 0) sum.Add(alpha == 0 ? 1.0 : Math.Pow(v, alpha));
        return sum.Value;
    }

    /// <summary>eˣ − 1, accurate for small |x| (Kahan: u = eˣ, (u − 1)·x / ln u).</summary>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um1 = u - 1.0;
        if (um1 == -1.0) return -1.0;
        if (double.IsPositiveInfinity(u)) return u;
        return um1 * x / Math.Log(u);
    }
}
