using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kullback.Kernels;

/// <summary>Which loop a kernel runs: the widest the hardware accelerates, or a named one (tests sweep each).</summary>
internal enum VectorWidth
{
    /// <summary>Vector512 where accelerated, else Vector256, else scalar.</summary>
    Best,
    /// <summary>Scalar loop only.</summary>
    Scalar,
    /// <summary>Vector256 (4 double lanes) with a scalar remainder.</summary>
    V256,
    /// <summary>Vector512 (8 double lanes) with a scalar remainder.</summary>
    V512,
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
    internal static VectorWidth Resolve(VectorWidth width, int length)
    {
        if (width != VectorWidth.Best) return width;
        if (Vector512.IsHardwareAccelerated && length >= Vector512<double>.Count) return VectorWidth.V512;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<double>.Count) return VectorWidth.V256;
        return VectorWidth.Scalar;
    }

    /// <summary>Σ_i t(x_i), compensated.</summary>
    public static double SumTerms<TOp, T>(ReadOnlySpan<T> x, VectorWidth width = VectorWidth.Best)
        where TOp : IUnaryTerm
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var total = new CompensatedSum();
        int i = Resolve(width, x.Length) switch
        {
            VectorWidth.V512 => VectorLoop<TOp, T, Vector512<double>, Simd512>(x, ref total),
            VectorWidth.V256 => VectorLoop<TOp, T, Vector256<double>, Simd256>(x, ref total),
            _ => 0,
        };
        for (; i < x.Length; i++) total.Add(TOp.Scalar(double.CreateTruncating(x[i])));
        return total.Value;
    }

    /// <summary>Σ_i t(p_i, q_i), compensated; p and q have the same length.</summary>
    public static double SumTerms<TOp, T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, VectorWidth width = VectorWidth.Best)
        where TOp : IBinaryTerm
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (q.Length != p.Length) throw new ArgumentException("lengths differ", nameof(q));
        var total = new CompensatedSum();
        int i = Resolve(width, p.Length) switch
        {
            VectorWidth.V512 => VectorLoop<TOp, T, Vector512<double>, Simd512>(p, q, ref total),
            VectorWidth.V256 => VectorLoop<TOp, T, Vector256<double>, Simd256>(p, q, ref total),
            _ => 0,
        };
        for (; i < p.Length; i++) total.Add(TOp.Scalar(double.CreateTruncating(p[i]), double.CreateTruncating(q[i])));
        return total.Value;
    }

    private static int VectorLoop<TOp, T, TV, TS>(ReadOnlySpan<T> x, ref CompensatedSum total)
        where TOp : IUnaryTerm
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TV : struct
        where TS : ISimd<TV>
    {
        int n = TS.Count, i = 0;
        TV sum = TS.Zero, compensation = TS.Zero;
        for (; i <= x.Length - n; i += n)
        {
            TV term = TOp.Vector<TV, TS>(TS.Load(x, i), out TV special);
            if (TS.Any(special))
            {
                term = TS.Select(special, TS.Zero, term);
                for (int j = 0; j < n; j++)
                    if (TS.LaneSet(special, j)) total.Add(TOp.Scalar(double.CreateTruncating(x[i + j])));
            }
            Accumulate<TV, TS>(ref sum, ref compensation, term);
        }
        Combine<TV, TS>(sum, compensation, ref total);
        return i;
    }

    private static int VectorLoop<TOp, T, TV, TS>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, ref CompensatedSum total)
        where TOp : IBinaryTerm
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TV : struct
        where TS : ISimd<TV>
    {
        int n = TS.Count, i = 0;
        TV sum = TS.Zero, compensation = TS.Zero;
        for (; i <= p.Length - n; i += n)
        {
            TV term = TOp.Vector<TV, TS>(TS.Load(p, i), TS.Load(q, i), out TV special);
            if (TS.Any(special))
            {
                term = TS.Select(special, TS.Zero, term);
                for (int j = 0; j < n; j++)
                    if (TS.LaneSet(special, j))
                        total.Add(TOp.Scalar(double.CreateTruncating(p[i + j]), double.CreateTruncating(q[i + j])));
            }
            Accumulate<TV, TS>(ref sum, ref compensation, term);
        }
        Combine<TV, TS>(sum, compensation, ref total);
        return i;
    }

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

    internal static void Combine<TV, TS>(TV sum, TV compensation, ref CompensatedSum total)
        where TV : struct
        where TS : ISimd<TV>
    {
        for (int j = 0; j < TS.Count; j++) total.Add(TS.Lane(sum, j));
        for (int j = 0; j < TS.Count; j++) total.Add(TS.Lane(compensation, j));
    }

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

    /// <summary>The first index whose value is NaN, ±∞ or negative; −1 when every value is a valid probability.</summary>
    public static int IndexOfInvalidProbability<T>(ReadOnlySpan<T> values) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var infinity = Vector512.Create(double.PositiveInfinity);
            for (; i <= values.Length - Vector512<double>.Count; i += Vector512<double>.Count)
            {
                var v = Simd512.Load(values, i);
                // valid ⇔ 0 ≤ v < ∞ (false for NaN)
                if (!Vector512.EqualsAll(Vector512.GreaterThanOrEqual(v, Vector512<double>.Zero) & Vector512.LessThan(v, infinity), Vector512<double>.AllBitsSet))
                    break;
            }
        }
        for (; i < values.Length; i++)
        {
            T v = values[i];
            if (!(v >= T.Zero) || T.IsPositiveInfinity(v)) return i;
        }
        return -1;
    }
}
