namespace Kullback.Drift;

/// <summary>
/// ∫ f(U(x) − V(x)) dx over the pooled sorted points of two samples, U and V their empirical CDFs (right-continuous step
/// functions), compensated: the one loop behind W₁ (f = |d|), the energy distance (f = d²) and their sketch forms. On
/// [x₍ₖ₋₁₎, x₍ₖ₎) both CDFs are constant, so the integral is the compensated sum of f(U − V)·(x₍ₖ₎ − x₍ₖ₋₁₎).
/// </summary>
internal static class CdfDifferenceIntegral
{
    /// <summary>The integrand f(d) of a CDF difference d = U(x) − V(x).</summary>
    internal interface IIntegrand
    {
        /// <summary>f(d).</summary>
        static abstract double Of(double difference);
    }

    /// <summary>f(d) = |d|: W₁ (scipy.stats.wasserstein_distance).</summary>
    internal readonly struct AbsoluteDifference : IIntegrand
    {
        /// <inheritdoc/>
        public static double Of(double difference) => Math.Abs(difference);
    }

    /// <summary>f(d) = d²: half the squared energy distance (scipy.stats.energy_distance is √(2·∫d²)).</summary>
    internal readonly struct SquaredDifference : IIntegrand
    {
        /// <inheritdoc/>
        public static double Of(double difference) => difference * difference;
    }

    /// <summary>
    /// ∫ f(U − V) dx. U: the sorted values <paramref name="u"/>; U(x) = (number of u ≤ x)/|u| when
    /// <paramref name="uCumulative"/> is empty, else the weighted form cum[i − 1]/<paramref name="uTotal"/> (cum[i] the
    /// weight of u[0..i], a sketch's items). V: the sorted values <paramref name="v"/> with unit weights.
    /// </summary>
    /// <param name="u">First sample, sorted ascending, finite, not empty.</param>
    /// <param name="uCumulative">Empty, or the cumulative weights of <paramref name="u"/> (same length).</param>
    /// <param name="uTotal">|u| (unweighted) or the total weight.</param>
    /// <param name="v">Second sample, sorted ascending, finite, not empty.</param>
    public static double Of<TF>(ReadOnlySpan<double> u, ReadOnlySpan<long> uCumulative, double uTotal, ReadOnlySpan<double> v)
        where TF : IIntegrand
    {
        int nu = u.Length, nv = v.Length, i = 0, j = 0;
        bool weighted = !uCumulative.IsEmpty;
        double prev = Math.Min(u[0], v[0]);
        var sum = new Kernels.CompensatedSum();
        while (i < nu || j < nv)
        {
            double x = j >= nv || (i < nu && u[i] <= v[j]) ? u[i] : v[j];
            // On [prev, x) the CDFs are U (i values of u below x) and j/nv.
            double cdfU = weighted ? (i == 0 ? 0 : uCumulative[i - 1] / uTotal) : i / uTotal;
            sum.Add(TF.Of(cdfU - (double)j / nv) * (x - prev));
            while (i < nu && u[i] <= x) i++;
            while (j < nv && v[j] <= x) j++;
            prev = x;
        }
        return sum.Value;
    }
}
