using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Kullback.Kernels;

namespace Kullback.Estimation;

/// <summary>What one pass over a pair of logit rows a, b yields.</summary>
/// <param name="Divergence">D(softmax(a)‖softmax(b)) in nats, clamped at 0 against rounding.</param>
/// <param name="LogPartitionA">LSE(a) = log Σ_c exp(a_c), so log softmax(a)_c = a_c − LSE(a).</param>
/// <param name="LogPartitionB">LSE(b).</param>
/// <param name="ArgMaxA">The first index of max a.</param>
/// <param name="ArgMaxB">The first index of max b.</param>
public readonly record struct LogitRowResult(double Divergence, double LogPartitionA, double LogPartitionB, int ArgMaxA, int ArgMaxB);

/// <summary>
/// The fused row pass of <c>compare --logits</c>: from float logits a, b (length C) in one vectorised pass in double,
/// <code>
/// m_a = max a, m_b = max b, e_c = exp(a_c − m_a), s_a = Σ e_c, s_b = Σ exp(b_c − m_b), t = Σ e_c·((a_c − m_a) − (b_c − m_b))
/// D(softmax(a)‖softmax(b)) = t / s_a − log s_a + log s_b,   LSE(a) = m_a + log s_a,   LSE(b) = m_b + log s_b
/// </code>
/// — the formula of <see cref="Kernels.LogitKullbackLeibler"/> (its scalar reference, which the tests compare
/// against), fused with the log-partitions and arg-maxes the comparison also needs, so each element is read once.
/// −∞ logits are legal (e_c = 0 terms are 0; a finite a_c with b_c = −∞ gives +∞).
/// Why not that kernel itself: its float path evaluates exp in float, which is ~60 % off on per-token KL near 1e-8;
/// here exp and every sum are in double, so each statistic matches a float64 reference to 1e-6 relative.
/// </summary>
public static class LogitRowComparison
{
    /// <summary>Compares one pair of rows.</summary>
    /// <param name="a">Logits of the reference model A.</param>
    /// <param name="b">Logits of model B, the same length C ≥ 1.</param>
    /// <exception cref="ArgumentException">Lengths differ or are 0, or a row holds NaN or +∞, or only −∞ (message names a or b and the index).</exception>
    public static LogitRowResult Compare(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length || a.IsEmpty)
            throw new ArgumentException($"rows of length {a.Length} and {b.Length}: they must be equal and ≥ 1", nameof(b));
        int ia = CheckedArgMax(a, "a"), ib = CheckedArgMax(b, "b");
        double ma = a[ia], mb = b[ib];
        var (sa, sb, t) = ShiftedSums(a, b, ma, mb);
        double logSa = Math.Log(sa), logSb = Math.Log(sb);
        double d = t / sa - logSa + logSb;
        return new LogitRowResult(double.IsNaN(d) ? double.PositiveInfinity : Math.Max(0, d), ma + logSa, mb + logSb, ia, ib);
    }

    private static int CheckedArgMax(ReadOnlySpan<float> z, string name)
    {
        int i = TensorPrimitives.IndexOfMax(z);
        float v = z[i];
        if (float.IsNaN(v) || float.IsPositiveInfinity(v))
            throw new ArgumentException($"{name}[{FirstBad(z)}]: logits must be finite or −∞ (no NaN or +∞)", name);
        if (float.IsNegativeInfinity(v)) throw new ArgumentException($"{name}: every logit is −∞, softmax is undefined", name);
        return i;
    }

    private static int FirstBad(ReadOnlySpan<float> z)
    {
        for (int i = 0; i < z.Length; i++) if (float.IsNaN(z[i]) || float.IsPositiveInfinity(z[i])) return i;
        return -1;
    }

    private static (double Sa, double Sb, double T) ShiftedSums(ReadOnlySpan<float> a, ReadOnlySpan<float> b, double ma, double mb)
    {
        int i = 0;
        double sa = 0, sb = 0, t = 0;
        i = SimdWidth.For<double>(a.Length, blocks: 2) switch
        {
            VectorWidth.V512 => ShiftedSums<Vector512<double>, Simd512>(a, b, ma, mb, ref sa, ref sb, ref t),
            VectorWidth.V256 => ShiftedSums<Vector256<double>, Simd256>(a, b, ma, mb, ref sa, ref sb, ref t),
            VectorWidth.V128 => ShiftedSums<Vector128<double>, Simd128>(a, b, ma, mb, ref sa, ref sb, ref t),
            _ => 0,
        };
        for (; i < a.Length; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            double ea = Math.Exp(da);
            sa += ea;
            sb += Math.Exp(db);
            if (ea != 0) t += ea * (da - db);
        }
        return (sa, sb, t);
    }

    /// <summary>
    /// The vector part of <see cref="ShiftedSums(ReadOnlySpan{float}, ReadOnlySpan{float}, double, double)"/>: 2·Count
    /// floats a step, widened to double, into two independent accumulator sets; returns where the scalar tail starts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ShiftedSums<TV, TS>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, double ma, double mb, ref double sa, ref double sb, ref double t)
        where TV : struct where TS : ISimd<TV>
    {
        int n = a.Length, step = 2 * TS.Count, i = 0;
        TV vma = TS.Broadcast(ma), vmb = TS.Broadcast(mb);
        TV sa0 = TS.Zero, sa1 = TS.Zero, sb0 = TS.Zero, sb1 = TS.Zero, t0 = TS.Zero, t1 = TS.Zero;
        for (; i <= n - step; i += step)
        {
            Accumulate<TV, TS>(TS.Subtract(TS.Load(a, i), vma), TS.Subtract(TS.Load(b, i), vmb), ref sa0, ref sb0, ref t0);
            Accumulate<TV, TS>(TS.Subtract(TS.Load(a, i + TS.Count), vma), TS.Subtract(TS.Load(b, i + TS.Count), vmb), ref sa1, ref sb1, ref t1);
        }
        sa = TS.SumAcross(TS.Add(sa0, sa1));
        sb = TS.SumAcross(TS.Add(sb0, sb1));
        t = TS.SumAcross(TS.Add(t0, t1));
        return i;
    }

    /// <summary>s_a += e^{da}; s_b += e^{db}; t += e^{da}·(da − db) where e^{da} ≠ 0 (so −∞ − −∞ never enters).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate<TV, TS>(TV da, TV db, ref TV sa, ref TV sb, ref TV t) where TV : struct where TS : ISimd<TV>
    {
        var ea = NonPositiveExp.Exp<TV, TS>(da);
        sa = TS.Add(sa, ea);
        sb = TS.Add(sb, NonPositiveExp.Exp<TV, TS>(db));
        t = TS.Add(t, TS.Select(TS.Equal(ea, TS.Zero), TS.Zero, TS.Multiply(ea, TS.Subtract(da, db))));
    }
}
