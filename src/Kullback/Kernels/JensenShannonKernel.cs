using System.Runtime.CompilerServices;

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

    public static void Terms(ReadOnlySpan<double> p, ReadOnlySpan<double> q, Span<double> terms) => Lanes.Terms<Term, double>(p, q, terms);

    public static void Terms(ReadOnlySpan<float> p, ReadOnlySpan<float> q, Span<double> terms) => Lanes.Terms<Term, float>(p, q, terms);

    public static double Nats(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double pScale = 1.0, double qScale = 1.0) => Clamp(Lanes.SumTerms<Term, double>(p, q, VectorWidth.Best, pScale, qScale));

    public static double Nats(ReadOnlySpan<float> p, ReadOnlySpan<float> q, double pScale = 1.0, double qScale = 1.0) => Clamp(Lanes.SumTerms<Term, float>(p, q, VectorWidth.Best, pScale, qScale));

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

    public static double Nats<T, TRP, TRQ>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, TRP readP, TRQ readQ)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        where TRP : struct, ILaneReader
        where TRQ : struct, ILaneReader =>
        Clamp(LogSpaceLanes.Sum<ProbabilityTerm, T, TRP, TRQ>(p, q, readP, readQ));

    /// <summary>The JS term of p and q read from logits or scaled probabilities (logs not needed).</summary>
    internal readonly struct ProbabilityTerm : ILogSpaceTerm
    {
        public static bool NeedsLogs => false;

        public static double Scalar(double p, double logP, double q, double logQ) => Term.Scalar(p, q);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Vector<TV, TS>(TV p, TV logP, TV q, TV logQ, out TV special) where TV : struct where TS : ISimd<TV> =>
            Term.Vector<TV, TS>(p, q, out special);
    }

    /// <summary>½ p log(2p/(p+q)) + ½ q log(2q/(p+q)) of one class.</summary>
    internal readonly struct Term : IBinaryTerm
    {
        public static double Scalar(double p, double q) => HalfTerm(p, q, out double qPart) + qPart;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Vector<TV, TS>(TV p, TV q, out TV special) where TV : struct where TS : ISimd<TV>
        {
            // s + e = p + q exactly (TwoSum), c = e/s: log(2x/(p+q)) = log(2x/s) − c. One division: u = 1/s.
            TV s = TS.Add(p, q);
            TV bb = TS.Subtract(s, p);
            TV e = TS.Add(TS.Subtract(p, TS.Subtract(s, bb)), TS.Subtract(q, bb));
            TV u = TS.Divide(TS.Broadcast(1.0), s);
            TV c = TS.Multiply(e, u);
            TV two = TS.Broadcast(2.0), half = TS.Broadcast(0.5), minNormal = TS.Broadcast(LogRatio.MinNormal);
            TV pPart = HalfPart<TV, TS>(p, TS.Multiply(two, p), s, u, c, half, minNormal, out TV pZero, out TV pSpecial);
            TV qPart = HalfPart<TV, TS>(q, TS.Multiply(two, q), s, u, c, half, minNormal, out TV qZero, out TV qSpecial);
            special = TS.Or(pSpecial, qSpecial);
            // p = q contributes exactly 0 (r = 2p·(1/s) need not round to 1, so say it outright).
            TV same = TS.Equal(p, q);
            return TS.Select(same, TS.Zero, TS.Add(TS.Select(pZero, TS.Zero, pPart), TS.Select(qZero, TS.Zero, qPart)));
        }

        /// <summary>
        /// ½ x·(log(2x/s) − c): with r ≈ 2x/s (= 2x·u) and its exact residual d = 2x − r·s, log(2x/s) = log r + d/(2x),
        /// so the part is ½x·log r + d/4 − ½x·c (no division). Zero where x = 0, special where 2x or r is subnormal.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TV HalfPart<TV, TS>(TV x, TV twoX, TV s, TV u, TV c, TV half, TV minNormal, out TV zero, out TV special)
            where TV : struct where TS : ISimd<TV>
        {
            zero = TS.Equal(x, TS.Zero);
            TV r = TS.Multiply(twoX, u);
            TV d = TS.FusedMultiplyAdd(TS.Subtract(TS.Zero, r), s, twoX);
            special = TS.AndNot(TS.Or(TS.LessThan(twoX, minNormal), TS.LessThan(r, minNormal)), zero);
            TV halfX = TS.Multiply(half, x);
            // ½x·log r + (d/4 − ½x·c)
            return TS.FusedMultiplyAdd(halfX, TS.Log(r), TS.FusedMultiplyAdd(TS.Subtract(TS.Zero, halfX), c, TS.Multiply(TS.Broadcast(0.25), d)));
        }
    }
}
