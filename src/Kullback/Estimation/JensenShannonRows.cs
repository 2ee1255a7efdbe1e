using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Kullback.Kernels;

namespace Kullback.Estimation;

/// <summary>
/// The second pass of <see cref="LogitRowComparison"/>: JS(p, q) = ½ Σ_c p_c log(p_c/m_c) + ½ Σ_c q_c log(q_c/m_c),
/// m = ½(p + q), summed as one non-negative term per class so nothing cancels between entropies:
/// <code>
/// g = max(p_c, q_c), ρ = min(p_c, q_c) / g, |x| = |log p_c − log q_c|, L = ln 2 − log(1 + ρ)
/// term_c = ½ g·(L + ρ·(L − |x|))      (0 when g = 0; ½ g·ln 2 when ρ = 0)
/// </code>
/// (for the larger one, log(g/m) = L; for the smaller, log(min/m) = L − |x|). p_c = e_c·(1/s_a), q_c = f_c·(1/s_b)
/// from the first pass's stored exponentials; log p_c = a_c − LSE(a).
/// </summary>
internal static class JensenShannonRows
{
    private const double Ln2 = 0.69314718055994530942;

    /// <summary>Σ_c term_c over the row (see the type).</summary>
    public static double Sum(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<double> e, ReadOnlySpan<double> f,
        double lseA, double lseB, double invSa, double invSb)
    {
        int i = 0;
        double s = 0;
        i = SimdWidth.For<double>(a.Length) switch
        {
            VectorWidth.V512 => Sum<Vector512<double>, Simd512>(a, b, e, f, lseA, lseB, invSa, invSb, ref s),
            VectorWidth.V256 => Sum<Vector256<double>, Simd256>(a, b, e, f, lseA, lseB, invSa, invSb, ref s),
            VectorWidth.V128 => Sum<Vector128<double>, Simd128>(a, b, e, f, lseA, lseB, invSa, invSb, ref s),
            _ => 0,
        };
        for (; i < a.Length; i++)
        {
            double p = e[i] * invSa, q = f[i] * invSb;
            double g = Math.Max(p, q);
            if (g == 0) continue;
            double rho = Math.Min(p, q) / g;
            double l = Ln2 - Math.Log(1 + rho);
            s += rho == 0 ? 0.5 * g * l : 0.5 * g * (l + rho * (l - Math.Abs((a[i] - lseA) - (b[i] - lseB))));
        }
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Sum<TV, TS>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<double> e, ReadOnlySpan<double> f,
        double lseA, double lseB, double invSa, double invSb, ref double total) where TV : struct where TS : ISimd<TV>
    {
        int n = a.Length, i = 0;
        TV ra = TS.Broadcast(invSa), rb = TS.Broadcast(invSb), la = TS.Broadcast(lseA), lb = TS.Broadcast(lseB);
        TV one = TS.Broadcast(1), ln2 = TS.Broadcast(Ln2), half = TS.Broadcast(0.5), zero = TS.Zero, acc = TS.Zero;
        for (; i <= n - TS.Count; i += TS.Count)
        {
            var p = TS.Multiply(TS.Load(e, i), ra);
            var q = TS.Multiply(TS.Load(f, i), rb);
            var pBigger = TS.GreaterThan(p, q);
            var g = TS.Select(pBigger, p, q);
            var small = TS.Select(pBigger, q, p);
            var rho = TS.Divide(small, g);
            var l = TS.Subtract(ln2, TS.Log(TS.Add(one, rho)));
            var x = TS.Subtract(TS.Subtract(TS.Load(a, i), la), TS.Subtract(TS.Load(b, i), lb));
            var absX = TS.Max(x, TS.Subtract(zero, x));
            var inner = TS.Select(TS.Equal(small, zero), l, TS.FusedMultiplyAdd(rho, TS.Subtract(l, absX), l));
            var term = TS.Multiply(TS.Multiply(half, g), inner);
            acc = TS.Add(acc, TS.Select(TS.Equal(g, zero), zero, term));
        }
        total = TS.SumAcross(acc);
        return i;
    }
}
