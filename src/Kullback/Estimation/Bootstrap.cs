using Kullback.Kernels;

namespace Kullback.Estimation;

/// <summary>A point estimate with a two-sided confidence interval [Lower, Upper] at level Confidence.</summary>
/// <param name="Estimate">The statistic on the original samples.</param>
/// <param name="Lower">Lower end: the (1 − c)/2 quantile of the bootstrap replicates.</param>
/// <param name="Upper">Upper end: the (1 + c)/2 quantile of the bootstrap replicates.</param>
/// <param name="Confidence">Nominal coverage c, e.g. 0.95.</param>
/// <param name="Resamples">Number of bootstrap replicates B.</param>
public readonly record struct ConfidenceInterval(double Estimate, double Lower, double Upper, double Confidence, int Resamples);

/// <summary>
/// Seeded percentile bootstrap (Efron 1979; Efron &amp; Tibshirani 1993, §13.3) for statistics of one or two samples:
/// each replicate draws n_A indices uniformly with replacement from A and, independently, n_B from B, and
/// evaluates the statistic; the interval is [θ*_{(1−c)/2}, θ*_{(1+c)/2}], quantiles by linear interpolation
/// between order statistics (numpy's default). Replicate r uses its own generator seeded from (seed, r), so the
/// result does not depend on the number of threads (the replicates run through the one parallel harness,
/// <c>Kernels/RowPartition</c>, each written to its own slot).
/// </summary>
public static class Bootstrap
{
    /// <summary>Percentile interval of <paramref name="statistic"/>(indicesA, indicesB).</summary>
    /// <param name="sizeA">n_A ≥ 1, the size of sample A.</param>
    /// <param name="sizeB">n_B ≥ 0, the size of sample B (0 for a one-sample statistic: indicesB is then empty).</param>
    /// <param name="statistic">The statistic of a resample given as index arrays into A and B; must be thread-safe.</param>
    /// <param name="resamples">B ≥ 2 replicates.</param>
    /// <param name="confidence">c in (0, 1).</param>
    /// <param name="seed">Seed of the resampling.</param>
    /// <param name="threads">T ≥ 1 runs the replicates on up to T threads (1 = the calling thread), −1 (the default) on every
    /// processor; the interval is the same bits for any T.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size, count, level or thread count outside its range.</exception>
    /// <exception cref="ArithmeticException">A replicate was NaN.</exception>
    public static ConfidenceInterval Percentile(int sizeA, int sizeB, Func<int[], int[], double> statistic, int resamples,
        double confidence = 0.95, int seed = 0, int threads = -1)
    {
        int workers = RowPartition.ResolveThreads(threads, nameof(threads));
        if (sizeA < 1) throw new ArgumentOutOfRangeException(nameof(sizeA), sizeA, "sample A must hold at least one value");
        if (sizeB < 0) throw new ArgumentOutOfRangeException(nameof(sizeB), sizeB, "sample B size must be ≥ 0");
        if (resamples < 2) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "resamples must be ≥ 2");
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must be in (0, 1)");
        var identityA = Enumerable.Range(0, sizeA).ToArray();
        var identityB = Enumerable.Range(0, sizeB).ToArray();
        double estimate = statistic(identityA, identityB);
        var replicates = new double[resamples];
        RowPartition.RunWithScratch(resamples, workers, () => (new int[sizeA], new int[sizeB]), (r, buffers) =>
        {
            var rng = new Random(unchecked(seed * 1_000_003 + r * 7919 + 17));
            for (int i = 0; i < sizeA; i++) buffers.Item1[i] = rng.Next(sizeA);
            for (int i = 0; i < sizeB; i++) buffers.Item2[i] = rng.Next(sizeB);
            replicates[r] = statistic(buffers.Item1, buffers.Item2);
        });
        for (int r = 0; r < resamples; r++)
            if (double.IsNaN(replicates[r])) throw new ArithmeticException($"bootstrap replicate {r} of the statistic is NaN");
        Array.Sort(replicates);
        return new ConfidenceInterval(estimate, Quantile(replicates, (1 - confidence) / 2),
            Quantile(replicates, (1 + confidence) / 2), confidence, resamples);
    }

    /// <summary>
    /// The q-quantile of sorted values by linear interpolation between order statistics (numpy's default,
    /// Hyndman &amp; Fan type 7): position h = (n − 1)·q, value x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
    /// Between a finite value and +∞ (or −∞ and a finite value) the result is that infinity, never NaN: every
    /// quantile at or above the first +∞ is +∞ (numpy returns NaN there; docs/compare.md).
    /// </summary>
    /// <param name="sorted">Values in ascending order, n ≥ 1.</param>
    /// <param name="q">Probability in [0, 1].</param>
    /// <exception cref="ArgumentException">Empty input or q outside [0, 1].</exception>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.IsEmpty) throw new ArgumentException("no values to take a quantile of", nameof(sorted));
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "q must be in [0, 1]");
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        double t = h - lo;
        double a = sorted[lo], b = sorted[hi];
        if (a == b || t == 0) return a;
        // An infinite end point: the interpolant between x and ±∞ is ±∞ for every t > 0 (numpy gives NaN from ∞ − ∞).
        if (double.IsPositiveInfinity(b)) return b;
        if (double.IsNegativeInfinity(a)) return a;
        // numpy's _lerp: a + (b − a)·t, evaluated from the nearer end for t ≥ ½. Where b − a overflows (finite ends near
        // ±1.8e308; numpy gives ±∞ there) the weighted mean a·(1 − t) + b·t, which cannot.
        double d = b - a;
        if (!double.IsFinite(d)) return a * (1 - t) + b * t;
        return t >= 0.5 ? b - d * (1 - t) : a + d * t;
    }
}
