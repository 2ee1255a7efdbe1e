using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Kullback.Losses;

namespace Kullback.Kernels;

/// <summary>
/// The one fused softmax cross-entropy kernel: for a row of logits z (length C), class weights w and the (smoothed) target
/// p̃ = (1 − ε)·p + ε/C (p = e_y for a class index y), the loss and, in the same call, ∂ℓ/∂z:
/// <code>
/// m = max z, e_c = exp(z_c − m), s = Σ e_c, L = log s          (log q_c = z_c − m − L)
/// CE_w = Σ_c w_c·p̃_c·(L − (z_c − m)) = W̃·L − Σ_c w_c·p̃_c·(z_c − m),   W̃ = Σ_c w_c·p̃_c
/// KL_w = Σ_c w_c·p̃_c·(log p̃_c − log q_c) = CE_w − H_w(P̃)
/// ∂ℓ/∂z_c = scale·(W̃·q_c − w_c·p̃_c) = e_c·(scale·W̃/s) − scale·w_c·p̃_c
/// </code>
/// Terms with w_c·p̃_c = 0 contribute 0 (so −∞ logits of classes the target does not use are legal).
/// Its modes are type parameters, each combination compiled separately: the target (<see cref="ClassIndexTarget"/> or
/// <see cref="ProbabilityTarget"/>), the weights (<see cref="Unweighted"/>, <see cref="ClassWeighted"/>), the gradient
/// (<see cref="NoGradient"/>, <see cref="WithGradient"/>), the terms (<see cref="LossOnly"/>, <see cref="WithTerms"/>) and the
/// accumulation: float vector lanes of one width (sums in float over <see cref="Block"/> vectors, then in double) or
/// <see cref="DoubleLanes{T}"/> (everything in double: the scalar reference form, used for double logits and short rows).
/// <see cref="SoftmaxCrossEntropyBlocks"/> runs the same lane code and the same <see cref="Finish{TT, TW, TD}"/> formula
/// with one short row per lane.
/// </summary>
internal static unsafe class SoftmaxCrossEntropy
{
    /// <summary>Vectors summed in the lanes before the partial sums are added in double.</summary>
    public const int Block = 32;

    /// <summary>The row at <paramref name="width"/> (<see cref="VectorWidth.Best"/>: the width <see cref="SimdWidth"/> picks;
    /// a width the hardware lacks or whose vector is longer than the row runs the scalar form); double logits always run
    /// in double. <paramref name="decompose"/> asks for H(P̃), H(P̃,Q), D(P̃‖Q) with a probability target (the KL objective
    /// computes them anyway).</summary>
    public static RowOutcome Evaluate<T>(in CrossEntropyRow<T> row, bool decompose, VectorWidth width = VectorWidth.Best)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            ref var f = ref Unsafe.As<CrossEntropyRow<T>, CrossEntropyRow<float>>(ref Unsafe.AsRef(in row));
            switch (Fit(SimdWidth.Resolve<float>(width, row.Cols), row.Cols))
            {
                case VectorWidth.V512: return Target<float, Vector512<float>, FloatSimd512>(f, decompose);
                case VectorWidth.V256: return Target<float, Vector256<float>, FloatSimd256>(f, decompose);
                case VectorWidth.V128: return Target<float, Vector128<float>, FloatSimd128>(f, decompose);
            }
        }
        return Target<T, double, DoubleLanes<T>>(row, decompose);
    }

    /// <summary>The width, or scalar when it is not accelerated or its float vector does not fit in a row of <paramref name="cols"/>.</summary>
    private static VectorWidth Fit(VectorWidth width, int cols) => width switch
    {
        VectorWidth.V512 when Vector512.IsHardwareAccelerated && cols >= Vector512<float>.Count => width,
        VectorWidth.V256 when Vector256.IsHardwareAccelerated && cols >= Vector256<float>.Count => width,
        VectorWidth.V128 when Vector128.IsHardwareAccelerated && cols >= Vector128<float>.Count => width,
        _ => VectorWidth.Scalar,
    };

    private static RowOutcome Target<T, TV, L>(in CrossEntropyRow<T> row, bool decompose)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TV : struct where L : IRowLanes<T, TV>
    {
        if (row.Probabilities == null) return Weights<T, TV, L, ClassIndexTarget, WithTerms>(row);
        return decompose || row.Objective == LogitObjective.KullbackLeibler
            ? Weights<T, TV, L, ProbabilityTarget, WithTerms>(row)
            : Weights<T, TV, L, ProbabilityTarget, LossOnly>(row);
    }

    private static RowOutcome Weights<T, TV, L, TT, TD>(in CrossEntropyRow<T> row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TV : struct where L : IRowLanes<T, TV> where TT : ITargetMode where TD : ITermsMode =>
        row.Weights == null ? Gradient<T, TV, L, TT, Unweighted, TD>(row) : Gradient<T, TV, L, TT, ClassWeighted, TD>(row);

    private static RowOutcome Gradient<T, TV, L, TT, TW, TD>(in CrossEntropyRow<T> row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TV : struct where L : IRowLanes<T, TV>
        where TT : ITargetMode where TW : IWeightMode where TD : ITermsMode =>
        row.Gradient == null ? Row<T, TV, L, TT, TW, TD, NoGradient>(row) : Row<T, TV, L, TT, TW, TD, WithGradient>(row);

    /// <summary>One row in the given modes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static RowOutcome Row<T, TV, L, TT, TW, TD, TG>(in CrossEntropyRow<T> row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TV : struct where L : IRowLanes<T, TV>
        where TT : ITargetMode where TW : IWeightMode where TD : ITermsMode where TG : IGradientMode
    {
        // Shapes: z = row.Logits, p = row.Probabilities (ProbabilityTarget), w = row.Weights (ClassWeighted) and
        // g = row.Gradient (WithGradient) are rows of C = row.Cols elements (C ≥ L.Count). Reads z, p or y, w; writes g
        // (first e = exp(z − m), then ∂ℓ/∂z in place, so memory sees one read of z and p and one write of g); returns ℓ
        // and the decomposition. Pass 1: m; pass 2 (fused): e, s and the target sums; [ε > 0, class index: Σ (z − m)]; pass 3: g.
        // A NaN logit is found in s (pass 2), not in pass 1; a faulted row's g is left partly written.
        int n = row.Cols;
        T* z = row.Logits, g = TG.Written ? row.Gradient : null, w = TW.Weighted ? row.Weights : null;
        T* p = TT.IsClassIndex ? null : row.Probabilities;
        var fault = Max<T, TV, L, NaNInExpSum>(z, n, out double m);
        if (fault != RowFault.None) return RowOutcome.Faulted(fault);
        TV vm = L.Broadcast(m);
        var sums = new CrossEntropySums();
        if (TT.IsClassIndex)
        {
            sums.Exp = SumExp<T, TV, L, TG>(z, g, n, vm);
            if (row.Epsilon > 0) SumShifted<T, TV, L, TW>(z, w, n, vm, ref sums);
            sums.TargetLogit = double.CreateTruncating(z[row.Target]) - m;
            sums.TargetWeight = TW.Weighted ? double.CreateTruncating(w[row.Target]) : 1;
        }
        else
        {
            ProbabilitySums<T, TV, L, TW, TD, TG>(z, p, w, g, n, vm, row.Epsilon, ref sums);
        }
        if (double.IsNaN(sums.Exp)) return RowOutcome.Faulted(RowFault.LogitNotFinite);   // a NaN logit (NaNInExpSum)
        sums.LogExp = Math.Log(sums.Exp);
        var outcome = Finish<TT, TW, TD>(sums, row.Epsilon, n, row.WeightSum, row.Objective, row.Tolerance, out double wTilde);
        if (TG.Written && outcome.Fault == RowFault.None)
        {
            WriteGradient<T, TV, L, TT, TW>(g, p, w, n, row.Scale * wTilde / sums.Exp, row.Scale, row.Epsilon);
            if (TT.IsClassIndex)
                g[row.Target] = T.CreateTruncating(double.CreateTruncating(g[row.Target]) - row.Scale * (1 - row.Epsilon) * sums.TargetWeight);
        }
        return outcome;
    }

    /// <summary>m = max_c z_c (n ≥ Count), or a fault when a logit is NaN or +∞ or all are −∞.</summary>
    internal static RowFault Max<T, TV, L>(T* z, int n, out double m) where T : unmanaged where TV : struct where L : IRowLanes<T, TV> =>
        Max<T, TV, L, NaNInMaxPass>(z, n, out m);

    /// <summary>m = max_c z_c (n ≥ Count), or a fault when a logit is +∞ or all are −∞, and (<see cref="NaNInMaxPass"/>) when
    /// one is NaN; with <see cref="NaNInExpSum"/> a NaN logit leaves m unspecified and the caller faults on its NaN Σ exp(z − m).</summary>
    internal static RowFault Max<T, TV, L, TN>(T* z, int n, out double m) where T : unmanaged where TV : struct where L : IRowLanes<T, TV> where TN : INaNMode
    {
        // four independent max chains (max is exact and idempotent, so the result does not depend on the grouping): one
        // chain would wait a max latency per vector, four keep the row streaming at load speed
        int k = L.Count;
        TV max = L.Load(z), bad = TN.InMaxPass ? L.NaNMask(max) : default;
        int i = k;
        if (i + 4 * k <= n)
        {
            TV max1 = max, max2 = max, max3 = max, bad1 = bad, bad2 = bad, bad3 = bad;
            for (; i + 4 * k <= n; i += 4 * k)
            {
                TV v0 = L.Load(z + i), v1 = L.Load(z + i + k), v2 = L.Load(z + i + 2 * k), v3 = L.Load(z + i + 3 * k);
                max = L.Max(max, v0); max1 = L.Max(max1, v1); max2 = L.Max(max2, v2); max3 = L.Max(max3, v3);
                if (TN.InMaxPass) { bad = L.Or(bad, L.NaNMask(v0)); bad1 = L.Or(bad1, L.NaNMask(v1)); bad2 = L.Or(bad2, L.NaNMask(v2)); bad3 = L.Or(bad3, L.NaNMask(v3)); }
            }
            max = L.Max(L.Max(max, max1), L.Max(max2, max3));
            if (TN.InMaxPass) bad = L.Or(L.Or(bad, bad1), L.Or(bad2, bad3));
        }
        for (; i + k <= n; i += k)
        {
            TV v = L.Load(z + i);
            max = L.Max(max, v);
            if (TN.InMaxPass) bad = L.Or(bad, L.NaNMask(v));
        }
        if (i < n)
        {
            TV v = L.Load(z + n - k);                          // overlapping tail: max is idempotent
            max = L.Max(max, v);
            if (TN.InMaxPass) bad = L.Or(bad, L.NaNMask(v));
        }
        m = L.MaxAcross(max);
        if ((TN.InMaxPass && L.AnyBitSet(bad)) || m == double.PositiveInfinity) return RowFault.LogitNotFinite;
        return m == double.NegativeInfinity ? RowFault.AllLogitsMasked : RowFault.None;
    }

    /// <summary>s = Σ exp(z_c − m), each exp stored into g (gradient mode).</summary>
    private static double SumExp<T, TV, L, TG>(T* z, T* g, int n, TV vm) where T : unmanaged where TV : struct where L : IRowLanes<T, TV> where TG : IGradientMode
    {
        int k = L.Count;
        TV acc = default;
        double s = 0;
        int i = 0, blk = 0;
        for (; i + k <= n; i += k)
        {
            CacheHint.Prefetch(z + n + i);                    // the next row of the matrix, for its max pass
            TV x = L.Exp(L.Subtract(L.Load(z + i), vm));
            if (TG.Written) L.Store(g + i, x);
            acc = L.Add(acc, x);
            if (++blk == Block) { s += L.SumAcross(acc); acc = default; blk = 0; }
        }
        if (i < n)
        {
            TV x = L.Exp(L.Subtract(L.Load(z + n - k), vm));
            if (TG.Written) L.Store(g + n - k, x);
            acc = L.Add(acc, L.Keep(L.LastLanes(n - i), x));
        }
        return s + L.SumAcross(acc);
    }

    /// <summary>Σ_c (z_c − m) and Σ_c w_c·(z_c − m) (terms with w_c = 0 are 0): what label smoothing of a class index needs.</summary>
    private static void SumShifted<T, TV, L, TW>(T* z, T* w, int n, TV vm, ref CrossEntropySums sums)
        where T : unmanaged where TV : struct where L : IRowLanes<T, TV> where TW : IWeightMode
    {
        int k = L.Count;
        TV acc = default, accW = default;
        int i = 0, blk = 0;
        for (; i + k <= n; i += k)
        {
            TV d = L.Subtract(L.Load(z + i), vm);
            acc = L.Add(acc, d);
            if (TW.Weighted) { TV wv = L.Load(w + i); accW = L.Add(accW, L.ZeroWhereZero(wv, L.Multiply(wv, d))); }
            if (++blk == Block) { sums.Shifted += L.SumAcross(acc); sums.WeightedShifted += L.SumAcross(accW); acc = accW = default; blk = 0; }
        }
        if (i < n)
        {
            TV mask = L.LastLanes(n - i);
            TV d = L.Subtract(L.Load(z + n - k), vm);
            acc = L.Add(acc, L.Keep(mask, d));
            if (TW.Weighted) { TV wv = L.Keep(mask, L.Load(w + n - k)); accW = L.Add(accW, L.ZeroWhereZero(wv, L.Multiply(wv, d))); }
        }
        sums.Shifted += L.SumAcross(acc);
        sums.WeightedShifted = TW.Weighted ? sums.WeightedShifted + L.SumAcross(accW) : sums.Shifted;
    }

    /// <summary>The fused pass of a probability target: e = exp(z − m) (into g), s and the target sums of <see cref="TargetLanes{T, TV, L, TW, TD}"/>.</summary>
    private static void ProbabilitySums<T, TV, L, TW, TD, TG>(T* z, T* p, T* w, T* g, int n, TV vm, double epsilon, ref CrossEntropySums sums)
        where T : unmanaged where TV : struct where L : IRowLanes<T, TV> where TW : IWeightMode where TD : ITermsMode where TG : IGradientMode
    {
        int k = L.Count;
        TV keep = L.Broadcast(1 - epsilon), b = L.Broadcast(epsilon / n);
        var acc = new TargetLanes<T, TV, L, TW, TD>();
        int blk = 0;
        for (int i = 0; i < n; i += k)
        {
            bool last = i + k > n;
            int at = last ? n - k : i;                         // the overlapping tail vector counts only its new lanes
            CacheHint.Prefetch(z + n + at);                   // the next rows of the matrices, for the next max pass
            CacheHint.Prefetch(p + n + at);
            TV d = L.Subtract(L.Load(z + at), vm);
            TV e = L.Exp(d);
            if (TG.Written) L.Store(g + at, e);
            acc.Add(d, e, L.Load(p + at), TW.Weighted ? L.Load(w + at) : default, keep, b, last, last ? L.LastLanes(n - i) : default);
            if (++blk == Block || i + k >= n) { acc.Flush(ref sums); blk = 0; }
        }
        sums.BadTarget = L.AnyBitSet(acc.Bad);
    }

    /// <summary>g ← e·alpha − scale·w∘p̃ in place (g holds e = exp(z − m) from the sum pass), by <see cref="GradientLane{T, TV, L, TT, TW}"/>;
    /// for a class index the −scale·(1 − ε)·w_y at y is the caller's.</summary>
    private static void WriteGradient<T, TV, L, TT, TW>(T* g, T* p, T* w, int n, double alpha, double scale, double epsilon)
        where T : unmanaged where TV : struct where L : IRowLanes<T, TV> where TT : ITargetMode where TW : IWeightMode
    {
        int k = L.Count;
        TV va = L.Broadcast(alpha), sk = L.Broadcast(-scale * (1 - epsilon)), sb = L.Broadcast(-scale * epsilon / n);
        // the overlapping tail is read before the main loop rewrites its first lanes
        bool tail = n % k != 0;
        TV tailIn = tail ? L.Load(g + n - k) : default;
        int i = 0;
        for (; i + k <= n; i += k)
            L.Store(g + i, GradientLane<T, TV, L, TT, TW>(L.Load(g + i), va, TT.IsClassIndex ? default : L.Load(p + i), TW.Weighted ? L.Load(w + i) : default, sk, sb));
        if (tail)
            L.Store(g + n - k, GradientLane<T, TV, L, TT, TW>(tailIn, va, TT.IsClassIndex ? default : L.Load(p + n - k), TW.Weighted ? L.Load(w + n - k) : default, sk, sb));
    }

    /// <summary>e·alpha + w∘(p·sk + sb) with sk = −scale·(1 − ε), sb = −scale·ε/C (a class index: e·alpha + w·sb).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV GradientLane<T, TV, L, TT, TW>(TV e, TV alpha, TV p, TV w, TV sk, TV sb)
        where T : unmanaged where TV : struct where L : IRowLanes<T, TV> where TT : ITargetMode where TW : IWeightMode
    {
        TV bias = TT.IsClassIndex ? sb : L.MultiplyAdd(p, sk, sb);
        if (TW.Weighted) bias = L.Multiply(bias, w);
        return L.MultiplyAdd(e, alpha, bias);
    }

    /// <summary>The row's ℓ and decomposition from its sums (the formulas of the class summary, in double), and W̃ = Σ w·p̃
    /// for the gradient; a probability target row that is negative or not normalised within <paramref name="tolerance"/> faults.
    /// Its unweighted probability-target lines are repeated, for all lanes of a short-row block at once, in
    /// <see cref="SoftmaxCrossEntropyBlocks.FinishProbabilityLanes{TD}"/>: change both (a test holds them to the same bits).</summary>
    internal static RowOutcome Finish<TT, TW, TD>(in CrossEntropySums s, double epsilon, int n, double weightSum, LogitObjective objective,
        double tolerance, out double wTilde) where TT : ITargetMode where TW : IWeightMode where TD : ITermsMode
    {
        double logS = s.LogExp;
        bool kl = objective == LogitObjective.KullbackLeibler;
        if (TT.IsClassIndex)
        {
            double b = epsilon / n, a = 1 - epsilon + b;       // p̃_c = b (c ≠ y), p̃_y = a
            double wy = s.TargetWeight, total = TW.Weighted ? weightSum : n;
            double nllY = logS - s.TargetLogit;                // −log q_y
            double crossEntropy = (1 - epsilon) * nllY, weighted = (1 - epsilon) * wy * nllY;
            if (epsilon > 0)
            {
                crossEntropy += b * (n * logS - s.Shifted);
                weighted += b * (total * logS - s.WeightedShifted);
            }
            double entropy = epsilon > 0 ? -(XLogX(a) + (n - 1) * XLogX(b)) : 0;
            double divergence = Math.Max(0, crossEntropy - entropy);
            double loss = !kl ? weighted : TW.Weighted ? weighted + (wy * XLogX(a) + (total - wy) * XLogX(b)) : divergence;
            wTilde = (1 - epsilon) * wy + b * total;
            return new RowOutcome { Loss = loss, Entropy = entropy, CrossEntropy = crossEntropy, Divergence = divergence };
        }
        wTilde = 0;
        if (s.BadTarget) return RowOutcome.Faulted(RowFault.NegativeProbability);
        if (!(Math.Abs(s.Raw - 1) <= tolerance)) return RowOutcome.Faulted(RowFault.NotNormalised);
        double sumP = (1 - epsilon) * s.Raw + epsilon;         // Σ p̃ = (1 − ε)·Σ p + ε
        wTilde = TW.Weighted ? s.WeightedTarget : sumP;
        double weightedLoss = wTilde * logS - s.WeightedShifted;
        if (!TD.Decomposed) return new RowOutcome { Loss = weightedLoss };
        double ce = sumP * logS - (TW.Weighted ? s.Shifted : s.WeightedShifted);
        double h = -s.TargetLogTarget;
        double d = Math.Max(0, ce - h);
        double lossKl = TW.Weighted ? weightedLoss + s.WeightedTargetLogTarget : d;
        return new RowOutcome { Loss = kl ? lossKl : weightedLoss, Entropy = h, CrossEntropy = ce, Divergence = d };
    }

    /// <summary>x·log x with 0·log 0 = 0.</summary>
    public static double XLogX(double x) => x == 0 ? 0 : x * Math.Log(x);
}

/// <summary>The sums of one row that <see cref="SoftmaxCrossEntropy.Finish{TT, TW, TD}"/> turns into ℓ (all relative to m = max z).</summary>
internal struct CrossEntropySums
{
    /// <summary>s = Σ e_c.</summary>
    public double Exp;
    /// <summary>log s.</summary>
    public double LogExp;
    /// <summary>Σ p_c (probability target, before smoothing).</summary>
    public double Raw;
    /// <summary>Σ w_c·p̃_c (weighted probability target).</summary>
    public double WeightedTarget;
    /// <summary>Σ w_c·p̃_c·(z_c − m) (probability target; unweighted: Σ p̃_c·(z_c − m)); class index: Σ w_c·(z_c − m).</summary>
    public double WeightedShifted;
    /// <summary>Σ p̃_c·(z_c − m) (weighted probability target with terms); class index: Σ (z_c − m).</summary>
    public double Shifted;
    /// <summary>Σ p̃_c·log p̃_c (probability target with terms).</summary>
    public double TargetLogTarget;
    /// <summary>Σ w_c·p̃_c·log p̃_c (weighted probability target with terms).</summary>
    public double WeightedTargetLogTarget;
    /// <summary>z_y − m and w_y (class index).</summary>
    public double TargetLogit, TargetWeight;
    /// <summary>A target probability was negative or NaN.</summary>
    public bool BadTarget;
}

/// <summary>The lane accumulators of a probability target (one row's vectors, or one short row per lane in
/// <see cref="SoftmaxCrossEntropyBlocks"/>): the per-element part of the formulas, written once.</summary>
internal unsafe struct TargetLanes<T, TV, L, TW, TD> where T : unmanaged where TV : struct where L : IRowLanes<T, TV> where TW : IWeightMode where TD : ITermsMode
{
    public TV Exp, Raw, WeightedTarget, WeightedShifted, Shifted, TargetLogTarget, WeightedTargetLogTarget, Bad;

    /// <summary>Adds the lanes of d = z − m, e = exp(d), the raw target pr and the weights wv; p̃ = pr·keep + b. In the
    /// overlapping tail (<paramref name="tail"/>) only the lanes of <paramref name="mask"/> count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(TV d, TV e, TV pr, TV wv, TV keep, TV b, bool tail, TV mask)
    {
        Bad = L.Or(Bad, L.NegativeOrNaNMask(pr));
        TV pt = L.MultiplyAdd(pr, keep, b);
        if (tail) { e = L.Keep(mask, e); pr = L.Keep(mask, pr); pt = L.Keep(mask, pt); }
        TV wp = TW.Weighted ? L.Multiply(wv, pt) : pt;
        Exp = L.Add(Exp, e);
        Raw = L.Add(Raw, pr);
        if (TW.Weighted) WeightedTarget = L.Add(WeightedTarget, wp);
        WeightedShifted = L.Add(WeightedShifted, L.ZeroWhereZero(wp, L.Multiply(wp, d)));
        if (TD.Decomposed)
        {
            TV logP = L.Log(pt);
            TargetLogTarget = L.Add(TargetLogTarget, L.ZeroWhereZero(pt, L.Multiply(pt, logP)));
            if (TW.Weighted)
            {
                Shifted = L.Add(Shifted, L.ZeroWhereZero(pt, L.Multiply(pt, d)));
                WeightedTargetLogTarget = L.Add(WeightedTargetLogTarget, L.ZeroWhereZero(wp, L.Multiply(wp, logP)));
            }
        }
    }

    /// <summary>Adds the lane sums to <paramref name="s"/> and clears the accumulators (not <see cref="Bad"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Flush(ref CrossEntropySums s)
    {
        s.Exp += L.SumAcross(Exp); s.Raw += L.SumAcross(Raw); s.WeightedShifted += L.SumAcross(WeightedShifted);
        if (TW.Weighted) s.WeightedTarget += L.SumAcross(WeightedTarget);
        if (TD.Decomposed)
        {
            s.TargetLogTarget += L.SumAcross(TargetLogTarget);
            if (TW.Weighted) { s.Shifted += L.SumAcross(Shifted); s.WeightedTargetLogTarget += L.SumAcross(WeightedTargetLogTarget); }
        }
        Exp = Raw = WeightedTarget = WeightedShifted = Shifted = TargetLogTarget = WeightedTargetLogTarget = default;
    }

    /// <summary>Stores the accumulators lane by lane: field j at <paramref name="at"/> + j·<paramref name="stride"/> (one row per lane).</summary>
    public void Spill(T* at, int stride)
    {
        L.Store(at, Exp); L.Store(at + stride, Raw); L.Store(at + 2 * stride, WeightedTarget); L.Store(at + 3 * stride, WeightedShifted);
        L.Store(at + 4 * stride, Shifted); L.Store(at + 5 * stride, TargetLogTarget); L.Store(at + 6 * stride, WeightedTargetLogTarget);
    }

    /// <summary>Lane r of a float <see cref="Spill"/> as the row's sums.</summary>
    public static CrossEntropySums Lane(float* at, int stride, int r) => new()
    {
        Exp = at[r], Raw = at[stride + r], WeightedTarget = at[2 * stride + r], WeightedShifted = at[3 * stride + r],
        Shifted = at[4 * stride + r], TargetLogTarget = at[5 * stride + r], WeightedTargetLogTarget = at[6 * stride + r],
    };
}
