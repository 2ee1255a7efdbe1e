namespace Kullback.Estimation;

/// <summary>
/// The Chao–Shen coverage-adjusted entropy estimator (Chao &amp; Shen 2003, Environ. Ecol. Stat. 10, 429–443, eq. 2.6):
/// Ĥ_CS = −Σᵢ Ĉp̂ᵢ log(Ĉp̂ᵢ) / (1 − (1 − Ĉp̂ᵢ)^N), with p̂ᵢ = cᵢ/N, the Good–Turing sample coverage
/// Ĉ = 1 − f₁/N and f₁ the number of categories seen exactly once (f₁ = N is replaced by N − 1 so that Ĉ &gt; 0,
/// as in R's <c>entropy::entropy.ChaoShen</c>). It corrects the plug-in's downward bias from unseen categories
/// (Horvitz–Thompson weighting by the probability 1 − (1 − Ĉp̂ᵢ)^N that a category is seen at all). Nats.
/// </summary>
public static class ChaoShenEntropy
{
    /// <summary>Ĥ_CS from category counts (zero counts are unseen categories and add nothing).</summary>
    /// <param name="counts">Counts cᵢ: non-negative integers, N = Σ cᵢ ≥ 1.</param>
    /// <returns>Ĥ_CS in nats (0 for a single observed category with N ≥ 2).</returns>
    /// <exception cref="ArgumentException">A count that is negative, non-integer or non-finite (named by index), or N = 0.</exception>
    public static double Of(ReadOnlySpan<double> counts)
    {
        double n = 0, singletons = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            double c = counts[i];
            if (!(c >= 0) || double.IsInfinity(c) || c != Math.Floor(c))
                throw new ArgumentException($"counts[{i}] = {c}: counts must be non-negative integers", nameof(counts));
            n += c;
            if (c == 1) singletons++;
        }
        if (n == 0) throw new ArgumentException("counts are all zero: no observations", nameof(counts));
        if (singletons == n) singletons = n - 1;
        double coverage = 1 - singletons / n;
        var sum = new Kernels.CompensatedSum();
        foreach (var c in counts)
        {
            if (c == 0) continue;
            double pa = coverage * c / n;
            double seen = -double.ExpM1(n * double.LogP1(-pa)); // 1 − (1 − pa)^N without cancellation
            sum.Add(-pa * Math.Log(pa) / seen);
        }
        return sum.Value;
    }
}
