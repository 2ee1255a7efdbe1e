namespace Kullback.Drift;

/// <summary>
/// The k-sample Anderson–Darling test for k = 2, as <c>scipy.stats.anderson_ksamp([x, y], midrank=True)</c> (SciPy 1.10;
/// Scholz–Stephens 1987, eq. 7): over the distinct pooled values z_j with multiplicity l_j and B_j = #{Z &lt; z_j} + l_j/2,
/// and per sample M_ij = #{s_i ≤ z_j} − f_ij/2,
/// A²_akN = (N − 1)/N · Σ_i 1/n_i Σ_j l_j/N · (N M_ij − B_j n_i)² / (B_j (N − B_j) − N l_j/4).
/// The statistic reported is SciPy's standardised A² = (A²_akN − (k − 1))/σ_N; the p-value is SciPy's interpolation:
/// a quadratic least-squares fit of ln(significance) on the critical values for 25 %, 10 %, 5 %, 2.5 %, 1 %, 0.5 %, 0.1 %,
/// evaluated at A², and capped to [0.001, 0.25] outside the table (SciPy warns there).
/// </summary>
public static class AndersonDarling
{
    private static readonly double[] Significance = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
    private static readonly double[] B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
    private static readonly double[] B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
    private static readonly double[] B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

    /// <summary>Two-sample test of sorted samples.</summary>
    /// <param name="x">First sample, sorted ascending, not empty.</param>
    /// <param name="y">Second sample, sorted ascending, not empty.</param>
    /// <returns>The standardised A² and the interpolated p-value in [0.001, 0.25].</returns>
    /// <exception cref="ArgumentException">An empty sample, fewer than 4 values together, or fewer than 2 distinct values.</exception>
    public static TestResult TwoSampleSorted(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.IsEmpty) throw new ArgumentException("the first sample is empty", nameof(x));
        if (y.IsEmpty) throw new ArgumentException("the second sample is empty", nameof(y));
        int nx = x.Length, ny = y.Length, k = 2;
        double n = nx + ny;
        if (n < 4) throw new ArgumentException("the Anderson–Darling test needs at least 4 values in both samples together");
        double sumX = 0, sumY = 0;
        int i = 0, j = 0, distinct = 0;
        long below = 0;
        while (i < nx || j < ny)
        {
            double v = j >= ny || (i < nx && x[i] <= y[j]) ? x[i] : y[j];
            int i0 = i, j0 = j;
            while (i < nx && x[i] == v) i++;
            while (j < ny && y[j] == v) j++;
            double l = i - i0 + (j - j0), fx = i - i0, fy = j - j0;
            double bj = below + l / 2;
            double denominator = bj * (n - bj) - n * l / 4;
            double mx = i - fx / 2, my = j - fy / 2;
            double dx = n * mx - bj * nx, dy = n * my - bj * ny;
            sumX += l / n * dx * dx / denominator;
            sumY += l / n * dy * dy / denominator;
            below += (long)l;
            distinct++;
        }
        if (distinct < 2) throw new ArgumentException("the Anderson–Darling test needs at least 2 distinct values");
        double a2kn = (sumX / nx + sumY / ny) * (n - 1) / n;
        double h = 1.0 / nx + 1.0 / ny;
        // hs_cs = cumsum(1/(N−1), 1/(N−2), …, 1/2); h = hs_cs[-1] + 1; g = Σ hs_cs[t]/(t + 2).
        double cumulative = 0, g = 0;
        int total = nx + ny;
        for (int t = 0; t < total - 2; t++)
        {
            cumulative += 1.0 / (total - 1 - t);
            g += cumulative / (t + 2);
        }
        double hh = cumulative + 1;
        double a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * h;
        double b = (2 * g - 4) * k * k + 8 * hh * k + (2 * g - 14 * hh - 4) * h - 8 * hh + 4 * g - 6;
        double c = (6 * hh + 2 * g - 2) * k * k + (4 * hh - 4 * g + 6) * k + (2 * hh - 6) * h + 4 * hh;
        double d = (2 * hh + 6) * k * k - 4 * hh * k;
        double sigmaSquared = (a * n * n * n + b * n * n + c * n + d) / ((n - 1) * (n - 2) * (n - 3));
        int m = k - 1;
        double a2 = (a2kn - m) / Math.Sqrt(sigmaSquared);
        var critical = new double[Significance.Length];
        for (int s = 0; s < critical.Length; s++) critical[s] = B0[s] + B1[s] / Math.Sqrt(m) + B2[s] / m;
        double p;
        if (a2 < critical.Min()) p = Significance.Max();
        else if (a2 > critical.Max()) p = Significance.Min();
        else
        {
            var logSig = Significance.Select(s => Math.Log(s)).ToArray();
            var fit = MathNet.Numerics.Fit.Polynomial(critical, logSig, 2); // p0 + p1 x + p2 x²
            p = Math.Exp(fit[0] + a2 * (fit[1] + a2 * fit[2]));
        }
        return new TestResult(a2, p);
    }
}
