using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Kullback.Kernels;

namespace Kullback.Estimation;

/// <summary>What the fused pass over a pair of logit rows a, b yields (p = softmax(a), q = softmax(b)).</summary>
/// <param name="Divergence">D(p‖q) in nats, clamped at 0 against rounding.</param>
/// <param name="LogPartitionA">LSE(a) = log Σ_c exp(a_c), so log p_c = a_c − LSE(a).</param>
/// <param name="LogPartitionB">LSE(b).</param>
/// <param name="ArgMaxA">The first index of max a.</param>
/// <param name="ArgMaxB">The first index of max b.</param>
/// <param name="ReverseDivergence">D(q‖p) in nats, clamped at 0.</param>
/// <param name="JensenShannon">JS(p, q) = ½ D(p‖m) + ½ D(q‖m), m = ½(p + q), in nats (≤ ln 2).</param>
/// <param name="SameSampled">Σ_c p_c q_c, the chance that one draw from p and one from q agree.</param>
/// <param name="MaxProbabilityA">max_c p_c = 1 / Σ_c exp(a_c − max a).</param>
public readonly record struct LogitRowResult(double Divergence, double LogPartitionA, double LogPartitionB, int ArgMaxA, int ArgMaxB,
    double ReverseDivergence, double JensenShannon, double SameSampled, double MaxProbabilityA);

/// <summary>
/// The fused row pass of <c>compare --logits</c>: from float logits a, b (length C), vectorised, in double. Pass 1
/// (with e_c = exp(a_c − m_a), f_c = exp(b_c − m_b), m = max, δ_c = (a_c − m_a) − (b_c − m_b)):
/// <code>
/// s_a = Σ e_c, s_b = Σ f_c, t = Σ e_c·δ_c, r = −Σ f_c·δ_c, u = Σ e_c·f_c, w = Σ (f_c − e_c)
/// D(p‖q) = t / s_a + log1p(w / s_a),   D(q‖p) = r / s_b + log1p(−w / s_b),   Σ p q = u / (s_a·s_b)
/// LSE(a) = m_a + log s_a,   max p = 1 / s_a
/// </code>
/// — the KL formula of <see cref="Kernels.LogitKullbackLeibler"/> (its scalar reference, which the tests compare
/// against), fused with what the comparison also needs, so each element is read once; e and f are kept in a double
/// scratch row. Pass 2, Jensen–Shannon without cancelling entropies: with g = max(p_c, q_c), ρ = min/max ∈ [0, 1] and
/// |x| = |log p_c − log q_c|, each class adds ½ g·(L + ρ·(L − |x|)), L = ln 2 − log(1 + ρ) (0 when g = 0; the ρ term 0
/// when ρ = 0). −∞ logits are legal (e_c = 0 terms are 0; a finite a_c with b_c = −∞ makes D(p‖q) = +∞).
/// Why not the losses kernel itself: its float path evaluates exp in float, which is ~60 % off on per-token KL near
/// 1e-8; here exp and every sum are in double, so each statistic matches a float64 reference to 1e-6 relative.
/// </summary>
public static class LogitRowComparison
{
    /// <summary>Compares one pair of rows (allocates a 2·C double scratch; the streaming comparison passes its own).</summary>
    /// <param name="a">Logits of the reference model A.</param>
    /// <param name="b">Logits of model B, the same length C ≥ 1.</param>
    /// <exception cref="ArgumentException">Lengths differ or are 0, or a row holds NaN or +∞, or only −∞ (message names a or b and the index).</exception>
    public static LogitRowResult Compare(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Compare(a, b, new double[2 * Math.Max(a.Length, 1)]);

    /// <summary>Compares one pair of rows using <paramref name="scratch"/> (at least 2·C doubles) for e and f.</summary>
    /// <param name="a">Logits of the reference model A.</param>
    /// <param name="b">Logits of model B, the same length C ≥ 1.</param>
    /// <param name="scratch">At least 2·C doubles owned by the caller.</param>
    /// <exception cref="ArgumentException">Lengths differ or are 0, a row holds NaN or +∞ or only −∞, or the scratch is short.</exception>
    public static LogitRowResult Compare(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<double> scratch)
    {
        if (a.Length != b.Length || a.IsEmpty)
            throw new ArgumentException($"rows of length {a.Length} and {b.Length}: they must be equal and ≥ 1", nameof(b));
        if (scratch.Length < 2 * a.Length) throw new ArgumentException($"scratch of {scratch.Length} doubles; {2 * a.Length} are needed", nameof(scratch));
        int ia = CheckedArgMax(a, "a"), ib = CheckedArgMax(b, "b");
        ia = a.IndexOf(a[ia]);   // the first index among ties (IndexOfMax's vector path may return a later one)
        ib = b.IndexOf(b[ib]);
        double ma = a[ia], mb = b[ib];
        var e = scratch[..a.Length];
        var f = scratch.Slice(a.Length, a.Length);
        var sums = ShiftedSums(a, b, ma, mb, e, f);
        double logSa = Math.Log(sums.Sa), logSb = Math.Log(sums.Sb);
        // log s_b − log s_a = log1p(Σ(f − e) / s_a), from the difference summed per class: on nearly equal rows both
        // terms of D are O(δ) and D is O(δ²), so subtracting log s_a from log s_b would lose digits.
        double d = sums.T / sums.Sa + LogRatio.Log1P(sums.Diff / sums.Sa);
        double dr = sums.R / sums.Sb + LogRatio.Log1P(-sums.Diff / sums.Sb);
        double js = JensenShannonRows.Sum(a, b, e, f, ma + logSa, mb + logSb, 1 / sums.Sa, 1 / sums.Sb);
        return new LogitRowResult(Clamp(d), ma + logSa, mb + logSb, ia, ib, Clamp(dr), Math.Clamp(js, 0, Math.Log(2)),
            sums.U / (sums.Sa * sums.Sb), 1 / sums.Sa);
    }

    private static double Clamp(double d) => double.IsNaN(d) ? double.PositiveInfinity : Math.Max(0, d);

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

    private record struct Sums(double Sa, double Sb, double T, double R, double U, double Diff);

    private static Sums ShiftedSums(ReadOnlySpan<float> a, ReadOnlySpan<float> b, double ma, double mb, Span<double> e, Span<double> f)
    {
        int i = 0;
        var s = default(Sums);
        i = SimdWidth.For<double>(a.Length, blocks: 2) switch
        {
            VectorWidth.V512 => ShiftedSums<Vector512<double>, Simd512>(a, b, ma, mb, e, f, ref s),
            VectorWidth.V256 => ShiftedSums<Vector256<double>, Simd256>(a, b, ma, mb, e, f, ref s),
            VectorWidth.V128 => ShiftedSums<Vector128<double>, Simd128>(a, b, ma, mb, e, f, ref s),
            _ => 0,
        };
        for (; i < a.Length; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            double ea = Math.Exp(da), eb = Math.Exp(db);
            e[i] = ea;
            f[i] = eb;
            s.Sa += ea;
            s.Sb += eb;
            s.U += ea * eb;
            s.Diff += eb - ea;
            if (ea != 0) s.T += ea * (da - db);
            if (eb != 0) s.R += eb * (db - da);
        }
        return s;
    }

    /// <summary>
    /// The vector part of the first pass: 2·Count floats a step, widened to double, into two independent accumulator
    /// sets; stores e and f; returns where the scalar tail starts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ShiftedSums<TV, TS>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, double ma, double mb, Span<double> e, Span<double> f, ref Sums s)
        where TV : struct where TS : ISimd<TV>
    {
        int n = a.Length, step = 2 * TS.Count, i = 0;
        TV vma = TS.Broadcast(ma), vmb = TS.Broadcast(mb);
        var acc0 = new Accumulators<TV, TS>();
        var acc1 = new Accumulators<TV, TS>();
        for (; i <= n - step; i += step)
        {
            acc0.Add(TS.Subtract(TS.Load(a, i), vma), TS.Subtract(TS.Load(b, i), vmb), e, f, i);
            acc1.Add(TS.Subtract(TS.Load(a, i + TS.Count), vma), TS.Subtract(TS.Load(b, i + TS.Count), vmb), e, f, i + TS.Count);
        }
        s.Sa = TS.SumAcross(TS.Add(acc0.Sa, acc1.Sa));
        s.Sb = TS.SumAcross(TS.Add(acc0.Sb, acc1.Sb));
        s.T = TS.SumAcross(TS.Add(acc0.T, acc1.T));
        s.R = TS.SumAcross(TS.Add(acc0.R, acc1.R));
        s.U = TS.SumAcross(TS.Add(acc0.U, acc1.U));
        s.Diff = TS.SumAcross(TS.Add(acc0.Diff, acc1.Diff));
        return i;
    }

    /// <summary>One set of lane accumulators of the first pass.</summary>
    private struct Accumulators<TV, TS> where TV : struct where TS : ISimd<TV>
    {
        public TV Sa, Sb, T, R, U, Diff;

        public Accumulators()
        {
            Sa = Sb = T = R = U = Diff = TS.Zero;
        }

        /// <summary>e = e^{da}, f = e^{db}; s_a += e; s_b += f; u += e·f; t += e·(da − db) where e ≠ 0; r += f·(db − da) where f ≠ 0 (so −∞ − −∞ never enters).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(TV da, TV db, Span<double> e, Span<double> f, int i)
        {
            var ea = NonPositiveExp.Exp<TV, TS>(da);
            var eb = NonPositiveExp.Exp<TV, TS>(db);
            TS.Store(ea, e, i);
            TS.Store(eb, f, i);
            Sa = TS.Add(Sa, ea);
            Sb = TS.Add(Sb, eb);
            U = TS.FusedMultiplyAdd(ea, eb, U);
            Diff = TS.Add(Diff, TS.Subtract(eb, ea));
            var delta = TS.Subtract(da, db);
            T = TS.Add(T, TS.Select(TS.Equal(ea, TS.Zero), TS.Zero, TS.Multiply(ea, delta)));
            R = TS.Subtract(R, TS.Select(TS.Equal(eb, TS.Zero), TS.Zero, TS.Multiply(eb, delta)));
        }
    }
}
