using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kullback.Kernels;

/// <summary>Which loop a kernel runs: the widest the hardware accelerates, or a named one (tests sweep each).</summary>
internal enum VectorWidth
{
    /// <summary>The widest accelerated width that fits (see <see cref="SimdWidth"/>): Vector512, Vector256, Vector128 or scalar.</summary>
    Best,
    /// <summary>Scalar loop only.</summary>
    Scalar,
    /// <summary>Vector256 (4 double lanes) with a scalar remainder.</summary>
    V256,
    /// <summary>Vector512 (8 double lanes) with a scalar remainder.</summary>
    V512,
    /// <summary>Vector128 (2 double lanes; NEON on ARM64, SSE on x86) with a scalar remainder.</summary>
    V128,
}

/// <summary>One term t(x) of a sum over a single distribution, in scalar and vector form.</summary>
internal interface IUnaryTerm
{
    /// <summary>The exact-convention scalar term (may be +∞).</summary>
    static abstract double Scalar(double x);

    /// <summary>The term on Count lanes; lanes set in <paramref name="special"/> are recomputed with <see cref="Scalar"/>.</summary>
    static abstract TV Vector<TV, TS>(TV x, out TV special) where TV : struct where TS : ISimd<TV>;
}

/// <summary>One term t(p, q) of a sum over two distributions, in scalar and vector form.</summary>
internal interface IBinaryTerm
{
    /// <summary>The exact-convention scalar term (may be +∞).</summary>
    static abstract double Scalar(double p, double q);

    /// <summary>The term on Count lanes; lanes set in <paramref name="special"/> are recomputed with <see cref="Scalar"/>.</summary>
    static abstract TV Vector<TV, TS>(TV p, TV q, out TV special) where TV : struct where TS : ISimd<TV>;
}

/// <summary>
/// Generic drivers of the vectorised reductions: Σ_i t(x_i) or Σ_i t(p_i, q_i) with Neumaier/TwoSum compensation in
/// every lane, lanes combined by a compensated sum, a scalar remainder, and rare lanes (zeros, subnormal ratios,
/// infinite terms) recomputed by the scalar term. Float inputs are widened to double on load.
/// </summary>
internal static class Lanes
{
    internal static VectorWidth Resolve(VectorWidth width, int length) => SimdWidth.Resolve<double>(width, length);

    /// <summary>Σ_i t(scale·x_i), compensated (scale = 1 reads x as given; 1/Σx normalises).</summary>
    public static double SumTerms<TOp, T>(ReadOnlySpan<T> x, VectorWidth width = VectorWidth.Best, double scale = 1.0)
        where TOp : IUnaryTerm
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var total = new CompensatedSum();
        int i = Resolve(width, x.Length) switch
        {
            VectorWidth.V512 => VectorLoop<TOp, T, Vector512<double>, Simd512>(x, scale, ref total),
            VectorWidth.V256 => VectorLoop<TOp, T, Vector256<double>, Simd256>(x, scale, ref total),
            VectorWidth.V128 => VectorLoop<TOp, T, Vector128<double>, Simd128>(x, scale, ref total),
            _ => 0,
        };
        for (; i < x.Length; i++) total.Add(TOp.Scalar(double.CreateTruncating(x[i]) * scale));
        return total.Value;
    }

    /// <summary>Σ_i t(a·p_i, b·q_i), compensated; p and q have the same length (a = pScale, b = qScale, 1 by default).</summary>
    public static double SumTerms<TOp, T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, VectorWidth width = VectorWidth.Best, double pScale = 1.0, double qScale = 1.0)
        where TOp : IBinaryTerm
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (q.Length != p.Length) throw new ArgumentException("lengths differ", nameof(q));
        var total = new CompensatedSum();
        int i = Resolve(width, p.Length) switch
        {
            VectorWidth.V512 => VectorLoop<TOp, T, Vector512<double>, Simd512>(p, q, pScale, qScale, ref total),
            VectorWidth.V256 => VectorLoop<TOp, T, Vector256<double>, Simd256>(p, q, pScale, qScale, ref total),
            VectorWidth.V128 => VectorLoop<TOp, T, Vector128<double>, Simd128>(p, q, pScale, qScale, ref total),
            _ => 0,
        };
        for (; i < p.Length; i++) total.Add(TOp.Scalar(double.CreateTruncating(p[i]) * pScale, double.CreateTruncating(q[i]) * qScale));
        return total.Value;
    }

    private static int VectorLoop<TOp, T, TV, TS>(ReadOnlySpan<T> x, double scale, ref CompensatedSum total)
        where TOp : IUnaryTerm
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TV : struct
        where TS : ISimd<TV>
    {
        int n = TS.Count, i = 0;
        TV sum = TS.Zero, compensation = TS.Zero, a = TS.Broadcast(scale);
        for (; i < x.Length; i += n)
        {
            bool whole = i <= x.Length - n;
            TV raw = whole ? TS.Load(x, i) : Tail<T, TV, TS>(x, i, 1.0);
            TV term = TOp.Vector<TV, TS>(TS.Multiply(raw, a), out TV special);
            if (!whole) term = TS.Select(TailMask<TV, TS>(x.Length - i), term, TS.Zero);
            if (TS.Any(special))
            {
                term = TS.Select(special, TS.Zero, term);
                for (int j = 0; j < n && i + j < x.Length; j++)
                    if (TS.LaneSet(special, j)) total.Add(TOp.Scalar(double.CreateTruncating(x[i + j]) * scale));
            }
            Accumulate<TV, TS>(ref sum, ref compensation, term);
        }
        Combine<TV, TS>(sum, compensation, ref total);
        return x.Length;
    }

    private static int VectorLoop<TOp, T, TV, TS>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, double pScale, double qScale, ref CompensatedSum total)
        where TOp : IBinaryTerm
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TV : struct
        where TS : ISimd<TV>
    {
        int n = TS.Count, i = 0;
        TV sum = TS.Zero, compensation = TS.Zero, a = TS.Broadcast(pScale), b = TS.Broadcast(qScale);
        for (; i < p.Length; i += n)
        {
            bool whole = i <= p.Length - n;
            TV rawP = whole ? TS.Load(p, i) : Tail<T, TV, TS>(p, i, 1.0);
            TV rawQ = whole ? TS.Load(q, i) : Tail<T, TV, TS>(q, i, 1.0);
            TV term = TOp.Vector<TV, TS>(TS.Multiply(rawP, a), TS.Multiply(rawQ, b), out TV special);
            if (!whole) term = TS.Select(TailMask<TV, TS>(p.Length - i), term, TS.Zero);
            if (TS.Any(special))
            {
                term = TS.Select(special, TS.Zero, term);
                for (int j = 0; j < n && i + j < p.Length; j++)
                    if (TS.LaneSet(special, j))
                        total.Add(TOp.Scalar(double.CreateTruncating(p[i + j]) * pScale, double.CreateTruncating(q[i + j]) * qScale));
            }
            Accumulate<TV, TS>(ref sum, ref compensation, term);
        }
        Combine<TV, TS>(sum, compensation, ref total);
        return p.Length;
    }

    /// <summary>
    /// t(p_i, q_i) for every i, written to <paramref name="terms"/> (same length): the vector term on whole blocks,
    /// special lanes and the remainder by the scalar term. For row-wise sums of short rows (see PairMeasure.Rows).
    /// </summary>
    public static void Terms<TOp, T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, Span<double> terms, VectorWidth width = VectorWidth.Best)
        where TOp : IBinaryTerm
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (q.Length != p.Length || terms.Length != p.Length) throw new ArgumentException("lengths differ", nameof(terms));
        int i = Resolve(width, p.Length) switch
        {
            VectorWidth.V512 => TermsLoop<TOp, T, Vector512<double>, Simd512>(p, q, terms),
            VectorWidth.V256 => TermsLoop<TOp, T, Vector256<double>, Simd256>(p, q, terms),
            VectorWidth.V128 => TermsLoop<TOp, T, Vector128<double>, Simd128>(p, q, terms),
            _ => 0,
        };
        for (; i < p.Length; i++) terms[i] = TOp.Scalar(double.CreateTruncating(p[i]), double.CreateTruncating(q[i]));
    }

    private static int TermsLoop<TOp, T, TV, TS>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, Span<double> terms)
        where TOp : IBinaryTerm
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TV : struct
        where TS : ISimd<TV>
    {
        int n = TS.Count, i = 0;
        for (; i <= p.Length - n; i += n)
        {
            TV term = TOp.Vector<TV, TS>(TS.Load(p, i), TS.Load(q, i), out TV special);
            TS.Store(term, terms, i);
            if (TS.Any(special))
                for (int j = 0; j < n; j++)
                    if (TS.LaneSet(special, j)) terms[i + j] = TOp.Scalar(double.CreateTruncating(p[i + j]), double.CreateTruncating(q[i + j]));
        }
        return i;
    }

    /// <summary>
    /// The last, partial block from position i, padded with <paramref name="pad"/>: an ordinary value (probability 1,
    /// logit = max) that keeps the vector log/exp off their special-value paths. Callers zero the padded lanes' terms
    /// with <see cref="TailMask"/>, so short tails run in the vector loop instead of scalar logarithms.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static TV Tail<T, TV, TS>(ReadOnlySpan<T> values, int i, double pad)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TV : struct
        where TS : ISimd<TV>
    {
        Span<double> buffer = stackalloc double[Vector512<double>.Count];
        buffer.Fill(pad);
        for (int j = 0; i + j < values.Length; j++) buffer[j] = double.CreateTruncating(values[i + j]);
        return TS.Load<double>(buffer, 0);
    }

    /// <summary>Lanes 0 … remaining − 1 set: the real values of a partial block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV TailMask<TV, TS>(int remaining)
        where TV : struct
        where TS : ISimd<TV> =>
        TS.LessThan(TS.Indices, TS.Broadcast(remaining));

    /// <summary>Knuth's TwoSum in every lane: s ← s + x, c ← c + (exact rounding error).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Accumulate<TV, TS>(ref TV sum, ref TV compensation, TV x)
        where TV : struct
        where TS : ISimd<TV>
    {
        TV t = TS.Add(sum, x);
        TV z = TS.Subtract(t, sum);
        TV error = TS.Add(TS.Subtract(sum, TS.Subtract(t, z)), TS.Subtract(x, z));
        compensation = TS.Add(compensation, error);
        sum = t;
    }

    /// <summary>Adds the lanes' sums and compensations to <paramref name="total"/> (see <see cref="ISimd{TV}.Fold"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Combine<TV, TS>(TV sum, TV compensation, ref CompensatedSum total)
        where TV : struct
        where TS : ISimd<TV> =>
        TS.Fold(sum, compensation, ref total);

    /// <summary>Σ x_i with compensated summation (vectorised).</summary>
    public static double Sum(ReadOnlySpan<double> values, VectorWidth width = VectorWidth.Best) => SumTerms<Identity, double>(values, width);

    /// <summary>Σ x_i of floats, accumulated in double with compensated summation (vectorised).</summary>
    public static double Sum(ReadOnlySpan<float> values, VectorWidth width = VectorWidth.Best) => SumTerms<Identity, float>(values, width);

    /// <summary>t(x) = x.</summary>
    private readonly struct Identity : IUnaryTerm
    {
        public static double Scalar(double x) => x;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Vector<TV, TS>(TV x, out TV special) where TV : struct where TS : ISimd<TV>
        {
            special = TS.Zero;
            return x;
        }
    }

    /// <summary>
    /// One pass over probabilities: Σ x_i with compensation when every value is finite and ≥ 0; otherwise NaN with
    /// <paramref name="firstInvalid"/> the first index holding NaN, ±∞ or a negative value (−1 when all are valid).
    /// </summary>
    public static double SumOfValidProbabilities<T>(ReadOnlySpan<T> values, out int firstInvalid) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var total = new CompensatedSum();
        int i = Resolve(VectorWidth.Best, values.Length) switch
        {
            VectorWidth.V512 => ValidSumLoop<T, Vector512<double>, Simd512>(values, ref total),
            VectorWidth.V256 => ValidSumLoop<T, Vector256<double>, Simd256>(values, ref total),
            VectorWidth.V128 => ValidSumLoop<T, Vector128<double>, Simd128>(values, ref total),
            _ => 0,
        };
        for (; i < values.Length; i++)
        {
            T v = values[i];
            if (!(v >= T.Zero) || T.IsPositiveInfinity(v))
            {
                firstInvalid = i;
                return double.NaN;
            }
            total.Add(double.CreateTruncating(v));
        }
        firstInvalid = -1;
        return total.Value;
    }

    /// <summary>Accumulates whole blocks while they are valid; returns where the scalar loop continues (at an invalid block, if any).</summary>
    private static int ValidSumLoop<T, TV, TS>(ReadOnlySpan<T> values, ref CompensatedSum total)
        where T : unmanaged
        where TV : struct
        where TS : ISimd<TV>
    {
        TV infinity = TS.Broadcast(double.PositiveInfinity), zero = TS.Zero, allSet = TS.Equal(zero, zero);
        TV sum = zero, compensation = zero;
        int i = 0;
        for (; i <= values.Length - TS.Count; i += TS.Count)
        {
            TV v = TS.Load(values, i);
            TV valid = TS.AndNot(TS.LessThan(v, infinity), TS.LessThan(v, zero));
            if (TS.Any(TS.AndNot(allSet, valid))) break;
            Accumulate<TV, TS>(ref sum, ref compensation, v);
        }
        Combine<TV, TS>(sum, compensation, ref total);
        return i;
    }

    /// <summary>The first index whose logit is NaN or +∞ (−1 if none), and whether any logit is finite (not all −∞).</summary>
    public static int IndexOfInvalidLogit<T>(ReadOnlySpan<T> logits, out bool anyFinite) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        anyFinite = false;
        for (int i = 0; i < logits.Length; i++)
        {
            T z = logits[i];
            if (T.IsNaN(z) || T.IsPositiveInfinity(z)) return i;
            anyFinite |= !T.IsNegativeInfinity(z);
        }
        return -1;
    }
}
