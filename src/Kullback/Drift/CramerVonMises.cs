using MathNet.Numerics;

namespace Kullback.Drift;

/// <summary>
/// The two-sample Cramér–von Mises test, as <c>scipy.stats.cramervonmises_2samp(x, y, method='auto')</c> (SciPy 1.10):
/// from mid-ranks r_i of the sorted x and s_j of the sorted y in the pooled sample,
/// U = n_x Σ (r_i − i)² + n_y Σ (s_j − j)², T = U/(k N) − (4k − 1)/(6N) with k = n_x n_y, N = n_x + n_y (Anderson 1962).
/// p-value: exact (the lattice-path distribution of U, Xiao–Gordon–Yakovlev 2006) when max(n_x, n_y) ≤ 20; otherwise
/// T is standardised, t_n = 1/6 + (T − E T)/√(45 Var T), and p = 1 − C∞(t_n) with C∞ the limiting one-sample
/// Cramér–von Mises CDF (Csörgő–Faraway 1996, eq. 1.2: a series of K_{1/4} Bessel terms summed until a term is &lt; 1e-7).
/// </summary>
public static class CramerVonMises
{
    /// <summary>Samples with at most this many values (both) get the exact p-value, as SciPy's <c>method='auto'</c>.</summary>
    public const int MaxExactSize = 20;

    /// <summary>Two-sample test of sorted samples.</summary>
    /// <param name="x">First sample, sorted ascending, at least 2 values.</param>
    /// <param name="y">Second sample, sorted ascending, at least 2 values.</param>
    /// <returns>T and its p-value.</returns>
    /// <exception cref="ArgumentException">A sample with fewer than 2 values.</exception>
    public static TestResult TwoSampleSorted(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length < 2) throw new ArgumentException("the Cramér–von Mises test needs at least 2 values in the first sample", nameof(x));
        if (y.Length < 2) throw new ArgumentException("the Cramér–von Mises test needs at least 2 values in the second sample", nameof(y));
        int nx = x.Length, ny = y.Length;
        // Merge over tie groups: the group occupying pooled positions p+1 … p+L has mid-rank p + (L + 1)/2.
        double ux = 0, uy = 0;
        int i = 0, j = 0;
        long position = 0;
        while (i < nx || j < ny)
        {
            double v = j >= ny || (i < nx && x[i] <= y[j]) ? x[i] : y[j];
            int i0 = i, j0 = j;
            while (i < nx && x[i] == v) i++;
            while (j < ny && y[j] == v) j++;
            long size = i - i0 + (j - j0);
            double rank = position + (size + 1) / 2.0;
            for (int a = i0; a < i; a++) { double d = rank - (a + 1); ux += d * d; }
            for (int b = j0; b < j; b++) { double d = rank - (b + 1); uy += d * d; }
            position += size;
        }
        double u = nx * ux + ny * uy;
        double k = (double)nx * ny, n = nx + ny;
        double t = u / (k * n) - (4 * k - 1) / (6 * n);
        if (Math.Max(nx, ny) <= MaxExactSize) return new TestResult(t, ExactPValue(u, nx, ny));
        double et = (1 + 1 / n) / 6;
        double vt = (n + 1) * (4 * k * n - 3 * ((double)nx * nx + (double)ny * ny) - 2 * k) / (45 * n * n * 4 * k);
        double tn = 1.0 / 6 + (t - et) / Math.Sqrt(45 * vt);
        double p = tn < 0.003 ? 1.0 : Math.Max(0, 1 - LimitingCdf(tn));
        return new TestResult(t, p);
    }

    /// <summary>
    /// The limiting CDF of the one-sample Cramér–von Mises statistic (Csörgő–Faraway 1996, eq. 1.2):
    /// C∞(x) = Σ_k Γ(k + ½)/(Γ(k + 1) π^{3/2} √x) · √(4k + 1) · e^{−q} K_{1/4}(q), q = (4k + 1)²/(16x), summed until a
    /// term is &lt; 1e-7 (as SciPy's <c>_cdf_cvm_inf</c>).
    /// </summary>
    /// <param name="x">x &gt; 0.</param>
    /// <returns>C∞(x).</returns>
    public static double LimitingCdf(double x)
    {
        double total = 0;
        for (int k = 0; ; k++)
        {
            double scale = Math.Exp(SpecialFunctions.GammaLn(k + 0.5) - SpecialFunctions.GammaLn(k + 1)) / (Math.Pow(Math.PI, 1.5) * Math.Sqrt(x));
            double y = 4 * k + 1, q = y * y / (16 * x);
            double term = scale * Math.Sqrt(y) * Math.Exp(-q) * SpecialFunctions.BesselK(0.25, q);
            total += term;
            if (!(Math.Abs(term) >= 1e-7)) return total;
        }
    }

    /// <summary>
    /// Pr(U' ≥ U) over the C(m + n, m) equally likely orderings (SciPy's <c>_pval_cvm_2samp_exact</c>): with
    /// L = lcm(m, n), a = L/m, b = L/n, each lattice path from (0,0) to (n, m) scores Σ (a v − b u)² over its points,
    /// and the observed U corresponds to ζ = ⌊L² (m + n)(6U − mn(4mn − 1)) / (6 m² n²)⌋.
    /// </summary>
    private static double ExactPValue(double s, int m, int n)
    {
        long lcm = (long)m / Gcd(m, n) * n, a = lcm / m, b = lcm / n, mn = (long)m * n;
        double zeta = FloorDivide((double)(lcm * lcm * (m + n)) * (6 * s - mn * (4 * mn - 1)), 6.0 * mn * mn);
        // gs[v]: value → number of paths reaching (u, v); rows u = 0 … n, columns v = 0 … m.
        var gs = new Dictionary<long, long>[m + 1];
        gs[0] = new() { [0] = 1 };
        for (int v = 1; v <= m; v++) gs[v] = [];
        for (int u = 0; u <= n; u++)
        {
            var next = new Dictionary<long, long>[m + 1];
            Dictionary<long, long> tmp = [];
            for (int v = 0; v <= m; v++)
            {
                var merged = new Dictionary<long, long>(tmp.Count + gs[v].Count);
                long add = (a * v - b * u) * (a * v - b * u);
                foreach (var (value, count) in tmp) merged[value + add] = count;
                foreach (var (value, count) in gs[v])
                {
                    merged.TryGetValue(value + add, out long c);
                    merged[value + add] = c + count;
                }
                next[v] = tmp = merged;
            }
            gs = next;
        }
        long hits = 0;
        foreach (var (value, count) in gs[m])
            if (value >= zeta) hits += count;
        return hits / Combinatorics.Combinations(m + n, m);
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    /// <summary>Python's float <c>//</c>: ⌊x/y⌋ of the exact quotient (CPython's <c>float_floor_div</c>).</summary>
    private static double FloorDivide(double x, double y)
    {
        double mod = x % y, div = (x - mod) / y;
        if (mod != 0 && (y < 0) != (mod < 0)) div -= 1;
        double floor = Math.Floor(div);
        if (div - floor > 0.5) floor += 1;
        return floor;
    }
}
