using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Kullback.Kernels;

namespace Kullback.Estimation;

/// <summary>
/// The second pass of <see cref="LogitRowComparison"/>: JS(p, q) = ½ Σ_c p_c log(p_c/m_c) + ½ Σ_c q_c log(q_c/m_c),
/// m = ½(p + q), summed per class so nothing cancels between entropies. With x_c = log p_c − log q_c
/// = (a_c − b_c) − (LSE(a) − LSE(b)) and t_c = (p_c − q_c)/(p_c + q_c) = tanh(x_c/2), p = m(1 + t), q = m(1 − t), and
/// <code>
/// p log(p/m) + q log(q/m) = m·[(1+t)log(1+t) + (1−t)log(1−t)] = m·h(x),   h(x) = x·tanh(x/2) − 2 log cosh(x/2)
/// h(x) = Σ_{k≥1} h_k x^{2k} = x²/4 − x⁴/32 + x⁶/288 − …   (even, radius of convergence π)
/// </code>
/// so JS = ¼ Σ_c (p_c + q_c)·h(x_c). Where |x| ≤ 1/4 (|t| ≤ 0.1247) eight terms leave a relative truncation below 4e-18
/// (mpmath), so the pass needs neither a log nor a division there: x from the logits, p + q from the first pass's
/// stored exponentials (p_c = e_c·(1/s_a), q_c = f_c·(1/s_b)), a degree-8 polynomial in x². Elsewhere (a vector with any
/// lane above 1/4 or NaN — both logits −∞ — a scalar class above it) the part is taken directly with one log:
/// p·(log p − log m) + q·(log q − log m), log m = log(½(p + q)), log p = a − LSE(a), log q = b − LSE(b) (a p = 0 or
/// q = 0 part is 0, also when its log is −∞; p + q = 0 adds 0).
/// </summary>
internal static class JensenShannonRows
{
    /// <summary>|x| up to which the series form is used.</summary>
    private const double SeriesBound = 0.25;

    // h_k, the coefficients of x^{2k} in h(x) (mpmath, 50 digits, rounded to double): 1/4, −1/32, 1/288, …
    private const double H1 = 0.25, H2 = -0.03125, H3 = 0.003472222222222222, H4 = -0.0003689236111111111,
        H5 = 3.844246031746032e-05, H6 = -3.967105746619636e-06, H7 = 4.0717132110981315e-07, H8 = -4.165175591615634e-08;

    /// <summary>JS(p, q) of the row (see the type) at the dispatcher's width.</summary>
    public static double Sum(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<double> e, ReadOnlySpan<double> f,
        double lseA, double lseB, double invSa, double invSb) =>
        Sum(a, b, e, f, lseA, lseB, invSa, invSb, SimdWidth.For<double>(a.Length));

    /// <summary>As <see cref="Sum(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{double}, ReadOnlySpan{double}, double, double, double, double)"/> at a given width (tests run every width against <see cref="VectorWidth.Scalar"/>).</summary>
    internal static double Sum(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<double> e, ReadOnlySpan<double> f,
        double lseA, double lseB, double invSa, double invSb, VectorWidth width)
    {
        double series = 0, direct = 0, shift = lseA - lseB;
        int i = width switch
        {
            VectorWidth.V512 => Sum<Vector512<double>, Simd512>(a, b, e, f, lseA, lseB, invSa, invSb, ref series, ref direct),
            VectorWidth.V256 => Sum<Vector256<double>, Simd256>(a, b, e, f, lseA, lseB, invSa, invSb, ref series, ref direct),
            VectorWidth.V128 => Sum<Vector128<double>, Simd128>(a, b, e, f, lseA, lseB, invSa, invSb, ref series, ref direct),
            _ => 0,
        };
        for (; i < a.Length; i++)
        {
            double p = e[i] * invSa, q = f[i] * invSb, sum = p + q;
            if (sum == 0) continue;
            double x = ((double)a[i] - b[i]) - shift;
            if (Math.Abs(x) <= SeriesBound)
            {
                series += sum * Series(x * x);
                continue;
            }
            double lm = Math.Log(0.5 * sum);
            if (p != 0) direct += p * ((a[i] - lseA) - lm);
            if (q != 0) direct += q * ((b[i] - lseB) - lm);
        }
        return 0.25 * series + 0.5 * direct;
    }

    /// <summary>h(x) = Σ_{k=1…8} h_k u^k at u = x², Horner.</summary>
    private static double Series(double u) =>
        (((((((H8 * u + H7) * u + H6) * u + H5) * u + H4) * u + H3) * u + H2) * u + H1) * u;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Sum<TV, TS>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<double> e, ReadOnlySpan<double> f,
        double lseA, double lseB, double invSa, double invSb, ref double series, ref double direct) where TV : struct where TS : ISimd<TV>
    {
        int n = a.Length, i = 0;
        TV ra = TS.Broadcast(invSa), rb = TS.Broadcast(invSb), la = TS.Broadcast(lseA), lb = TS.Broadcast(lseB), shift = TS.Broadcast(lseA - lseB);
        TV half = TS.Broadcast(0.5), zero = TS.Zero, bound = TS.Broadcast(SeriesBound), accSeries = TS.Zero, accDirect = TS.Zero;
        while (i <= n - TS.Count)
        {
            // The series vectors (all of them on nearly equal rows) in a loop of their own, with no call in it: the direct
            // form's vector log is a call, and a call in the loop made the JIT keep the accumulator, the index and the
            // constants on the stack, a store and a reload per vector on the loop's critical path.
            TV za, zb, x, sum;
            for (; ; i += TS.Count)
            {
                if (i > n - TS.Count) goto done;
                za = TS.Load(a, i);
                zb = TS.Load(b, i);
                x = TS.Subtract(TS.Subtract(za, zb), shift);     // NaN where both are −∞ (p + q = 0): not ≤ bound, so the direct form
                sum = TS.MultiplyAddEstimate(TS.Load(e, i), ra, TS.Multiply(TS.Load(f, i), rb));
                if (!TS.All(TS.GreaterThanOrEqual(bound, TS.Abs(x)))) break;
                var u = TS.Multiply(x, x);
                var s = TS.MultiplyAddEstimate(TS.Broadcast(H8), u, TS.Broadcast(H7));
                s = TS.MultiplyAddEstimate(s, u, TS.Broadcast(H6));
                s = TS.MultiplyAddEstimate(s, u, TS.Broadcast(H5));
                s = TS.MultiplyAddEstimate(s, u, TS.Broadcast(H4));
                s = TS.MultiplyAddEstimate(s, u, TS.Broadcast(H3));
                s = TS.MultiplyAddEstimate(s, u, TS.Broadcast(H2));
                s = TS.MultiplyAddEstimate(s, u, TS.Broadcast(H1));
                accSeries = TS.Add(accSeries, TS.Multiply(sum, TS.Multiply(s, u)));   // every x finite here: sum = 0 adds 0
            }
            var p = TS.Multiply(TS.Load(e, i), ra);
            var q = TS.Multiply(TS.Load(f, i), rb);
            var lm = TS.Log(TS.Multiply(half, TS.Add(p, q)));
            var tp = TS.Multiply(p, TS.Subtract(TS.Subtract(za, la), lm));
            var tq = TS.Multiply(q, TS.Subtract(TS.Subtract(zb, lb), lm));
            accDirect = TS.Add(accDirect, TS.Add(TS.Select(TS.Equal(p, zero), zero, tp), TS.Select(TS.Equal(q, zero), zero, tq)));
            i += TS.Count;
        }
        done:
        series = TS.SumAcross(accSeries);
        direct = TS.SumAcross(accDirect);
        return i;
    }
}
