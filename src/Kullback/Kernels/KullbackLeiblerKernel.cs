using System.Runtime.CompilerServices;

namespace Kullback.Kernels;

/// <summary>
/// D(P‖Q) = Σ_i p_i log(p_i / q_i) in nats; p_i = 0 terms are 0, p_i &gt; 0 with q_i = 0 gives +∞.
/// Probabilities use the accurate ratio <see cref="LogRatio.Of"/> (exact to a few ulps even when P ≈ Q);
/// logits use log p_i − log q_i in log space. Rounding below 0 is clamped to 0.
/// </summary>
internal readonly struct KullbackLeiblerKernel : IPairKernel
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
            if (!(pi > 0)) continue;
            if (TP.HoldsProbabilities && TQ.HoldsProbabilities) sum.Add(Term.Scalar(pi, q.Probability(i)));
            else sum.Add(pi * (p.LogProbability(i) - q.LogProbability(i)));
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

    /// <summary>p (log p − log q) from log-space reads: 0 for p = 0, +∞ where log q = −∞ (recomputed in scalar).</summary>
    internal readonly struct LogTerm : ILogSpaceTerm
    {
        public static bool NeedsLogs => true;

        public static double Scalar(double p, double logP, double q, double logQ) => p > 0 ? p * (logP - logQ) : 0.0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Vector<TV, TS>(TV p, TV logP, TV q, TV logQ, out TV special) where TV : struct where TS : ISimd<TV>
        {
            TV zero = TS.Equal(p, TS.Zero);
            special = TS.AndNot(TS.Equal(logQ, TS.Broadcast(double.NegativeInfinity)), zero);
            return TS.Select(zero, TS.Zero, TS.Multiply(p, TS.Subtract(logP, logQ)));
        }
    }

    /// <summary>p log(p/q): 0 for p = 0, +∞ for p &gt; 0 = q; the ratio's rounding is corrected by its FMA residual.</summary>
    internal readonly struct Term : IBinaryTerm
    {
        public static double Scalar(double p, double q)
        {
            if (!(p > 0)) return 0.0;
            if (!(q > 0)) return double.PositiveInfinity;
            double r = p / q;
            if (double.IsNormal(r) && double.IsNormal(p))
                return Math.FusedMultiplyAdd(p, Math.Log(r), Math.FusedMultiplyAdd(-r, q, p));
            return p * (Math.Log(p) - Math.Log(q));
        }

        /// <summary>
        /// r = p/q, e = p − r·q (exact), p log(p/q) = p·(log r + e/p) = p·log r + e (one FMA, no second division);
        /// special where p is subnormal or r is not a normal number.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Vector<TV, TS>(TV p, TV q, out TV special) where TV : struct where TS : ISimd<TV>
        {
            TV zero = TS.Equal(p, TS.Zero);
            TV r = TS.Divide(p, q);
            TV e = TS.FusedMultiplyAdd(TS.Subtract(TS.Zero, r), q, p);
            TV minNormal = TS.Broadcast(LogRatio.MinNormal);
            special = TS.AndNot(
                TS.Or(TS.Or(TS.LessThan(p, minNormal), TS.LessThan(r, minNormal)), TS.GreaterThan(r, TS.Broadcast(double.MaxValue))),
                zero);
            return TS.Select(zero, TS.Zero, TS.FusedMultiplyAdd(p, TS.Log(r), e));
        }
    }
}
