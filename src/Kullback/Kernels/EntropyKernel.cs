using System.Runtime.CompilerServices;

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

    /// <summary>−Σ p_i log p_i of the double probabilities scale·p (vectorised).</summary>
    public static double Nats(ReadOnlySpan<double> p, double scale = 1.0) => Math.Max(Lanes.SumTerms<Term, double>(p, VectorWidth.Best, scale), 0.0);

    /// <summary>−Σ p_i log p_i of the float probabilities scale·p, in double (vectorised).</summary>
    public static double Nats(ReadOnlySpan<float> p, double scale = 1.0) => Math.Max(Lanes.SumTerms<Term, float>(p, VectorWidth.Best, scale), 0.0);

    /// <summary>−Σ p_i log p_i of logits, in log space (vectorised): log p_i = (z_i − m) − log S.</summary>
    public static double LogitsNats<T>(ReadOnlySpan<T> logits, LogSumExp.Parts parts) where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T> =>
        Math.Max(LogSpaceLanes.Sum<LogTerm, T, LogitLanes>(logits, new LogitLanes(parts)), 0.0);

    /// <summary>−p log p from p and log p (0 where p = 0).</summary>
    internal readonly struct LogTerm : ILogSpaceTerm
    {
        public static bool NeedsLogs => true;

        public static double Scalar(double p, double logP, double q, double logQ) => p > 0 ? -p * logP : 0.0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Vector<TV, TS>(TV p, TV logP, TV q, TV logQ, out TV special) where TV : struct where TS : ISimd<TV>
        {
            special = TS.Zero;
            return TS.Select(TS.Equal(p, TS.Zero), TS.Zero, TS.Subtract(TS.Zero, TS.Multiply(p, logP)));
        }
    }

    /// <summary>−p log p, with 0·log 0 = 0.</summary>
    internal readonly struct Term : IUnaryTerm
    {
        public static double Scalar(double p) => p > 0 ? -p * Math.Log(p) : 0.0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Vector<TV, TS>(TV p, out TV special) where TV : struct where TS : ISimd<TV>
        {
            special = TS.Zero;
            TV term = TS.Multiply(p, TS.Log(p));
            return TS.Select(TS.Equal(p, TS.Zero), TS.Zero, TS.Subtract(TS.Zero, term));
        }
    }
}
