using MathNet.Numerics;

namespace Kullback.Drift;

/// <summary>Further two-sample comparisons of numeric samples.</summary>
public static class NumericTests
{
    /// <summary>
    /// The energy distance √2 · √(∫ (U(x) − V(x))² dx) of two sorted samples, U and V the empirical CDFs
    /// (as <c>scipy.stats.energy_distance(u, v)</c>, unweighted), compensated summation.
    /// </summary>
    /// <param name="u">First sample, sorted ascending, finite, not empty.</param>
    /// <param name="v">Second sample, sorted ascending, finite, not empty.</param>
    /// <returns>The energy distance ≥ 0.</returns>
    /// <exception cref="ArgumentException">An empty sample.</exception>
    public static double EnergyDistanceSorted(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        if (u.IsEmpty) throw new ArgumentException("the first sample is empty", nameof(u));
        if (v.IsEmpty) throw new ArgumentException("the second sample is empty", nameof(v));
        return Math.Sqrt(2.0) * Math.Sqrt(CdfDifferenceIntegral.Of<CdfDifferenceIntegral.SquaredDifference>(u, default, u.Length, v));
    }

    /// <summary>
    /// Welch's two-sample t test, two-sided (<c>scipy.stats.ttest_ind(a, b, equal_var=False)</c>):
    /// t = (ā − b̄)/√(s_a²/n_a + s_b²/n_b) with sample variances (ddof 1), Welch–Satterthwaite degrees of freedom
    /// ν = (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b − 1)), p = I_{ν/(ν+t²)}(ν/2, ½).
    /// </summary>
    /// <param name="a">First sample, at least 2 values.</param>
    /// <param name="b">Second sample, at least 2 values.</param>
    /// <returns>t and its two-sided p-value (NaN when both variances are 0, as SciPy).</returns>
    /// <exception cref="ArgumentException">A sample with fewer than 2 values.</exception>
    public static TestResult WelchT(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length < 2) throw new ArgumentException("the t test needs at least 2 values in the first sample", nameof(a));
        if (b.Length < 2) throw new ArgumentException("the t test needs at least 2 values in the second sample", nameof(b));
        var (ma, va) = MeanVariance(a);
        var (mb, vb) = MeanVariance(b);
        return WelchTFromMoments(a.Length, ma, va, b.Length, mb, vb);
    }

    /// <summary>Welch's t test (as <see cref="WelchT"/>) from each sample's size, mean and sample variance (ddof 1).</summary>
    /// <param name="na">First sample size ≥ 2.</param>
    /// <param name="ma">First sample mean.</param>
    /// <param name="va">First sample variance Σ(x − x̄)²/(n − 1).</param>
    /// <param name="nb">Second sample size ≥ 2.</param>
    /// <param name="mb">Second sample mean.</param>
    /// <param name="vb">Second sample variance.</param>
    /// <returns>t and its two-sided p-value (NaN when both variances are 0, as SciPy).</returns>
    /// <exception cref="ArgumentException">A sample size &lt; 2.</exception>
    public static TestResult WelchTFromMoments(long na, double ma, double va, long nb, double mb, double vb)
    {
        if (na < 2) throw new ArgumentException("the t test needs at least 2 values in the first sample", nameof(na));
        if (nb < 2) throw new ArgumentException("the t test needs at least 2 values in the second sample", nameof(nb));
        double sa = va / na, sb = vb / nb, se2 = sa + sb;
        double t = (ma - mb) / Math.Sqrt(se2);
        double df = se2 * se2 / (sa * sa / (na - 1) + sb * sb / (nb - 1));
        if (double.IsNaN(t)) return new TestResult(double.NaN, double.NaN);
        double p = double.IsInfinity(t) ? 0.0 : SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + t * t));
        return new TestResult(t, Math.Clamp(p, 0, 1));
    }

    internal static (double Mean, double Variance) MeanVariance(ReadOnlySpan<double> x)
    {
        double mean = Kernels.CompensatedSum.Of(x) / x.Length;
        return (mean, Kernels.CompensatedSum.OfSquaredDeviations(x, mean) / (x.Length - 1));
    }
}
