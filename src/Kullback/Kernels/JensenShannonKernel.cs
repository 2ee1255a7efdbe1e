namespace Kullback.Kernels;

/// <summary>
/// JS(P,Q) = ½ D(P‖M) + ½ D(Q‖M), M = (P + Q)/2, in nats: Σ_i ½ p_i log(2p_i/(p_i+q_i)) + ½ q_i log(2q_i/(p_i+q_i)).
/// Each log is an accurate ratio with the rounding error of p_i + q_i corrected, so JS is accurate when P ≈ Q.
/// Always finite; clamped to [0, log 2].
/// </summary>
internal readonly struct JensenShannonKernel : IPairKernel
{
    public static double Nats<TP, TQ>(TP p, TQ q, int n)
        where TP : ICategoricalReader, allows ref struct
        where TQ : ICategoricalReader, allows ref struct
    {
        var sum = new CompensatedSum();
        for (int i = 0; i < n; i++)
        {
            double pi = p.Probability(i), qi = q.Probability(i);
            sum.Add(HalfTerm(pi, qi, out double other));
            sum.Add(other);
        }
        return Clamp(sum.Value);
    }

    public static double Nats(ReadOnlySpan<double> p, ReadOnlySpan<double> q) => Nats(new ProbabilityReader<double>(p, 1.0), new ProbabilityReader<double>(q, 1.0), p.Length);

    public static double Nats(ReadOnlySpan<float> p, ReadOnlySpan<float> q) => Nats(new ProbabilityReader<float>(p, 1.0), new ProbabilityReader<float>(q, 1.0), p.Length);

    /// <summary>JS clamped to its range [0, ln 2].</summary>
    public static double Clamp(double nats) => Math.Clamp(nats, 0.0, Ln2);

    /// <summary>ln 2, the largest JS divergence in nats.</summary>
    public const double Ln2 = 0.693147180559945309417232121458176568;

    /// <summary>
    /// The two terms of class i: returns ½ p log(2p/(p+q)) and sets <paramref name="qPart"/> = ½ q log(2q/(p+q))
    /// (0 where the weight is 0). With s + e = p + q exactly, log(2x/(p+q)) = log(2x/s) − e/s.
    /// </summary>
    public static double HalfTerm(double p, double q, out double qPart)
    {
        qPart = 0.0;
        if (!(p > 0) && !(q > 0)) return 0.0;
        double s = LogRatio.TwoSum(p, q, out double e);
        double c = e / s;
        if (q > 0) qPart = 0.5 * q * (LogRatio.Of(2.0 * q, s) - c);
        return p > 0 ? 0.5 * p * (LogRatio.Of(2.0 * p, s) - c) : 0.0;
    }
}
