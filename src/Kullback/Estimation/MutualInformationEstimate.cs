using MathNet.Numerics;

namespace Kullback.Estimation;

/// <summary>
/// A mutual-information estimate Î = (1/n) Σᵢ tᵢ built from n per-sample terms tᵢ (the kNN estimators' form), in nats,
/// with the naive standard error s_t / √n of that mean (s_t the sample standard deviation of the terms). The terms of
/// a kNN estimator are weakly dependent, so the standard error is a guide, not an exact sampling error.
/// </summary>
/// <param name="Value">Î in nats. Not clipped: it can be slightly below 0 for independent variables.</param>
/// <param name="StandardError">s_t / √n (0 when n = 1).</param>
/// <param name="Samples">n, the samples that entered the mean.</param>
public readonly record struct MutualInformationEstimate(double Value, double StandardError, int Samples)
{
    /// <summary>Î and its standard error from the per-sample terms (compensated sums).</summary>
    internal static MutualInformationEstimate FromTerms(ReadOnlySpan<double> terms)
    {
        int n = terms.Length;
        var sum = new Kernels.CompensatedSum();
        foreach (var t in terms) sum.Add(t);
        double mean = sum.Value / n;
        var squares = new Kernels.CompensatedSum();
        foreach (var t in terms) squares.Add((t - mean) * (t - mean));
        double se = n > 1 ? Math.Sqrt(squares.Value / (n - 1) / n) : 0;
        return new MutualInformationEstimate(mean, se, n);
    }
}

/// <summary>ψ(m) for integer m ≥ 1, each value computed once by Math.NET's DiGamma and kept (counts repeat).</summary>
internal sealed class DigammaTable(int max)
{
    private readonly double[] _values = CreateTable(max);

    // One table for the process, replaced by a larger one when asked for more: every estimate of a feature ranking
    // (and every permutation) reads the same ψ values. Threads may compute an entry at once; they write the same
    // double, and a reader sees NaN (and computes it) or the value.
    private static DigammaTable? _shared;

    /// <summary>A table covering 1 … <paramref name="max"/> (or more), shared by all callers.</summary>
    public static DigammaTable AtLeast(int max)
    {
        var table = _shared;
        if (table is null || table._values.Length <= max) _shared = table = new DigammaTable(Math.Max(max, table?._values.Length ?? 0));
        return table;
    }

    private static double[] CreateTable(int max)
    {
        var t = new double[max + 1];
        Array.Fill(t, double.NaN);
        return t;
    }

    /// <summary>ψ(m), 1 ≤ m ≤ max.</summary>
    public double this[int m]
    {
        get
        {
            double v = _values[m];
            if (double.IsNaN(v)) _values[m] = v = SpecialFunctions.DiGamma(m);
            return v;
        }
    }
}
