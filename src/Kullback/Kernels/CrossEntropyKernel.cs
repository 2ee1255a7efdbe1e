namespace Kullback.Kernels;

/// <summary>H(P,Q) = −Σ_i p_i log q_i in nats; p_i = 0 terms are 0, p_i &gt; 0 with q_i = 0 gives +∞; clamped at 0.</summary>
internal readonly struct CrossEntropyKernel : IPairKernel
{
    public static double Nats<TP, TQ>(TP p, TQ q, int n)
        where TP : ICategoricalReader, allows ref struct
        where TQ : ICategoricalReader, allows ref struct
    {
        if (TP.IsOneHot) return Math.Max(-q.LogProbability(p.HotIndex), 0.0);
        var sum = new CompensatedSum();
        for (int i = 0; i < n; i++)
        {
            double pi = p.Probability(i);
            if (pi > 0) sum.Add(-pi * q.LogProbability(i));
        }
        return Math.Max(sum.Value, 0.0);
    }

    public static double Nats(ReadOnlySpan<double> p, ReadOnlySpan<double> q) => Nats(new ProbabilityReader<double>(p, 1.0), new ProbabilityReader<double>(q, 1.0), p.Length);

    public static double Nats(ReadOnlySpan<float> p, ReadOnlySpan<float> q) => Nats(new ProbabilityReader<float>(p, 1.0), new ProbabilityReader<float>(q, 1.0), p.Length);

    /// <summary>The scalar term −p log q (0 for p = 0, +∞ for p &gt; 0 = q).</summary>
    public static double Term(double p, double q) => p > 0 ? -p * Math.Log(q) : 0.0;
}
