using MathNet.Numerics;

namespace Kullback.Drift;

/// <summary>
/// The Mann–Whitney U test, two-sided, as <c>scipy.stats.mannwhitneyu(a, b, method='auto')</c>: U₁ = R₁ − n₁(n₁+1)/2
/// from mid-ranks of the pooled sample; with U = max(U₁, n₁n₂ − U₁), p = 2·Pr(U ≥ u) — exact (the Gaussian-binomial
/// distribution of U) when min(n₁, n₂) ≤ 8, there are no ties and the work bound <see cref="MaxExactCost"/> holds
/// (SciPy has no such bound: a sample of ≤ 8 values against one of more than about 3,500 gets the normal p here), otherwise normal with the tie correction
/// σ² = n₁n₂/12 · ((n + 1) − Σ(t³ − t)/(n(n − 1))) and continuity correction ½.
/// </summary>
public static class MannWhitney
{
    /// <summary>Two-sided test of two samples given sorted ascending.</summary>
    /// <param name="a">First sample, sorted, not empty.</param>
    /// <param name="b">Second sample, sorted, not empty.</param>
    /// <returns>U₁ (of the first sample) and the p-value.</returns>
    /// <exception cref="ArgumentException">An empty sample.</exception>
    public static TestResult TwoSampleSorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.IsEmpty) throw new ArgumentException("the first sample is empty", nameof(a));
        if (b.IsEmpty) throw new ArgumentException("the second sample is empty", nameof(b));
        long n1 = a.Length, n2 = b.Length, n = n1 + n2;
        // Merge: mid-rank of each tie group, R1 = Σ ranks of a's members, tie term Σ(t³ − t).
        int i = 0, j = 0;
        long position = 0;
        double r1 = 0, tieTerm = 0;
        bool ties = false;
        while (i < n1 || j < n2)
        {
            double x = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
            long ia = 0, ib = 0;
            while (i < n1 && a[i] == x) { i++; ia++; }
            while (j < n2 && b[j] == x) { j++; ib++; }
            long t = ia + ib;
            double midRank = position + (t + 1) / 2.0;
            r1 += ia * midRank;
            if (t > 1) { ties = true; tieTerm += (double)t * t * t - t; }
            position += t;
        }
        double u1 = r1 - n1 * (n1 + 1) / 2.0;
        double u = Math.Max(u1, n1 * n2 - u1);
        double p;
        if ((n1 <= 8 || n2 <= 8) && !ties && ExactCost(Math.Min(n1, n2), n) <= MaxExactCost) p = 2 * ExactSurvival((long)u, (int)Math.Min(n1, n2), (int)Math.Max(n1, n2));
        else
        {
            double s = Math.Sqrt(n1 * n2 / 12.0 * ((n + 1) - tieTerm / (n * (n - 1.0))));
            double z = (u - n1 * n2 / 2.0 - 0.5) / s;
            p = 2 * 0.5 * SpecialFunctions.Erfc(z / Constants.Sqrt2);
        }
        return new TestResult(u1, Math.Clamp(p, 0, 1));
    }

    /// <summary>Work bound of the exact distribution (≈ small² n² / 4 additions); beyond it the normal approximation is used.</summary>
    public const double MaxExactCost = 2e8;

    private static double ExactCost(long small, long n) => small * small * (double)n * n / 4;

    /// <summary>Pr(U ≥ k) for sizes (small, large): the coefficients of the Gaussian binomial [small + large choose small]_q
    /// by q-Pascal's rule [a, b] = [a − 1, b − 1] + q^b [a − 1, b] (additions only), divided by C(small + large, small).</summary>
    private static double ExactSurvival(long k, int small, int large)
    {
        // poly[b] = coefficients of [a choose b]_q for the current a, degree b(a − b).
        var poly = new double[small + 1][];
        poly[0] = [1.0];
        for (int b = 1; b <= small; b++) poly[b] = [0.0];
        for (int a = 1; a <= small + large; a++)
        {
            for (int b = Math.Min(a, small); b >= 1; b--)
            {
                int degree = b * (a - b);
                var next = new double[degree + 1];
                var lower = poly[b - 1]; // [a − 1 choose b − 1], degree (b − 1)(a − b)
                for (int d = 0; d < lower.Length && d <= degree; d++) next[d] += lower[d];
                if (a - 1 >= b)
                {
                    var same = poly[b]; // [a − 1 choose b], degree b(a − 1 − b), shifted by b
                    for (int d = 0; d < same.Length && d + b <= degree; d++) next[d + b] += same[d];
                }
                poly[b] = next;
            }
        }
        var coefficients = poly[small];
        double total = 0, tail = 0;
        for (int d = 0; d < coefficients.Length; d++)
        {
            total += coefficients[d];
            if (d >= k) tail += coefficients[d];
        }
        return tail / total;
    }
}
