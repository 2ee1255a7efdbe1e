namespace Kullback.Drift;

/// <summary>A statistic computed from a <see cref="QuantileSketch"/> with a proven bound on its distance from the exact one.</summary>
/// <param name="Statistic">The statistic from the sketch.</param>
/// <param name="Bound">|Statistic − exact statistic| ≤ Bound (null: no bound is claimed).</param>
public readonly record struct BoundedStatistic(double Statistic, double? Bound);

/// <summary>
/// Comparisons of a reference summarised by a <see cref="QuantileSketch"/> (CDF F̂ = R̂/n with sup |F̂ − F| ≤ ε =
/// <see cref="QuantileSketch.NormalizedRankError"/>) with an exact current sample (ECDF G). Since F̂ and F are both 0 below
/// the exact minimum and 1 from the exact maximum, F̂ − F vanishes outside [min, max) and:
/// KS D̂ = sup |F̂ − G| is within ε of D; W₁ = ∫|F̂ − G| is within ε·(max − min) of ∫|F − G|; the energy distance
/// √2·‖F̂ − G‖₂ is within √2·ε·√(max − min) (triangle inequality in L²).
/// </summary>
public static class SketchComparison
{
    /// <summary>D̂ = supₓ |F̂(x) − G(x)| over the pooled points (right-continuous CDFs, as <see cref="KolmogorovSmirnovTest"/>), with bound ε.</summary>
    /// <param name="reference">The reference sketch, not empty.</param>
    /// <param name="current">The current sample, sorted ascending, not empty.</param>
    /// <returns>D̂ and ε.</returns>
    /// <exception cref="ArgumentException">An empty sketch or sample.</exception>
    public static BoundedStatistic KolmogorovSmirnovStatistic(QuantileSketch reference, ReadOnlySpan<double> current)
    {
        var (values, cum) = Items(reference, current);
        double n = reference.Count;
        int nv = current.Length, i = 0, j = 0;
        double max = double.NegativeInfinity, min = double.PositiveInfinity;
        while (i < values.Length || j < nv)
        {
            double x = j >= nv || (i < values.Length && values[i] <= current[j]) ? values[i] : current[j];
            while (i < values.Length && values[i] <= x) i++;
            while (j < nv && current[j] <= x) j++;
            double diff = (i == 0 ? 0 : cum[i - 1] / n) - (double)j / nv;
            if (diff > max) max = diff;
            if (diff < min) min = diff;
        }
        double d = Math.Max(Math.Clamp(-min, 0, 1), max);
        return new BoundedStatistic(d, reference.NormalizedRankError);
    }

    /// <summary>Ŵ₁ = ∫ |F̂(x) − G(x)| dx (compensated sum), with bound ε·(max − min) (as <c>scipy.stats.wasserstein_distance</c> on the exact data).</summary>
    /// <param name="reference">The reference sketch, not empty.</param>
    /// <param name="current">The current sample, sorted ascending, not empty.</param>
    /// <returns>Ŵ₁ and its bound.</returns>
    /// <exception cref="ArgumentException">An empty sketch or sample.</exception>
    public static BoundedStatistic WassersteinDistance(QuantileSketch reference, ReadOnlySpan<double> current)
    {
        double sum = Integral<CdfDifferenceIntegral.AbsoluteDifference>(reference, current);
        double range = reference.Max - reference.Min;
        return new BoundedStatistic(sum, reference.NormalizedRankError == 0 ? 0 : reference.NormalizedRankError * range);
    }

    /// <summary>The energy distance √2·√∫(F̂ − G)² (as <see cref="NumericTests.EnergyDistanceSorted"/>), with bound √2·ε·√(max − min).</summary>
    /// <param name="reference">The reference sketch, not empty.</param>
    /// <param name="current">The current sample, sorted ascending, not empty.</param>
    /// <returns>The distance and its bound.</returns>
    /// <exception cref="ArgumentException">An empty sketch or sample.</exception>
    public static BoundedStatistic EnergyDistance(QuantileSketch reference, ReadOnlySpan<double> current)
    {
        double sum = Integral<CdfDifferenceIntegral.SquaredDifference>(reference, current);
        double range = reference.Max - reference.Min;
        return new BoundedStatistic(Math.Sqrt(2.0) * Math.Sqrt(sum),
            reference.NormalizedRankError == 0 ? 0 : Math.Sqrt(2.0) * reference.NormalizedRankError * Math.Sqrt(range));
    }

    /// <summary>
    /// Welch's t test (<see cref="NumericTests.WelchT"/>) from the sketch's exact count, mean and M₂/(n − 1): the same
    /// quantity as on the raw reference, up to the rounding of the moments' summation order (bound 0).
    /// </summary>
    /// <param name="reference">The reference sketch, ≥ 2 values.</param>
    /// <param name="current">The current sample, ≥ 2 values.</param>
    /// <returns>t and its two-sided p-value.</returns>
    /// <exception cref="ArgumentException">A sample with fewer than 2 values.</exception>
    public static TestResult WelchT(QuantileSketch reference, ReadOnlySpan<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (current.Length < 2) throw new ArgumentException("the t test needs at least 2 values in the second sample", nameof(current));
        var (mb, vb) = NumericTests.MeanVariance(current);
        return NumericTests.WelchTFromMoments(reference.Count, reference.Mean, reference.SumSquaredDeviations / (reference.Count - 1), current.Length, mb, vb);
    }

    /// <summary>
    /// Bin edges at the sketch's quantiles: for k = 1 … B − 1 the smallest kept value v with R̂(v) ≥ k·n/B (so the true rank
    /// of the edge is within <see cref="QuantileSketch.RankErrorBound"/> of k·n/B), repeated edges removed. Unlike
    /// <see cref="BinnedDistances.QuantileEdges"/> there is no interpolation between order statistics.
    /// </summary>
    /// <param name="reference">The reference sketch, not empty.</param>
    /// <param name="bins">B ≥ 2.</param>
    /// <returns>Strictly increasing edges (at most B − 1).</returns>
    /// <exception cref="ArgumentException">An empty sketch or B &lt; 2.</exception>
    public static double[] QuantileEdges(QuantileSketch reference, int bins)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Count == 0) throw new ArgumentException("the reference sketch is empty", nameof(reference));
        if (bins < 2) throw new ArgumentException($"bins = {bins}: must be ≥ 2", nameof(bins));
        var (values, cum) = reference.SortedItems();
        var edges = new List<double>(bins - 1);
        int at = 0;
        for (int k = 1; k < bins; k++)
        {
            double target = (double)k / bins * reference.Count;
            while (at < values.Length - 1 && cum[at] < target) at++;
            if (edges.Count == 0 || values[at] > edges[^1]) edges.Add(values[at]);
        }
        return [.. edges];
    }

    /// <summary>
    /// The sketch's weight in the bins (−∞, e₁), [e₁, e₂), …, [e_last, +∞) (as <see cref="BinnedDistances.Counts"/>); each bin's
    /// weight is within 2·<see cref="QuantileSketch.RankErrorBound"/> of the exact reference count, and the weights sum to n.
    /// </summary>
    /// <param name="reference">The reference sketch.</param>
    /// <param name="edges">Strictly increasing edges.</param>
    /// <returns>edges.Length + 1 weights.</returns>
    public static long[] Counts(QuantileSketch reference, ReadOnlySpan<double> edges)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var (values, cum) = reference.SortedItems();
        var counts = new long[edges.Length + 1];
        int bin = 0;
        long previous = 0;
        for (int i = 0; i < values.Length; i++)
        {
            while (bin < edges.Length && values[i] >= edges[bin]) bin++;
            counts[bin] += cum[i] - previous;
            previous = cum[i];
        }
        return counts;
    }

    private static (double[] Values, long[] Cumulative) Items(QuantileSketch reference, ReadOnlySpan<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Count == 0) throw new ArgumentException("the reference sketch is empty", nameof(reference));
        if (current.IsEmpty) throw new ArgumentException("the current sample is empty", nameof(current));
        return reference.SortedItems();
    }

    /// <summary>∫ f(F̂(x) − G(x)) dx over the pooled points (F̂ the sketch's weighted CDF, G the current sample's), compensated.</summary>
    private static double Integral<TF>(QuantileSketch reference, ReadOnlySpan<double> current) where TF : CdfDifferenceIntegral.IIntegrand
    {
        var (values, cum) = Items(reference, current);
        return CdfDifferenceIntegral.Of<TF>(values, cum, reference.Count, current);
    }
}
