using System.Runtime.CompilerServices;
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
/// — the one logit-row KL kernel (<see cref="LogitKullbackLeiblerRowSimd"/>) in its comparison mode on double lanes, so
/// each element is read once; e and f are kept in a double scratch row. Pass 2, Jensen–Shannon without cancelling
/// entropies (<see cref="JensenShannonRows"/>): per class ¼(p + q)·h(x), x = log p − log q from the logits,
/// h(x) = x·tanh(x/2) − 2 log cosh(x/2) by its series in x², where |x| ≤ 1/4, else ½[p·(log p − log m) + q·(log q − log m)],
/// m = ½(p + q). The maxima (with the NaN/+∞ check) are one vectorised pass per row; the argmaxes are the first entries of
/// the rows' top-k (<see cref="TopK"/>), which the streaming comparison needs anyway. −∞ logits are legal (e_c = 0 terms are 0; a finite a_c with b_c = −∞ makes D(p‖q) = +∞).
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
        Span<int> topA = stackalloc int[1], topB = stackalloc int[1];
        Span<float> value = stackalloc float[1];
        return Compare(a, b, scratch, topA, topB, value);
    }

    /// <summary>
    /// As <see cref="Compare(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{double})"/>, and fills <paramref name="topA"/>,
    /// <paramref name="topB"/> (k ≤ C slots each) with the indices of the k largest logits of a and b (<see cref="TopK"/>:
    /// largest first, ties by the lower index), whose first entries are the argmaxes: one scan finds both.
    /// </summary>
    internal static LogitRowResult Compare(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<double> scratch, Span<int> topA, Span<int> topB, Span<float> topValues)
    {
        if (a.Length != b.Length || a.IsEmpty)
            throw new ArgumentException($"rows of length {a.Length} and {b.Length}: they must be equal and ≥ 1", nameof(b));
        if (scratch.Length < 2 * a.Length) throw new ArgumentException($"scratch of {scratch.Length} doubles; {2 * a.Length} are needed", nameof(scratch));
        double ma = CheckedMax(a, "a"), mb = CheckedMax(b, "b");
        TopK.Largest(a, topA, topValues);   // first index among ties of the maximum at topA[0]
        TopK.Largest(b, topB, topValues);
        int ia = topA[0], ib = topB[0];
        var e = scratch[..a.Length];
        var f = scratch.Slice(a.Length, a.Length);
        var sums = ShiftedSums(a, b, ma, mb, e, f);
        double logSa = Math.Log(sums.Sa), logSb = Math.Log(sums.Sb);
        // log s_b − log s_a = log1p(Σ(f − e) / s_a), from the difference summed per class: on nearly equal rows both
        // terms of D are O(δ) and D is O(δ²), so subtracting log s_a from log s_b would lose digits.
        double d = sums.DivergenceFromDifference;
        double dr = sums.ReverseFromDifference;
        double js = JensenShannonRows.Sum(a, b, e, f, ma + logSa, mb + logSb, 1 / sums.Sa, 1 / sums.Sb);
        return new LogitRowResult(Clamp(d), ma + logSa, mb + logSb, ia, ib, Clamp(dr), Math.Clamp(js, 0, Math.Log(2)),
            sums.U / (sums.Sa * sums.Sb), 1 / sums.Sa);
    }

    private static double Clamp(double d) => double.IsNaN(d) ? double.PositiveInfinity : Math.Max(0, d);

    /// <summary>max z, vectorised at the dispatcher's width with NaN/+∞/all −∞ detection in the same pass; throws naming the row and index.</summary>
    private static unsafe double CheckedMax(ReadOnlySpan<float> z, string name)
    {
        RowFault fault;
        double m;
        fixed (float* p = z)
            fault = SimdWidth.For<float>(z.Length) switch
            {
                VectorWidth.V512 => SoftmaxCrossEntropy.Max<float, Vector512<float>, FloatSimd512>(p, z.Length, out m),
                VectorWidth.V256 => SoftmaxCrossEntropy.Max<float, Vector256<float>, FloatSimd256>(p, z.Length, out m),
                VectorWidth.V128 => SoftmaxCrossEntropy.Max<float, Vector128<float>, FloatSimd128>(p, z.Length, out m),
                _ => SoftmaxCrossEntropyRow.Max(p, z.Length, out m),
            };
        if (fault == RowFault.LogitNotFinite)
            throw new ArgumentException($"{name}[{FirstBad(z)}]: logits must be finite or −∞ (no NaN or +∞)", name);
        if (fault != RowFault.None) throw new ArgumentException($"{name}: every logit is −∞, softmax is undefined", name);
        return m;
    }

    private static int FirstBad(ReadOnlySpan<float> z)
    {
        for (int i = 0; i < z.Length; i++) if (float.IsNaN(z[i]) || float.IsPositiveInfinity(z[i])) return i;
        return -1;
    }

    /// <summary>
    /// The first pass: a, b are rows of C floats; reads each once; writes e_c, f_c to e, f (C doubles each); returns the
    /// sums, from the one logit-row KL kernel in comparison mode on double lanes of the dispatcher's width.
    /// </summary>
    // AggressiveOptimization: compiled once, fully optimised, without a profile. The profile showed its tier-1 form (PGO
    // guided, the row kernel inlined) as the hot frame, and the float KL row's PGO-guided tier-1 code measured 1.6–1.8×
    // slower than its unprofiled form (docs/PERFORMANCE.md, 2026-12-03); here no time change was measurable either way.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe LogitRowSums ShiftedSums(ReadOnlySpan<float> a, ReadOnlySpan<float> b, double ma, double mb, Span<double> e, Span<double> f)
    {
        int n = a.Length;
        fixed (float* pa = a) fixed (float* pb = b) fixed (double* pe = e) fixed (double* pf = f)
            return SimdWidth.For<double>(n) switch
            {
                VectorWidth.V512 => LogitKullbackLeiblerRowSimd.Sums<Vector512<double>, DoubleLogitLanes<Vector512<double>, Simd512>, ComparisonMode, float>(pa, pb, n, ma, mb, pe, pf),
                VectorWidth.V256 => LogitKullbackLeiblerRowSimd.Sums<Vector256<double>, DoubleLogitLanes<Vector256<double>, Simd256>, ComparisonMode, float>(pa, pb, n, ma, mb, pe, pf),
                VectorWidth.V128 => LogitKullbackLeiblerRowSimd.Sums<Vector128<double>, DoubleLogitLanes<Vector128<double>, Simd128>, ComparisonMode, float>(pa, pb, n, ma, mb, pe, pf),
                _ => LogitKullbackLeiblerRowSimd.Sums<double, ScalarLogitLanes, ComparisonMode, float>(pa, pb, n, ma, mb, pe, pf),
            };
    }
}
