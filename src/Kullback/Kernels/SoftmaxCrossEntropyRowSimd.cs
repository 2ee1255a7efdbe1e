namespace Kullback.Kernels;

/// <summary>
/// The float, vectorised form of <see cref="SoftmaxCrossEntropyRow"/> (same formulas, same outputs): logits z is one row
/// of C floats, weights (optional) C floats, the gradient row C floats. Pass 1: m = max z. Pass 2 (fused): e_c = exp(z_c − m)
/// written into the gradient row, s = Σ e_c, and the target sums. Pass 3: ∂ℓ/∂z = e·(scale·W̃/s) − scale·w∘p̃ in place.
/// The row stays in L1/L2 between passes, so memory sees one read of z (and p) and one write of the gradient.
/// Sums accumulate in float over blocks of <see cref="Block"/> vectors and in double across blocks.
/// Rows shorter than one vector go to the scalar form.
/// </summary>
internal static unsafe class SoftmaxCrossEntropyRowSimd
{
    /// <summary>Vectors summed in float before the partial sum is added in double.</summary>
    private const int Block = 32;

    /// <summary>Class-index target y, at the width <see cref="SimdWidth"/> picks for the row.</summary>
    public static RowOutcome Hard(float* z, int cols, int y, double epsilon, float* weights, double weightSum, bool kullbackLeibler, float* gradient, double scale)
    {
        return SimdWidth.For<float>(cols) switch
        {
            VectorWidth.V512 => Hard<System.Runtime.Intrinsics.Vector512<float>, FloatSimd512>(z, cols, y, epsilon, weights, weightSum, kullbackLeibler, gradient, scale),
            VectorWidth.V256 => Hard<System.Runtime.Intrinsics.Vector256<float>, FloatSimd256>(z, cols, y, epsilon, weights, weightSum, kullbackLeibler, gradient, scale),
            VectorWidth.V128 => Hard<System.Runtime.Intrinsics.Vector128<float>, FloatSimd128>(z, cols, y, epsilon, weights, weightSum, kullbackLeibler, gradient, scale),
            _ => SoftmaxCrossEntropyRow.Hard(z, cols, y, epsilon, weights, weightSum, kullbackLeibler, gradient, scale),
        };
    }

    /// <summary>Probability target row p, at the width <see cref="SimdWidth"/> picks for the row.</summary>
    public static RowOutcome Soft(float* z, float* p, int cols, double epsilon, float* weights, bool kullbackLeibler, bool decompose, double tolerance, float* gradient, double scale)
    {
        return SimdWidth.For<float>(cols) switch
        {
            VectorWidth.V512 => Soft<System.Runtime.Intrinsics.Vector512<float>, FloatSimd512>(z, p, cols, epsilon, weights, kullbackLeibler, decompose, tolerance, gradient, scale),
            VectorWidth.V256 => Soft<System.Runtime.Intrinsics.Vector256<float>, FloatSimd256>(z, p, cols, epsilon, weights, kullbackLeibler, decompose, tolerance, gradient, scale),
            VectorWidth.V128 => Soft<System.Runtime.Intrinsics.Vector128<float>, FloatSimd128>(z, p, cols, epsilon, weights, kullbackLeibler, decompose, tolerance, gradient, scale),
            _ => SoftmaxCrossEntropyRow.Soft(z, p, cols, epsilon, weights, kullbackLeibler, tolerance, gradient, scale),
        };
    }

    /// <summary>s = Σ exp(z_c − m), storing each exp into <paramref name="e"/> when it is not null.</summary>
    private static double SumExp<TV, TOps>(float* z, int n, float m, float* e) where TV : struct where TOps : ISimdFloat<TV>
    {
        int k = TOps.Count;
        TV vm = TOps.Broadcast(m), acc = TOps.Broadcast(0);
        double s = 0;
        int i = 0, blk = 0;
        for (; i + k <= n; i += k)
        {
            TV x = TOps.Exp(TOps.Subtract(TOps.Load(z + i), vm));
            if (e != null) TOps.Store(e + i, x);
            acc = TOps.Add(acc, x);
            if (++blk == Block) { s += TOps.SumAcross(acc); acc = TOps.Broadcast(0); blk = 0; }
        }
        if (i < n)
        {
            TV x = TOps.Exp(TOps.Subtract(TOps.Load(z + n - k), vm));
            if (e != null) TOps.Store(e + n - k, x);
            acc = TOps.Add(acc, TOps.Keep(TOps.LastLanes(n - i), x));
        }
        return s + TOps.SumAcross(acc);
    }

    /// <summary>Σ_c (z_c − m) and Σ_c w_c·(z_c − m) (terms with w_c = 0 are 0); only label smoothing needs them.</summary>
    private static (double Plain, double Weighted) SumShifted<TV, TOps>(float* z, float* w, int n, float m) where TV : struct where TOps : ISimdFloat<TV>
    {
        int k = TOps.Count;
        TV vm = TOps.Broadcast(m), acc = TOps.Broadcast(0), accW = acc;
        double plain = 0, weighted = 0;
        int i = 0, blk = 0;
        for (; i + k <= n; i += k)
        {
            TV d = TOps.Subtract(TOps.Load(z + i), vm);
            acc = TOps.Add(acc, d);
            if (w != null) { TV wv = TOps.Load(w + i); accW = TOps.Add(accW, TOps.ZeroWhereZero(wv, TOps.Multiply(wv, d))); }
            if (++blk == Block) { plain += TOps.SumAcross(acc); weighted += TOps.SumAcross(accW); acc = accW = TOps.Broadcast(0); blk = 0; }
        }
        if (i < n)
        {
            TV mask = TOps.LastLanes(n - i);
            TV d = TOps.Subtract(TOps.Load(z + n - k), vm);
            acc = TOps.Add(acc, TOps.Keep(mask, d));
            if (w != null) { TV wv = TOps.Keep(mask, TOps.Load(w + n - k)); accW = TOps.Add(accW, TOps.ZeroWhereZero(wv, TOps.Multiply(wv, d))); }
        }
        plain += TOps.SumAcross(acc);
        weighted += TOps.SumAcross(accW);
        return (plain, w == null ? plain : weighted);
    }

    /// <summary>g ← g·alpha − beta·(w or 1) in place (g holds e = exp(z − m) from the sum pass).</summary>
    private static void ScaleGradient<TV, TOps>(float* g, float* w, int n, float alpha, float beta) where TV : struct where TOps : ISimdFloat<TV>
    {
        int k = TOps.Count;
        TV va = TOps.Broadcast(alpha), vb = TOps.Broadcast(-beta);
        // the overlapping tail is read before the main loop rewrites its first lanes
        bool tail = n % k != 0;
        TV tailIn = tail ? TOps.Load(g + n - k) : default;
        TV tailW = tail && w != null ? TOps.Load(w + n - k) : default;
        int i = 0;
        for (; i + k <= n; i += k)
        {
            TV bias = w == null ? vb : TOps.Multiply(vb, TOps.Load(w + i));
            TOps.Store(g + i, TOps.MultiplyAdd(TOps.Load(g + i), va, bias));
        }
        if (tail)
        {
            TV bias = w == null ? vb : TOps.Multiply(vb, tailW);
            TOps.Store(g + n - k, TOps.MultiplyAdd(tailIn, va, bias));
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static RowOutcome Hard<TV, TOps>(float* z, int cols, int y, double epsilon, float* weights, double weightSum, bool kullbackLeibler, float* gradient, double scale)
        where TV : struct where TOps : ISimdFloat<TV>
    {
        var fault = RowMaxSimd.Max<TV, TOps>(z, cols, out float m);
        if (fault != RowFault.None) return RowOutcome.Faulted(fault);
        double s = SumExp<TV, TOps>(z, cols, m, gradient);
        double logS = Math.Log(s);
        double b = epsilon / cols, a = 1 - epsilon + b;
        double wy = weights == null ? 1 : weights[y];
        double zy = (double)z[y] - m;
        double nllY = logS - zy;
        double crossEntropy = (1 - epsilon) * nllY, weighted = (1 - epsilon) * wy * nllY;
        if (epsilon > 0)
        {
            var (shifted, shiftedWeighted) = SumShifted<TV, TOps>(z, weights, cols, m);
            crossEntropy += b * (cols * logS - shifted);
            weighted += b * (weightSum * logS - shiftedWeighted);
        }
        double entropy = epsilon > 0 ? -(SoftmaxCrossEntropyRow.XLogX(a) + (cols - 1) * SoftmaxCrossEntropyRow.XLogX(b)) : 0;
        double divergence = Math.Max(0, crossEntropy - entropy);
        double loss = weighted;
        if (kullbackLeibler)
            loss = weights == null ? divergence : weighted + (wy * SoftmaxCrossEntropyRow.XLogX(a) + (weightSum - wy) * SoftmaxCrossEntropyRow.XLogX(b));
        if (gradient != null)
        {
            double wTilde = (1 - epsilon) * wy + b * weightSum;
            ScaleGradient<TV, TOps>(gradient, weights, cols, (float)(scale * wTilde / s), (float)(scale * b));
            gradient[y] = (float)(gradient[y] - scale * (1 - epsilon) * wy);
        }
        return new RowOutcome { Loss = loss, Entropy = entropy, CrossEntropy = crossEntropy, Divergence = divergence };
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static RowOutcome Soft<TV, TOps>(float* z, float* p, int cols, double epsilon, float* weights, bool kullbackLeibler, bool decompose, double tolerance, float* gradient, double scale)
        where TV : struct where TOps : ISimdFloat<TV>
    {
        bool logs = decompose || kullbackLeibler;
        if (weights == null && epsilon == 0 && !logs) return SoftPlain<TV, TOps>(z, p, cols, tolerance, gradient, scale);
        var fault = RowMaxSimd.Max<TV, TOps>(z, cols, out float m);
        if (fault != RowFault.None) return RowOutcome.Faulted(fault);
        int k = TOps.Count;
        TV vm = TOps.Broadcast(m), keepP = TOps.Broadcast((float)(1 - epsilon)), vb = TOps.Broadcast((float)(epsilon / cols));
        TV zero = TOps.Broadcast(0), bad = zero;
        TV aS = zero, aRaw = zero, aW = zero, aA = zero, aP = zero, aB = zero, aH = zero, aWH = zero;
        double s = 0, raw = 0, sumWP = 0, sumWPZ = 0, sumP = 0, sumPZ = 0, sumPLogP = 0, sumWPLogP = 0;
        int blk = 0;
        for (int i = 0; i < cols; i += k)
        {
            bool last = i + k > cols;
            int at = last ? cols - k : i;                 // the overlapping tail vector counts only its new lanes
            TV mask = last ? TOps.LastLanes(cols - i) : zero;
            TV d = TOps.Subtract(TOps.Load(z + at), vm);
            TV e = TOps.Exp(d);
            if (gradient != null) TOps.Store(gradient + at, e);
            TV pr = TOps.Load(p + at);
            bad = TOps.Or(bad, TOps.NegativeOrNaNMask(pr));
            TV pt = TOps.MultiplyAdd(pr, keepP, vb);
            if (last) { e = TOps.Keep(mask, e); pr = TOps.Keep(mask, pr); pt = TOps.Keep(mask, pt); }
            TV wp = weights == null ? pt : TOps.Multiply(TOps.Load(weights + at), pt);
            aS = TOps.Add(aS, e);
            aRaw = TOps.Add(aRaw, pr);
            aW = TOps.Add(aW, wp);
            aA = TOps.Add(aA, TOps.ZeroWhereZero(wp, TOps.Multiply(wp, d)));
            if (logs)
            {
                TV logP = TOps.Log(pt);
                aP = TOps.Add(aP, pt);
                aB = TOps.Add(aB, TOps.ZeroWhereZero(pt, TOps.Multiply(pt, d)));
                aH = TOps.Add(aH, TOps.ZeroWhereZero(pt, TOps.Multiply(pt, logP)));
                if (weights != null) aWH = TOps.Add(aWH, TOps.ZeroWhereZero(wp, TOps.Multiply(wp, logP)));
            }
            if (++blk == Block || i + k >= cols)
            {
                s += TOps.SumAcross(aS); raw += TOps.SumAcross(aRaw); sumWP += TOps.SumAcross(aW); sumWPZ += TOps.SumAcross(aA);
                aS = aRaw = aW = aA = zero;
                if (logs)
                {
                    sumP += TOps.SumAcross(aP); sumPZ += TOps.SumAcross(aB); sumPLogP += TOps.SumAcross(aH); sumWPLogP += TOps.SumAcross(aWH);
                    aP = aB = aH = aWH = zero;
                }
                blk = 0;
            }
        }
        if (TOps.AnyBitSet(bad)) return RowOutcome.Faulted(RowFault.NegativeProbability);
        if (!(Math.Abs(raw - 1) <= tolerance)) return RowOutcome.Faulted(RowFault.NotNormalised);
        if (weights == null) sumWPLogP = sumPLogP;
        double logS = Math.Log(s);
        double crossEntropy = sumP * logS - sumPZ, entropy = -sumPLogP;
        double divergence = Math.Max(0, crossEntropy - entropy);
        double weighted = sumWP * logS - sumWPZ;
        double loss = !kullbackLeibler ? weighted : weights == null ? divergence : weighted + sumWPLogP;
        if (!logs) crossEntropy = entropy = divergence = 0;
        if (gradient != null) SoftGradient<TV, TOps>(gradient, p, weights, cols, (float)(scale * sumWP / s), (float)(1 - epsilon), (float)(epsilon / cols), (float)scale);
        return new RowOutcome { Loss = loss, Entropy = entropy, CrossEntropy = crossEntropy, Divergence = divergence };
    }

    /// <summary>The common case of <see cref="Soft{TV, TOps}"/> (no weights, no smoothing, no decomposition) with the fewest
    /// operations per element: ℓ = (Σ p)·log s − Σ p·(z − m); negative targets are found by a running minimum and NaN ones
    /// by the row sum (which then fails the normalisation check).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static RowOutcome SoftPlain<TV, TOps>(float* z, float* p, int cols, double tolerance, float* gradient, double scale)
        where TV : struct where TOps : ISimdFloat<TV>
    {
        var fault = RowMaxSimd.Max<TV, TOps>(z, cols, out float m);
        if (fault != RowFault.None) return RowOutcome.Faulted(fault);
        int k = TOps.Count;
        TV vm = TOps.Broadcast(m), zero = TOps.Broadcast(0), least = zero;
        TV aS = zero, aP = zero, aA = zero;
        double s = 0, sumP = 0, sumPZ = 0;
        int blk = 0;
        for (int i = 0; i < cols; i += k)
        {
            bool last = i + k > cols;
            int at = last ? cols - k : i;
            TV d = TOps.Subtract(TOps.Load(z + at), vm);
            TV e = TOps.Exp(d);
            if (gradient != null) TOps.Store(gradient + at, e);
            TV pr = TOps.Load(p + at);
            least = TOps.Min(least, pr);
            if (last) { TV mask = TOps.LastLanes(cols - i); e = TOps.Keep(mask, e); pr = TOps.Keep(mask, pr); }
            aS = TOps.Add(aS, e);
            aP = TOps.Add(aP, pr);
            aA = TOps.Add(aA, TOps.ZeroWhereZero(pr, TOps.Multiply(pr, d)));
            if (++blk == Block || i + k >= cols)
            {
                s += TOps.SumAcross(aS); sumP += TOps.SumAcross(aP); sumPZ += TOps.SumAcross(aA);
                aS = aP = aA = zero;
                blk = 0;
            }
        }
        if (TOps.MinAcross(least) < 0) return RowOutcome.Faulted(RowFault.NegativeProbability);
        if (!(Math.Abs(sumP - 1) <= tolerance)) return RowOutcome.Faulted(RowFault.NotNormalised);
        double loss = sumP * Math.Log(s) - sumPZ;
        if (gradient != null) SoftGradient<TV, TOps>(gradient, p, null, cols, (float)(scale * sumP / s), 1, 0, (float)scale);
        return new RowOutcome { Loss = loss };
    }

    /// <summary>g ← g·alpha − scale·w∘((1 − ε)·p + ε/C) in place (g holds e = exp(z − m)).</summary>
    private static void SoftGradient<TV, TOps>(float* g, float* p, float* w, int n, float alpha, float keep, float b, float scale) where TV : struct where TOps : ISimdFloat<TV>
    {
        int k = TOps.Count;
        TV va = TOps.Broadcast(alpha), vk = TOps.Broadcast(keep), vb = TOps.Broadcast(b), vs = TOps.Broadcast(-scale);
        bool tail = n % k != 0;
        TV tailIn = tail ? TOps.Load(g + n - k) : default;
        int i = 0;
        for (; i + k <= n; i += k)
        {
            TV wp = TOps.MultiplyAdd(TOps.Load(p + i), vk, vb);
            if (w != null) wp = TOps.Multiply(wp, TOps.Load(w + i));
            TOps.Store(g + i, TOps.MultiplyAdd(wp, vs, TOps.Multiply(TOps.Load(g + i), va)));
        }
        if (tail)
        {
            TV wp = TOps.MultiplyAdd(TOps.Load(p + n - k), vk, vb);
            if (w != null) wp = TOps.Multiply(wp, TOps.Load(w + n - k));
            TOps.Store(g + n - k, TOps.MultiplyAdd(wp, vs, TOps.Multiply(tailIn, va)));
        }
    }
}
