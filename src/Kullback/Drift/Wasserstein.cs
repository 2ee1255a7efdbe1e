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
        int nu = u.Length, nv = v.Length, i = 0, j = 0;
        double prev = Math.Min(u[0], v[0]);
        var sum = new Kernels.CompensatedSum();
        while (i < nu || j < nv)
        {
            double x = j >= nv || (i < nu && u[i] <= v[j]) ? u[i] : v[j];
            // On [prev, x) the CDFs are i/nu and j/nv.
            sum.Add(Math.Abs((double)i / nu - (double)j / nv) * (x - prev));
            while (i < nu && u[i] <= x) i++;
            while (j < nv && v[j] <= x) j++;
            prev = x;
        }
        return sum.Value;
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
