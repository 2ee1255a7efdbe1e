namespace Kullback.Drift;

/// <summary>A test statistic with its p-value.</summary>
/// <param name="Statistic">The statistic.</param>
/// <param name="PValue">The p-value in [0, 1].</param>
public readonly record struct TestResult(double Statistic, double PValue);

/// <summary>
/// The two-sample Kolmogorov–Smirnov test, two-sided, as <c>scipy.stats.ks_2samp(a, b, method='auto')</c>:
/// D = supₓ |F_a(x) − F_b(x)|; the p-value Pr(D ≥ d) is exact (lattice-path counting, Hodges 1958, with Viehmann's
/// 1 − p recursion) when max(n_a, n_b) ≤ 10,000, otherwise Smirnov's asymptotic
/// <see cref="KolmogorovDistribution.Survival"/>(d, round(n_a n_b/(n_a + n_b))).
/// </summary>
public static class KolmogorovSmirnovTest
{
    /// <summary>Above this larger sample size 'auto' uses the asymptotic p-value (SciPy's MAX_AUTO_N).</summary>
    public const int MaxExactSize = 10000;

    /// <summary>Two-sided two-sample KS test of two samples given sorted ascending.</summary>
    /// <param name="a">First sample, sorted ascending, finite, not empty.</param>
    /// <param name="b">Second sample, sorted ascending, finite, not empty.</param>
    /// <returns>D and its p-value.</returns>
    /// <exception cref="ArgumentException">An empty sample.</exception>
    public static TestResult TwoSampleSorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.IsEmpty) throw new ArgumentException("the first sample is empty", nameof(a));
        if (b.IsEmpty) throw new ArgumentException("the second sample is empty", nameof(b));
        return FromStatistic(Statistic(a, b), a.Length, b.Length);
    }

    /// <summary>
    /// The p-value of a two-sample statistic D of samples of n₁ and n₂ values, as <see cref="TwoSampleSorted"/> forms it:
    /// exact (D first rounded to h/lcm(n₁, n₂)) when max(n₁, n₂) ≤ <see cref="MaxExactSize"/>, else
    /// <see cref="KolmogorovDistribution.Survival"/>(round(n₁n₂/(n₁ + n₂)), D). Pr(D' ≥ D) decreases as D grows.
    /// </summary>
    /// <param name="d">The statistic D in [0, 1].</param>
    /// <param name="n1">First sample size ≥ 1.</param>
    /// <param name="n2">Second sample size ≥ 1.</param>
    /// <returns>D (rounded on the exact path) and its p-value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A sample size &lt; 1.</exception>
    public static TestResult FromStatistic(double d, long n1, long n2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n1, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n2, 1);
        double prob = double.NaN;
        bool exact = Math.Max(n1, n2) <= MaxExactSize;
        if (exact)
        {
            long g = Gcd(n1, n2);
            long lcm = n1 / g * n2;
            long h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
            d = h * 1.0 / lcm;
            if (h == 0) prob = 1.0;
            else prob = n1 == n2 ? ProbOutsideSquare((int)n1, (int)h) : OuterProbInside(n1, n2, g, h);
            if (!(prob >= 0 && prob <= 1)) exact = false;
        }
        if (!exact)
        {
            double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
            double en = m * n / (m + n);
            prob = KolmogorovDistribution.Survival((int)Math.Round(en, MidpointRounding.ToEven), d);
        }
        return new TestResult(d, Math.Clamp(prob, 0, 1));
    }

    /// <summary>D = max over the pooled points of |F_a − F_b|, the right-continuous ECDFs (SciPy's searchsorted side='right').</summary>
    private static double Statistic(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n1 = a.Length, n2 = b.Length, i = 0, j = 0;
        double maxS = double.NegativeInfinity, minS = double.PositiveInfinity;
        while (i < n1 || j < n2)
        {
            double x = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
            while (i < n1 && a[i] <= x) i++;
            while (j < n2 && b[j] <= x) j++;
            double diff = (double)i / n1 - (double)j / n2;
            if (diff > maxS) maxS = diff;
            if (diff < minS) minS = diff;
        }
        double minNeg = Math.Clamp(-minS, 0, 1);
        return minNeg > maxS ? minNeg : maxS;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    /// <summary>Pr(D_{n,n} ≥ h/n) = 2 Σ_k (−1)^{k−1} C(2n, n−kh)/C(2n, n), by SciPy's Horner-like nesting.</summary>
    private static double ProbOutsideSquare(int n, int h)
    {
        double P = 0.0;
        int k = n / h;
        while (k >= 0)
        {
            double p1 = 1.0;
            for (int j = 0; j < h; j++) p1 = (double)(n - (long)k * h - j) * p1 / (n + (long)k * h + j + 1);
            P = p1 * (1.0 - P);
            k--;
        }
        return 2 * P;
    }

    /// <summary>The share of lattice paths (0,0)→(m,n) that leave the band |x/m − y/n| &lt; h/lcm(m,n) (Hodges' inside method, Viehmann's recursion for 1 − p).</summary>
    private static double OuterProbInside(long m, long n, long g, long h)
    {
        if (m < n) (m, n) = (n, m);
        long mg = m / g, ng = n / g;
        long minj = 0, maxj = Math.Min((long)Math.Ceiling((double)h / mg), n + 1);
        long curlen = maxj - minj;
        long lenA = Math.Min(2 * maxj + 2, n + 1);
        var A = new double[lenA];
        Array.Fill(A, 1.0);
        for (long x = minj; x < maxj; x++) A[x] = 0.0;
        for (long i = 1; i <= m; i++)
        {
            long lastminj = minj, lastlen = curlen;
            minj = Math.Max((long)Math.Floor((double)(ng * i - h) / mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = Math.Min((long)Math.Ceiling((double)(ng * i + h) / mg), n + 1);
            if (maxj <= minj) return 1.0;
            double val = minj == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                long j = jj + minj;
                val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
                A[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen)
                for (long x = maxj - minj; x < Math.Min(maxj - minj + (lastlen - curlen), lenA); x++) A[x] = 1;
        }
        return A[maxj - minj - 1];
    }
}
