namespace Kullback.Kernels;

/// <summary>H(P) = −Σ_i p_i log p_i in nats, with 0·log 0 = 0; clamped at 0.</summary>
internal static class EntropyKernel
{
    /// <summary>−Σ p_i log p_i for any input form (one-hot: 0).</summary>
    public static double Nats<TP>(TP p, int n) where TP : ICategoricalReader, allows ref struct
    {
        if (TP.IsOneHot) return 0.0;
        var sum = new CompensatedSum();
        for (int i = 0; i < n; i++)
        {
            double pi = p.Probability(i);
            if (pi > 0) sum.Add(-pi * p.LogProbability(i));
        }
        return Math.Max(sum.Value, 0.0);
    }

    /// <summary>−Σ p_i log p_i for plain double probabilities.</summary>
    public static double Nats(ReadOnlySpan<double> p) => Nats(new ProbabilityReader<double>(p, 1.0), p.Length);

    /// <summary>−Σ p_i log p_i for plain float probabilities, in double.</summary>
    public static double Nats(ReadOnlySpan<float> p) => Nats(new ProbabilityReader<float>(p, 1.0), p.Length);

    /// <summary>The scalar term −p log p (0 for p = 0).</summary>
    public static double Term(double p) => p > 0 ? -p * Math.Log(p) : 0.0;
}
