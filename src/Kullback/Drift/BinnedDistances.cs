using Kullback.Measures;

namespace Kullback.Drift;

/// <summary>
/// Distances between two samples' bin (or category) frequencies p (reference) and q (current), p_i = c_i/n:
/// PSI = Σ (p_i − q_i) ln(p_i/q_i) = D(P‖Q) + D(Q‖P); KL = D(P‖Q) in nats; Hellinger H = √(1 − Σ √(p_i q_i))
/// = √(½ Σ (√p_i − √q_i)²); total variation TV = ½ Σ |p_i − q_i|. Empty bins are not filled: a bin empty in one
/// sample only makes PSI +∞ (and KL +∞ where q_i = 0 &lt; p_i), which is the honest value; Hellinger and TV are finite.
/// Numbers are binned on the reference's quantiles (<see cref="QuantileEdges"/>). Each distance goes through the
/// library's one implementation in <see cref="Measures"/>.
/// </summary>
public static class BinnedDistances
{
    /// <summary>The default number of reference-quantile bins (deciles).</summary>
    public const int DefaultBins = 10;

    /// <summary>
    /// Bin edges at the reference's quantiles k/B, k = 1 … B − 1, by NumPy's default (linear) rule
    /// (<c>np.quantile(ref, k/B)</c>: h = (n − 1)·k/B, x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋), NumPy's two-sided lerp),
    /// with repeated edges removed (ties in the reference).
    /// </summary>
    /// <param name="sortedReference">The reference, sorted ascending, not empty.</param>
    /// <param name="bins">B ≥ 2.</param>
    /// <returns>Strictly increasing edges (at most B − 1).</returns>
    /// <exception cref="ArgumentException">An empty reference or B &lt; 2.</exception>
    public static double[] QuantileEdges(ReadOnlySpan<double> sortedReference, int bins)
    {
        if (sortedReference.IsEmpty) throw new ArgumentException("the reference sample is empty", nameof(sortedReference));
        if (bins < 2) throw new ArgumentException($"bins = {bins}: must be ≥ 2", nameof(bins));
        var edges = new List<double>(bins - 1);
        int n = sortedReference.Length;
        for (int k = 1; k < bins; k++)
        {
            double h = (double)k / bins * (n - 1);
            int lo = (int)Math.Floor(h);
            double t = h - lo, a = sortedReference[lo], b = sortedReference[Math.Min(lo + 1, n - 1)], d = b - a;
            double e = t >= 0.5 ? b - d * (1 - t) : a + d * t;
            if (edges.Count == 0 || e > edges[^1]) edges.Add(e);
        }
        return [.. edges];
    }

    /// <summary>Counts a sorted sample into the bins (−∞, e₁), [e₁, e₂), …, [e_last, +∞) (NumPy's <c>searchsorted(edges, x, 'right')</c>).</summary>
    /// <param name="sorted">The sample, sorted ascending.</param>
    /// <param name="edges">Strictly increasing edges.</param>
    /// <returns>edges.Length + 1 counts.</returns>
    public static long[] Counts(ReadOnlySpan<double> sorted, ReadOnlySpan<double> edges)
    {
        var counts = new long[edges.Length + 1];
        int bin = 0;
        foreach (double v in sorted)
        {
            while (bin < edges.Length && v >= edges[bin]) bin++;
            counts[bin]++;
        }
        return counts;
    }

    /// <summary>The frequencies c_i / Σc.</summary>
    /// <param name="counts">Counts with a positive sum.</param>
    /// <returns>The frequencies.</returns>
    public static double[] Frequencies(ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (long c in counts) total += c;
        var f = new double[counts.Length];
        for (int i = 0; i < f.Length; i++) f[i] = counts[i] / (double)total;
        return f;
    }

    /// <summary>Population stability index PSI = Σ (p_i − q_i) ln(p_i/q_i) = D(P‖Q) + D(Q‖P) in nats (+∞ when a bin is empty in one sample only).</summary>
    /// <param name="p">Reference frequencies.</param>
    /// <param name="q">Current frequencies, same bins.</param>
    /// <returns>PSI ≥ 0.</returns>
    public static double PopulationStability(ReadOnlySpan<double> p, ReadOnlySpan<double> q) =>
        KullbackLeibler.Divergence(p, q, normalize: true) + KullbackLeibler.Divergence(q, p, normalize: true);

    /// <summary>D(P‖Q) = Σ p_i ln(p_i/q_i) in nats (+∞ when q_i = 0 &lt; p_i).</summary>
    /// <param name="p">Reference frequencies.</param>
    /// <param name="q">Current frequencies, same bins.</param>
    /// <returns>D ≥ 0.</returns>
    public static double KullbackLeiblerDivergence(ReadOnlySpan<double> p, ReadOnlySpan<double> q) =>
        KullbackLeibler.Divergence(p, q, normalize: true);

    /// <summary>H(P,Q) = √(1 − Σ √(p_i q_i)).</summary>
    /// <param name="p">Reference frequencies.</param>
    /// <param name="q">Current frequencies, same bins.</param>
    /// <returns>H in [0, 1].</returns>
    public static double HellingerDistance(ReadOnlySpan<double> p, ReadOnlySpan<double> q) =>
        Hellinger.Distance(p, q, normalize: true);

    /// <summary>TV(P,Q) = ½ Σ |p_i − q_i|.</summary>
    /// <param name="p">Reference frequencies.</param>
    /// <param name="q">Current frequencies, same bins.</param>
    /// <returns>TV in [0, 1].</returns>
    public static double TotalVariationDistance(ReadOnlySpan<double> p, ReadOnlySpan<double> q) =>
        TotalVariation.Distance(p, q, normalize: true);
}
