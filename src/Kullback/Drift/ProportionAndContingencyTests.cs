using MathNet.Numerics;

namespace Kullback.Drift;

/// <summary>Tests on category counts of a reference and a current sample.</summary>
public static class CategoryTests
{
    /// <summary>
    /// Pooled two-proportion Z test, two-sided: p̂ = (x_r + x_c)/(n_r + n_c), z = (x_r/n_r − x_c/n_c) / √(p̂(1 − p̂)(1/n_r + 1/n_c)),
    /// p = 2·Φ(−|z|) = erfc(|z|/√2). When the standard error is 0 the result is z = 0, p = 1 (as Evidently).
    /// </summary>
    /// <param name="successesReference">x_r: reference count of the first category.</param>
    /// <param name="sizeReference">n_r ≥ 1.</param>
    /// <param name="successesCurrent">x_c: current count of the first category.</param>
    /// <param name="sizeCurrent">n_c ≥ 1.</param>
    /// <returns>z and its two-sided p-value.</returns>
    public static TestResult TwoProportionZ(long successesReference, long sizeReference, long successesCurrent, long sizeCurrent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sizeReference, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sizeCurrent, 1);
        double nr = sizeReference, nc = sizeCurrent;
        double pooled = (successesReference + successesCurrent) / (nr + nc);
        double se = Math.Sqrt(pooled * (1 - pooled) * (1 / nr + 1 / nc));
        if (se == 0) return new TestResult(0.0, 1.0);
        double z = (successesReference / nr - successesCurrent / nc) / se;
        return new TestResult(z, SpecialFunctions.Erfc(Math.Abs(z) / Constants.Sqrt2));
    }

    /// <summary>
    /// Pearson's χ² test of the 2×K contingency table [reference; current] without continuity correction, as
    /// <c>scipy.stats.chi2_contingency(table, correction=False)</c>: E_ij = row_i·col_j/N, χ² = Σ (O_ij − E_ij)²/E_ij,
    /// p = Q((K − 1)/2, χ²/2) (the χ² survival function with K − 1 degrees of freedom). K = 1 gives χ² = 0, p = 1.
    /// </summary>
    /// <param name="reference">Reference counts per category (every category's total count must be &gt; 0).</param>
    /// <param name="current">Current counts over the same categories.</param>
    /// <returns>χ² and its p-value.</returns>
    /// <exception cref="ArgumentException">Lengths differ, a row or a category total is 0.</exception>
    public static TestResult ChiSquareContingency(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        if (reference.Length != current.Length) throw new ArgumentException($"reference has {reference.Length} categories, current {current.Length}");
        int k = reference.Length;
        if (k == 0) throw new ArgumentException("no categories", nameof(reference));
        double r0 = 0, r1 = 0;
        for (int j = 0; j < k; j++)
        {
            if (reference[j] + current[j] <= 0) throw new ArgumentException($"category {j} has no observations", nameof(reference));
            r0 += reference[j];
            r1 += current[j];
        }
        if (r0 == 0) throw new ArgumentException("the reference row is empty", nameof(reference));
        if (r1 == 0) throw new ArgumentException("the current row is empty", nameof(current));
        if (k == 1) return new TestResult(0.0, 1.0);
        double total = r0 + r1, chi2 = 0;
        for (int j = 0; j < k; j++)
        {
            double col = reference[j] + current[j];
            double e0 = r0 * col / total, e1 = r1 * col / total;
            double d0 = reference[j] - e0, d1 = current[j] - e1;
            chi2 += d0 * d0 / e0 + d1 * d1 / e1;
        }
        return new TestResult(chi2, ChiSquareSurvival(chi2, k - 1));
    }

    /// <summary>Pr(χ²_ν ≥ x) = Q(ν/2, x/2), the regularized upper incomplete gamma function.</summary>
    /// <param name="x">x ≥ 0.</param>
    /// <param name="degreesOfFreedom">ν ≥ 1.</param>
    /// <returns>The survival probability.</returns>
    public static double ChiSquareSurvival(double x, int degreesOfFreedom) =>
        x <= 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, x / 2.0);
}
