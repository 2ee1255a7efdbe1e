using System.Runtime.CompilerServices;

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

    public static void Terms(ReadOnlySpan<double> p, ReadOnlySpan<double> q, Span<double> terms) => Lanes.Terms<Term, double>(p, q, terms);

    public static void Terms(ReadOnlySpan<float> p, ReadOnlySpan<float> q, Span<double> terms) => Lanes.Terms<Term, float>(p, q, terms);

    public static double Clamp(double nats) => Math.Max(nats, 0.0);

    public static double Nats(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double pScale = 1.0, double qScale = 1.0) => Math.Max(Lanes.SumTerms<Term, double>(p, q, VectorWidth.Best, pScale, qScale), 0.0);

    public static double Nats(ReadOnlySpan<float> p, ReadOnlySpan<float> q, double pScale = 1.0, double qScale = 1.0) => Math.Max(Lanes.SumTerms<Term, float>(p, q, VectorWidth.Best, pScale, qScale), 0.0);

    public static double Nats<T, TRP, TRQ>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, TRP readP, TRQ readQ)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        where TRP : struct, ILaneReader
        where TRQ : struct, ILaneReader =>
        Math.Max(LogSpaceLanes.Sum<LogTerm, T, TRP, TRQ>(p, q, readP, readQ), 0.0);

    /// <summary>−p log q from log-space reads: 0 for p = 0, +∞ where log q = −∞ (recomputed in scalar).</summary>
    internal readonly struct LogTerm : ILogSpaceTerm
    {
        public static bool NeedsLogs => true;

        public static double Scalar(double p, double logP, double q, double logQ) => p > 0 ? -p * logQ : 0.0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Vector<TV, TS>(TV p, TV logP, TV q, TV logQ, out TV special) where TV : struct where TS : ISimd<TV>
        {
            TV zero = TS.Equal(p, TS.Zero);
            special = TS.AndNot(TS.Equal(logQ, TS.Broadcast(double.NegativeInfinity)), zero);
            return TS.Select(zero, TS.Zero, TS.Subtract(TS.Zero, TS.Multiply(p, logQ)));
        }
    }

    /// <summary>−p log q: 0 for p = 0, +∞ for p &gt; 0 = q.</summary>
    internal readonly struct Term : IBinaryTerm
    {
        public static double Scalar(double p, double q) => p > 0 ? -p * Math.Log(q) : 0.0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Vector<TV, TS>(TV p, TV q, out TV special) where TV : struct where TS : ISimd<TV>
        {
            TV zero = TS.Equal(p, TS.Zero);
            special = TS.AndNot(TS.Equal(q, TS.Zero), zero);
            TV term = TS.Multiply(p, TS.Log(q));
            return TS.Select(zero, TS.Zero, TS.Subtract(TS.Zero, term));
        }
    }
}
