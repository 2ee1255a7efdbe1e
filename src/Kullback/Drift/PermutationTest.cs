namespace Kullback.Drift;

/// <summary>
/// A pooled permutation test of any two-sample distance T(reference, current), one-sided (large T is evidence of drift),
/// with <c>scipy.stats.permutation_test(..., permutation_type='independent', alternative='greater')</c> semantics:
/// when the C(n_r + n_c, n_r) splits of the pooled sample number at most the permutations asked for, every split is
/// enumerated and p = #{T* ≥ T − γ}/C; otherwise p = (#{T* ≥ T − γ} + 1)/(N + 1) over N random splits (seeded), with
/// SciPy's tie allowance γ = max(1e-14, 1e-14·|T|). Each split costs a sort of both parts and one evaluation of T.
/// </summary>
public static class PermutationTest
{
    /// <summary>The permutation p-value of a distance.</summary>
    /// <param name="reference">The reference sample, sorted ascending.</param>
    /// <param name="current">The current sample, sorted ascending.</param>
    /// <param name="distance">T of two sorted samples (reference first).</param>
    /// <param name="permutations">N ≥ 1: random splits, or the budget below which the test is exact.</param>
    /// <param name="seed">The seed of the random splits (System.Random's seeded generator).</param>
    /// <returns>T of the data and its p-value.</returns>
    /// <exception cref="ArgumentException">An empty sample or N &lt; 1.</exception>
    public static TestResult PValue(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, Func<double[], double[], double> distance,
        int permutations, int seed)
    {
        if (reference.IsEmpty) throw new ArgumentException("the reference sample is empty", nameof(reference));
        if (current.IsEmpty) throw new ArgumentException("the current sample is empty", nameof(current));
        if (permutations < 1) throw new ArgumentException($"permutations = {permutations}: must be ≥ 1", nameof(permutations));
        double observed = distance(reference.ToArray(), current.ToArray());
        double gamma = Math.Max(1e-14, Math.Abs(1e-14 * observed));
        int nr = reference.Length, n = nr + current.Length;
        var pooled = new double[n];
        reference.CopyTo(pooled);
        current.CopyTo(pooled.AsSpan(nr));
        var a = new double[nr];
        var b = new double[n - nr];
        double splits = MathNet.Numerics.SpecialFunctions.Binomial(n, nr);
        long hits = 0;
        if (splits <= permutations)
        {
            // Every choice of nr positions for the reference, in lexicographic order.
            var chosen = Enumerable.Range(0, nr).ToArray();
            long total = 0;
            while (true)
            {
                Split(pooled, chosen, a, b);
                if (distance(a, b) >= observed - gamma) hits++;
                total++;
                int i = nr - 1;
                while (i >= 0 && chosen[i] == n - nr + i) i--;
                if (i < 0) break;
                chosen[i]++;
                for (int j = i + 1; j < nr; j++) chosen[j] = chosen[j - 1] + 1;
            }
            return new TestResult(observed, (double)hits / total);
        }
        var rng = new Random(seed);
        var shuffled = (double[])pooled.Clone();
        for (int r = 0; r < permutations; r++)
        {
            for (int i = 0; i < nr; i++) // partial Fisher–Yates: the first nr positions are a uniform random subset
            {
                int j = rng.Next(i, n);
                (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
            }
            shuffled.AsSpan(0, nr).CopyTo(a);
            shuffled.AsSpan(nr).CopyTo(b);
            SampleSort.Sort(a);
            SampleSort.Sort(b);
            if (distance(a, b) >= observed - gamma) hits++;
        }
        return new TestResult(observed, (hits + 1.0) / (permutations + 1.0));
    }

    private static void Split(double[] pooled, int[] chosen, double[] a, double[] b)
    {
        int ia = 0, ib = 0, c = 0;
        for (int i = 0; i < pooled.Length; i++)
            if (c < chosen.Length && chosen[c] == i) { a[ia++] = pooled[i]; c++; }
            else b[ib++] = pooled[i];
        Array.Sort(a);
        Array.Sort(b);
    }
}
