namespace Kullback.Estimation;

/// <summary>
/// Permutation p-values for a dependence statistic such as an MI estimate: the statistic is recomputed with the rows
/// of one variable shuffled B times (which makes the two independent but keeps both margins), and
/// p = (1 + #{b : T_b ≥ T_obs}) / (B + 1) (Phipson &amp; Smyth 2010: never 0, exact-level under the null).
/// Shuffles are Fisher–Yates from <see cref="Random"/>(seed), so a seed gives the same p-value on every run and CPU.
/// </summary>
public static class PermutationTest
{
    /// <summary>The p-value of <paramref name="observed"/> against <paramref name="permutations"/> shuffles.</summary>
    /// <param name="observed">T_obs, the statistic on the data as paired.</param>
    /// <param name="samples">n, the number of rows shuffled.</param>
    /// <param name="permutations">B ≥ 1.</param>
    /// <param name="seed">Seed of the shuffles.</param>
    /// <param name="statistic">T of the data with row i of the shuffled variable replaced by row permutation[i].</param>
    /// <returns>p in [1/(B + 1), 1].</returns>
    /// <exception cref="ArgumentException">B &lt; 1, n &lt; 1, or a NaN observed statistic.</exception>
    public static double PValue(double observed, int samples, int permutations, int seed, Func<int[], double> statistic)
    {
        if (permutations < 1) throw new ArgumentOutOfRangeException(nameof(permutations), permutations, "permutations must be ≥ 1");
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "samples must be ≥ 1");
        if (double.IsNaN(observed)) throw new ArgumentException("observed statistic is NaN", nameof(observed));
        ArgumentNullException.ThrowIfNull(statistic);
        var rng = new Random(seed);
        var order = new int[samples];
        int atLeast = 0;
        for (int b = 0; b < permutations; b++)
        {
            for (int i = 0; i < samples; i++) order[i] = i;
            for (int i = samples - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            if (statistic(order) >= observed) atLeast++;
        }
        return (1.0 + atLeast) / (permutations + 1.0);
    }
}
