using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Sa, double Sb, double T) ShiftedSums(ReadOnlySpan<float> a, ReadOnlySpan<float> b, double ma, double mb)
    {
        int n = a.Length, i = 0;
        double sa = 0, sb = 0, t = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            ref float ra = ref MemoryMarshal.GetReference(a);
            ref float rb = ref MemoryMarshal.GetReference(b);
            var vma = Vector512.Create(ma);
            var vmb = Vector512.Create(mb);
            Vector512<double> sa0 = default, sa1 = default, sb0 = default, sb1 = default, t0 = default, t1 = default;
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var (alo, ahi) = Vector512.Widen(Vector512.LoadUnsafe(ref ra, (nuint)i));
                var (blo, bhi) = Vector512.Widen(Vector512.LoadUnsafe(ref rb, (nuint)i));
                Accumulate(alo - vma, blo - vmb, ref sa0, ref sb0, ref t0);
                Accumulate(ahi - vma, bhi - vmb, ref sa1, ref sb1, ref t1);
            }
            sa = Vector512.Sum(sa0 + sa1);
            sb = Vector512.Sum(sb0 + sb1);
            t = Vector512.Sum(t0 + t1);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            ref float ra = ref MemoryMarshal.GetReference(a);
            ref float rb = ref MemoryMarshal.GetReference(b);
            var vma = Vector256.Create(ma);
            var vmb = Vector256.Create(mb);
            Vector256<double> sa0 = default, sa1 = default, sb0 = default, sb1 = default, t0 = default, t1 = default;
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (alo, ahi) = Vector256.Widen(Vector256.LoadUnsafe(ref ra, (nuint)i));
                var (blo, bhi) = Vector256.Widen(Vector256.LoadUnsafe(ref rb, (nuint)i));
                Accumulate(alo - vma, blo - vmb, ref sa0, ref sb0, ref t0);
                Accumulate(ahi - vma, bhi - vmb, ref sa1, ref sb1, ref t1);
            }
            sa = Vector256.Sum(sa0 + sa1);
            sb = Vector256.Sum(sb0 + sb1);
            t = Vector256.Sum(t0 + t1);
        }
        for (; i < n; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            double ea = Math.Exp(da);
            sa += ea;
            sb += Math.Exp(db);
            if (ea != 0) t += ea * (da - db);
        }
        return (sa, sb, t);
    }

    /// <summary>s_a += e^{da}; s_b += e^{db}; t += e^{da}·(da − db) where e^{da} ≠ 0 (so −∞ − −∞ never enters).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(Vector512<double> da, Vector512<double> db, ref Vector512<double> sa, ref Vector512<double> sb, ref Vector512<double> t)
    {
        var ea = NonPositiveExp.Exp(da);
        sa += ea;
        sb += NonPositiveExp.Exp(db);
        t += Vector512.ConditionalSelect(Vector512.Equals(ea, Vector512<double>.Zero), Vector512<double>.Zero, ea * (da - db));
    }

    /// <inheritdoc cref="Accumulate(Vector512{double}, Vector512{double}, ref Vector512{double}, ref Vector512{double}, ref Vector512{double})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(Vector256<double> da, Vector256<double> db, ref Vector256<double> sa, ref Vector256<double> sb, ref Vector256<double> t)
    {
        var ea = NonPositiveExp.Exp(da);
        sa += ea;
        sb += NonPositiveExp.Exp(db);
        t += Vector256.ConditionalSelect(Vector256.Equals(ea, Vector256<double>.Zero), Vector256<double>.Zero, ea * (da - db));
    }
}
