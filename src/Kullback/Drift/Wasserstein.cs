namespace Kullback.Drift;

/// <summary>The first Wasserstein (earth mover's) distance between two one-dimensional samples.</summary>
public static class Wasserstein
{
    /// <summary>
    /// W₁(u, v) = ∫ |U(x) − V(x)| dx over the pooled sorted values, U and V the empirical CDFs
    /// (as <c>scipy.stats.wasserstein_distance(u, v)</c>, unweighted). Compensated summation.
    /// </summary>
    /// <param name="u">First sample, sorted ascending, finite, not empty.</param>
    /// <param name="v">Second sample, sorted ascending, finite, not empty.</param>
    /// <returns>W₁ ≥ 0.</returns>
    /// <exception cref="ArgumentException">An empty sample.</exception>
    public static double DistanceSorted(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        if (u.IsEmpty) throw new ArgumentException("the first sample is empty", nameof(u));
        if (v.IsEmpty) throw new ArgumentException("the second sample is empty", nameof(v));
        return CdfDifferenceIntegral.Of<CdfDifferenceIntegral.AbsoluteDifference>(u, default, u.Length, v);
    }

    /// <summary>The population standard deviation √(Σ(x − x̄)²/n) (NumPy's <c>np.std</c>, ddof = 0), two passes.</summary>
    /// <param name="x">Sample, not empty.</param>
    /// <returns>σ.</returns>
    public static double PopulationStandardDeviation(ReadOnlySpan<double> x)
    {
        if (x.IsEmpty) throw new ArgumentException("the sample is empty", nameof(x));
        double mean = Kernels.CompensatedSum.Of(x) / x.Length;
        return Math.Sqrt(Kernels.CompensatedSum.OfSquaredDeviations(x, mean) / x.Length);
    }
}
