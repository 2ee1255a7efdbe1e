namespace Kullback.Cli.Common;

/// <summary>
/// Upper bounds of counts typed on the command line, checked before any work so that a slip of the finger (an extra
/// zero, or nine) is a clear exit-2 error instead of hours of work or gigabytes of memory. Each is far above what the
/// statistic needs; docs/cli.md lists them.
/// </summary>
public static class Limits
{
    /// <summary>Bootstrap resamples (<c>compare</c>, <c>calibrate --bootstrap</c>): 10⁶; the percentile interval keeps one value per resample (8 MB).</summary>
    public const int Bootstrap = 1_000_000;

    /// <summary>Monte Carlo draws of <c>kl --monte-carlo</c>: 10⁸; the estimate streams (memory of one draw), its standard error falls as 1/√n.</summary>
    public const int MonteCarloSamples = 100_000_000;

    /// <summary>Permutations of <c>mi --permutations</c>: 10⁶; the p-value's resolution is 1/(N + 1).</summary>
    public const int Permutations = 1_000_000;

    /// <summary>Models of <c>train --ensemble</c>: 1000 (deep ensembles use 5–10); memory is checked against the machine too.</summary>
    public const int Ensemble = 1000;

    /// <summary>Adam steps of <c>vi --iterations</c>: 10⁷; the ELBO trace keeps one value per step (80 MB).</summary>
    public const int ViIterations = 10_000_000;

    /// <summary>Reparameterisation draws per step of <c>vi --samples</c>: 10⁶.</summary>
    public const int ViSamples = 1_000_000;

    /// <summary>Confidence bins of <c>calibrate --bins</c>: 10⁶, the histogram cap of <c>compare</c>.</summary>
    public const int CalibrationBins = Kullback.Estimation.Histograms.MaxBins;

    /// <summary>Timed repetitions of <c>bench losses --reps</c>: 10⁴ (the median settles long before).</summary>
    public const int BenchRepetitions = 10_000;

    /// <summary>Throws a <see cref="UsageException"/> naming <paramref name="option"/> when <paramref name="value"/> &gt; <paramref name="limit"/>.</summary>
    public static void AtMost(string option, long value, long limit, string why)
    {
        if (value > limit) throw new UsageException($"{option} {value}: at most {limit} ({why})");
    }
}
