namespace Kullback.Estimation;

/// <summary>How many equal-width bins a histogram gets from the data.</summary>
public enum BinningRule
{
    /// <summary>Freedman–Diaconis: width h = 2·IQR·n^{−1/3}; bins = ⌈range / h⌉ (Sturges when IQR = 0).</summary>
    FreedmanDiaconis,
    /// <summary>Sturges: bins = ⌈log₂ n⌉ + 1.</summary>
    Sturges,
}

/// <summary>
/// Histograms shared by two samples: edges over the pooled range, counts per sample, and the differential entropy of
/// a histogram density. KL, JS and PSI between two binned samples are the plug-in measures of their counts
/// (<see cref="PlugInEstimators"/>); the bin widths cancel in them, so they estimate the continuous divergences.
/// </summary>
public static class Histograms
{
    /// <summary>The most bins of any histogram, automatic or explicit (10⁶: 16 MB of edges and counts).</summary>
    public const int MaxBins = 1_000_000;

    /// <summary>
    /// Equal-width edges over [min, max] of A ∪ B with the bin count of <paramref name="rule"/> applied to the pooled
    /// sample (n = n_A + n_B, IQR of the pooled sample with numpy's linear percentiles), as numpy.histogram_bin_edges.
    /// </summary>
    /// <exception cref="ArgumentException">Both samples empty, or a non-finite value (named by sample and index).</exception>
    public static double[] Edges(ReadOnlySpan<double> a, ReadOnlySpan<double> b, BinningRule rule)
    {
        var pooled = Pooled(a, b);
        int n = pooled.Length;
        int sturges = (int)Math.Ceiling(Math.Log2(n)) + 1;
        int bins = sturges;
        if (rule == BinningRule.FreedmanDiaconis)
        {
            Array.Sort(pooled);
            double q75 = Bootstrap.Quantile(pooled, 0.75), q25 = Bootstrap.Quantile(pooled, 0.25);
            double iqr = q75 - q25;
            double range = pooled[^1] - pooled[0];
            // Data near ±1.8e308: the range or the IQR overflows; their halves do not, and range / width is the same ratio.
            if (!double.IsFinite(range) || !double.IsFinite(iqr)) (iqr, range) = (q75 / 2 - q25 / 2, pooled[^1] / 2 - pooled[0] / 2);
            double width = 2 * iqr * Math.Pow(n, -1.0 / 3);
            if (width > 0) bins = (int)Math.Min(MaxBins, Math.Max(1, Math.Ceiling(range / width)));
        }
        return EqualWidth(pooled, bins);
    }

    /// <summary>Edges of <paramref name="bins"/> equal-width bins over [min, max] of A ∪ B.</summary>
    /// <exception cref="ArgumentException">bins &lt; 1 or &gt; <see cref="MaxBins"/>, both samples empty, or a non-finite value.</exception>
    public static double[] Edges(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int bins)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "the number of bins must be ≥ 1");
        if (bins > MaxBins) throw new ArgumentException($"{bins} bins: at most {MaxBins} (the cap of automatic binning too)", nameof(bins));
        return EqualWidth(Pooled(a, b), bins);
    }

    /// <summary>
    /// Counts of <paramref name="x"/> in the bins [e₀, e₁), [e₁, e₂), …, [e_{K−1}, e_K] (last bin closed, as numpy).
    /// </summary>
    /// <exception cref="ArgumentException">Edges not strictly increasing or fewer than 2, or a value outside [e₀, e_K] (named by index).</exception>
    public static double[] Counts(ReadOnlySpan<double> x, ReadOnlySpan<double> edges, string name = "x")
    {
        CheckEdges(edges);
        var counts = new double[edges.Length - 1];
        var e = edges.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            if (!(v >= e[0] && v <= e[^1]))
                throw new ArgumentException($"{name}[{i}] = {v} is outside the histogram edges [{e[0]}, {e[^1]}]", nameof(x));
            int k = Array.BinarySearch(e, v);
            int bin = k >= 0 ? Math.Min(k, counts.Length - 1) : ~k - 1;
            counts[bin]++;
        }
        return counts;
    }

    /// <summary>
    /// Differential entropy of the histogram density: ĥ = −Σ p̂ᵢ log(p̂ᵢ / wᵢ), wᵢ = e_{i+1} − eᵢ, with p̂ the
    /// (optionally α-smoothed) relative counts; equals the discrete plug-in entropy + Σ p̂ᵢ log wᵢ.
    /// </summary>
    /// <exception cref="ArgumentException">Counts and edges disagree in length, bad counts or α.</exception>
    public static double DifferentialEntropy(ReadOnlySpan<double> counts, ReadOnlySpan<double> edges, double alpha = 0)
    {
        CheckEdges(edges);
        if (counts.Length != edges.Length - 1)
            throw new ArgumentException($"{counts.Length} counts for {edges.Length - 1} bins", nameof(counts));
        var p = new double[counts.Length];
        PlugInEstimators.Probabilities(counts, alpha, p);
        var h = new Kernels.CompensatedSum();
        for (int i = 0; i < p.Length; i++)
        {
            if (!(p[i] > 0)) continue;
            double width = edges[i + 1] - edges[i], density = p[i] / width;
            // log(p/w) directly, unless w overflows (one bin over data near ±1.8e308) or p/w leaves the normal range.
            h.Add(-p[i] * (double.IsNormal(density) && double.IsFinite(width) ? Math.Log(density) : Math.Log(p[i]) - LogWidth(edges[i], edges[i + 1])));
        }
        return h.Value;
    }

    /// <summary>log(b − a) for a &lt; b, also where b − a overflows: log(b/2 − a/2) + log 2.</summary>
    private static double LogWidth(double a, double b) => double.IsFinite(b - a) ? Math.Log(b - a) : Math.Log(b / 2 - a / 2) + Math.Log(2);

    private static void CheckEdges(ReadOnlySpan<double> edges)
    {
        if (edges.Length < 2) throw new ArgumentException($"{edges.Length} edges: at least 2 are needed", nameof(edges));
        for (int i = 0; i < edges.Length; i++)
        {
            if (!double.IsFinite(edges[i])) throw new ArgumentException($"edges[{i}] = {edges[i]}: edges must be finite", nameof(edges));
            if (i > 0 && !(edges[i] > edges[i - 1]))
                throw new ArgumentException($"edges[{i}] = {edges[i]} ≤ edges[{i - 1}] = {edges[i - 1]}: edges must increase strictly", nameof(edges));
        }
    }

    private static double[] Pooled(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length + b.Length == 0) throw new ArgumentException("both samples are empty", nameof(a));
        var pooled = new double[a.Length + b.Length];
        a.CopyTo(pooled);
        b.CopyTo(pooled.AsSpan(a.Length));
        for (int i = 0; i < pooled.Length; i++)
            if (!double.IsFinite(pooled[i]))
                throw new ArgumentException(i < a.Length ? $"a[{i}] = {pooled[i]}: values must be finite" : $"b[{i - a.Length}] = {pooled[i]}: values must be finite");
        return pooled;
    }

    private static double[] EqualWidth(double[] values, int bins)
    {
        double lo = values.Min(), hi = values.Max();
        if (lo == hi) { lo -= 0.5; hi += 0.5; } // numpy's convention for a single value
        var edges = new double[bins + 1];
        if (double.IsFinite((hi - lo) * bins))
            for (int i = 0; i <= bins; i++) edges[i] = lo + (hi - lo) * i / bins;
        else
        {
            // (hi − lo)·i overflows (data near ±1.8e308; it gave NaN edges): steps of the half range, each finite, doubled
            // (exactly). The ends are lo and hi themselves.
            double half = lo / 2, step = (hi / 2 - lo / 2) / bins;
            for (int i = 1; i < bins; i++) edges[i] = 2 * (half + step * i);
            edges[0] = lo;
        }
        edges[bins] = hi;
        return edges;
    }
}
