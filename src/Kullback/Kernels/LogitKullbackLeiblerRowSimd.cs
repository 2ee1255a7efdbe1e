using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kullback.Kernels;

/// <summary>Which sums the logit-row KL kernel takes (a type parameter, so the JIT drops what a mode does not need).</summary>
internal interface ILogitRowMode
{
    /// <summary>False: s_a, s_b, t only (D(p‖q)). True: also r, u, w, and e, f are written out (compare's report).</summary>
    static abstract bool Comparison { get; }
}

/// <summary>D(p‖q) only: the losses' per-token KL.</summary>
internal readonly struct DivergenceMode : ILogitRowMode
{
    public static bool Comparison => false;
}

/// <summary>Everything <c>compare --logits</c> reports: both directions, Σ p q, and e, f for the Jensen–Shannon pass.</summary>
internal readonly struct ComparisonMode : ILogitRowMode
{
    public static bool Comparison => true;
}

/// <summary>Which exp the logit-row KL kernel runs (a type parameter): on the whole of x ≤ 0, or its faster form on
/// [<see cref="ILogitRowLanes{TV}.ExpRangeBound"/>, 0].</summary>
internal interface IExpDomain
{
    /// <summary>True: <see cref="ILogitRowLanes{TV}.ExpInRange"/>, and the pass keeps the least shifted logit.</summary>
    static abstract bool Bounded { get; }
}

/// <summary>eˣ on all of x ≤ 0 (−∞ included).</summary>
internal readonly struct WholeDomain : IExpDomain
{
    public static bool Bounded => false;
}

/// <summary>eˣ on [bound, 0] only; the row is redone with <see cref="WholeDomain"/> if a shifted logit is below.</summary>
internal readonly struct BoundedDomain : IExpDomain
{
    public static bool Bounded => true;
}

/// <summary>
/// The sums of one pair of shifted logit rows (e_c = exp(a_c − m_a), f_c = exp(b_c − m_b), δ_c = (a_c − m_a) − (b_c − m_b)):
/// s_a = Σ e, s_b = Σ f, t = Σ e·δ (0 where e = 0), and in comparison mode r = −Σ f·δ (0 where f = 0), u = Σ e·f, w = Σ (f − e).
/// </summary>
internal record struct LogitRowSums(double Sa, double Sb, double T, double R, double U, double W)
{
    /// <summary>D(p‖q) = t/s_a − log s_a + log s_b, clamped at 0 (the divergence mode: no w was summed).</summary>
    public readonly double Divergence => Math.Max(0, T / Sa - Math.Log(Sa) + Math.Log(Sb));

    /// <summary>D(p‖q) = t/s_a + log1p(w/s_a): log s_b − log s_a from the per-class difference, so nearly equal rows keep their digits (comparison mode).</summary>
    public readonly double DivergenceFromDifference => T / Sa + LogRatio.Log1P(W / Sa);

    /// <summary>D(q‖p) = r/s_b + log1p(−w/s_b) (comparison mode).</summary>
    public readonly double ReverseFromDifference => R / Sb + LogRatio.Log1P(-W / Sb);
}

/// <summary>
/// The one kernel of D(softmax(a)‖softmax(b)) between two logit rows, generic over its lanes (float, double or scalar —
/// the precision of exp is the lane type), its mode (<see cref="DivergenceMode"/>, <see cref="ComparisonMode"/>) and the
/// logit type. The losses (<see cref="LogitKullbackLeibler"/>, float lanes), <c>compare --logits</c>
/// (<see cref="Estimation.LogitRowComparison"/>, double lanes) and the short-row blocks
/// (<see cref="LogitKullbackLeiblerSmallRows"/>, its element step <see cref="Terms"/>) all run it.
/// </summary>
internal static unsafe class LogitKullbackLeiblerRowSimd
{
    /// <summary>D(softmax(a)‖softmax(b)) of one float row at the dispatcher's width; NaN marks a bad row (NaN/+∞ or all −∞).</summary>
    public static double Row(float* a, float* b, int cols) => Row<float>(a, b, cols);

    /// <summary>D(softmax(a)‖softmax(b)) of one row (float or double logits) at the dispatcher's width; NaN marks a bad row.</summary>
    public static double Row<T>(T* a, T* b, int cols) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            return SimdWidth.For<float>(cols) switch
            {
                VectorWidth.V512 => Row<Vector512<float>, FloatSimd512>((float*)a, (float*)b, cols),
                VectorWidth.V256 => Row<Vector256<float>, FloatSimd256>((float*)a, (float*)b, cols),
                VectorWidth.V128 => Row<Vector128<float>, FloatSimd128>((float*)a, (float*)b, cols),
                _ => LogitKullbackLeibler.Row(a, b, cols),
            };
        if (SoftmaxCrossEntropyRow.Max(a, cols, out double ma) != RowFault.None) return double.NaN;
        if (SoftmaxCrossEntropyRow.Max(b, cols, out double mb) != RowFault.None) return double.NaN;
        return (SimdWidth.For<double>(cols) switch
        {
            VectorWidth.V512 => Sums<Vector512<double>, DoubleLogitLanes<Vector512<double>, Simd512>, DivergenceMode, T>(a, b, cols, ma, mb, null, null),
            VectorWidth.V256 => Sums<Vector256<double>, DoubleLogitLanes<Vector256<double>, Simd256>, DivergenceMode, T>(a, b, cols, ma, mb, null, null),
            VectorWidth.V128 => Sums<Vector128<double>, DoubleLogitLanes<Vector128<double>, Simd128>, DivergenceMode, T>(a, b, cols, ma, mb, null, null),
            _ => Sums<double, ScalarLogitLanes, DivergenceMode, T>(a, b, cols, ma, mb, null, null),
        }).Divergence;
    }

    /// <summary>One float row (cols ≥ Count) on float lanes of one width: max of a and b (vectorised, +∞ and all −∞
    /// detected there), then the sums, where a NaN logit makes s_a or s_b NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Row<TV, TOps>(float* a, float* b, int cols) where TV : struct where TOps : ISimdFloat<TV>
    {
        if (RowMaxSimd.Max<TV, TOps, NaNInExpSum>(a, cols, out float ma) != RowFault.None) return double.NaN;
        if (RowMaxSimd.Max<TV, TOps, NaNInExpSum>(b, cols, out float mb) != RowFault.None) return double.NaN;
        // a NaN s_a or s_b makes Divergence NaN (Math.Max propagates NaN), the bad-row mark
        return Sums<TV, FloatLogitLanes<TV, TOps>, DivergenceMode, float>(a, b, cols, ma, mb, null, null).Divergence;
    }

    /// <summary>
    /// a, b are rows of n ≥ TL.Count logits (float or double) with finite maxima m_a, m_b. Reads a[0, n) and b[0, n) once
    /// (twice for a row whose shifted logits reach below <see cref="ILogitRowLanes{TV}.ExpRangeBound"/>, −708 on double
    /// lanes: −∞ masks, or a range of more than 708 nats); in comparison mode writes e[c] = exp(a_c − m_a) and
    /// f[c] = exp(b_c − m_b) to e[0, n), f[0, n) (null otherwise). Returns the sums of <see cref="LogitRowSums"/>.
    /// Lanes whose exp has a faster form on [bound, 0] run it over the row while keeping the least shifted logit, and redo
    /// the row with the whole-domain exp when that is below the bound: the same bits either way, with no test of the range
    /// per vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static LogitRowSums Sums<TV, TL, TMode, T>(T* a, T* b, int n, double ma, double mb, double* e, double* f)
        where TV : struct where TL : ILogitRowLanes<TV> where TMode : ILogitRowMode where T : unmanaged
    {
        if (double.IsNegativeInfinity(TL.ExpRangeBound)) return Pass<TV, TL, TMode, WholeDomain, T>(a, b, n, ma, mb, e, f, out _);
        var sums = Pass<TV, TL, TMode, BoundedDomain, T>(a, b, n, ma, mb, e, f, out TV lowest);
        return TL.AnyBelow(lowest, TL.ExpRangeBound) ? Pass<TV, TL, TMode, WholeDomain, T>(a, b, n, ma, mb, e, f, out _) : sums;
    }

    /// <summary>
    /// One pass of <see cref="Sums"/>, exp by <typeparamref name="TD"/>: two independent accumulator sets a step of 2·Count
    /// (one set a step of Count where <see cref="ILogitRowLanes{TV}.TwoSets"/> is false), a lane accumulator folded into
    /// double every <see cref="ILogitRowLanes{TV}.Block"/> steps, an overlapping tail vector masked to its new lanes;
    /// <paramref name="lowest"/> is the lane-wise minimum of the shifted logits (<see cref="BoundedDomain"/> only).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LogitRowSums Pass<TV, TL, TMode, TD, T>(T* a, T* b, int n, double ma, double mb, double* e, double* f, out TV lowest)
        where TV : struct where TL : ILogitRowLanes<TV> where TMode : ILogitRowMode where TD : IExpDomain where T : unmanaged
    {
        int k = TL.Count, i = 0, steps = 0;
        TV vma = TL.Broadcast(ma), vmb = TL.Broadcast(mb);
        lowest = TL.Zero;
        var total = default(LogitRowSums);
        var acc0 = new Accumulators<TV, TL, TMode, TD>();
        var acc1 = new Accumulators<TV, TL, TMode, TD>();
        // Both modes run row after row of one matrix: the next row (a + n, b + n, contiguous) is asked for while this one
        // computes, so the next row's max pass finds it in cache (a hint: it never faults, also past the last row).
        int step = TL.TwoSets ? 2 * k : k;
        for (; i + step <= n; i += step)
        {
            CacheHint.Prefetch(a + n + i, step);
            CacheHint.Prefetch(b + n + i, step);
            TV da = TL.Subtract(TL.Load(a + i), vma), db = TL.Subtract(TL.Load(b + i), vmb);
            acc0.Add(da, db, e + i, f + i, k);
            if (TD.Bounded) lowest = TL.Min(lowest, TL.Min(da, db));
            if (TL.TwoSets)
            {
                TV da1 = TL.Subtract(TL.Load(a + i + k), vma), db1 = TL.Subtract(TL.Load(b + i + k), vmb);
                acc1.Add(da1, db1, e + i + k, f + i + k, k);
                if (TD.Bounded) lowest = TL.Min(lowest, TL.Min(da1, db1));
            }
            if (++steps == TL.Block)
            {
                acc0.FoldInto(ref total);
                if (TL.TwoSets) acc1.FoldInto(ref total);
                steps = 0;
            }
        }
        if (i + k <= n)
        {
            TV da = TL.Subtract(TL.Load(a + i), vma), db = TL.Subtract(TL.Load(b + i), vmb);
            acc0.Add(da, db, e + i, f + i, k);
            if (TD.Bounded) lowest = TL.Min(lowest, TL.Min(da, db));
            i += k;
        }
        if (i < n)
        {
            int at = n - k;                          // overlapping: only the last n − i lanes are new
            TV da = TL.Subtract(TL.Load(a + at), vma), db = TL.Subtract(TL.Load(b + at), vmb);
            acc1.Add(da, db, e + at, f + at, n - i);
            if (TD.Bounded) lowest = TL.Min(lowest, TL.Min(da, db));
        }
        acc0.FoldInto(ref total);
        acc1.FoldInto(ref total);
        return total;
    }

    /// <summary>
    /// The element step, on Count lanes of shifted logits da = a − m_a, db = b − m_b: ea = e^da, eb = e^db (by
    /// <typeparamref name="TD"/>), and returns ea·(da − db), 0 where ea = 0 (so a class masked in both, −∞ − −∞, adds nothing).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Terms<TV, TL, TD>(TV da, TV db, out TV ea, out TV eb) where TV : struct where TL : ILogitRowLanes<TV> where TD : IExpDomain
    {
        ea = TD.Bounded ? TL.ExpInRange(da) : TL.Exp(da);
        eb = TD.Bounded ? TL.ExpInRange(db) : TL.Exp(db);
        return TL.ZeroWhereZero(ea, TL.Multiply(ea, TL.Subtract(da, db)));
    }

    /// <summary>One set of lane accumulators of <see cref="Sums"/>.</summary>
    private struct Accumulators<TV, TL, TMode, TD> where TV : struct where TL : ILogitRowLanes<TV> where TMode : ILogitRowMode where TD : IExpDomain
    {
        private TV _sa, _sb, _t, _r, _u, _w;

        public Accumulators() => _sa = _sb = _t = _r = _u = _w = TL.Zero;

        /// <summary>Adds one vector; only its last <paramref name="lanes"/> lanes count (all of them but in the tail). e, f are rewritten in full: an overlapped lane gets the value it already had.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(TV da, TV db, double* e, double* f, int lanes)
        {
            var t = Terms<TV, TL, TD>(da, db, out var ea, out var eb);
            if (TMode.Comparison)
            {
                TL.Store(ea, e);
                TL.Store(eb, f);
            }
            if (lanes < TL.Count)
            {
                ea = TL.KeepLast(ea, lanes);
                eb = TL.KeepLast(eb, lanes);
                t = TL.KeepLast(t, lanes);
            }
            _sa = TL.Add(_sa, ea);
            _sb = TL.Add(_sb, eb);
            _t = TL.Add(_t, t);
            if (TMode.Comparison)
            {
                _r = TL.Subtract(_r, TL.ZeroWhereZero(eb, TL.Multiply(eb, TL.Subtract(da, db))));
                _u = TL.MultiplyAdd(ea, eb, _u);
                _w = TL.Add(_w, TL.Subtract(eb, ea));
            }
        }

        /// <summary>Adds the lanes to the double sums and clears them. Inlined, so the accumulators are never address-exposed
        /// and stay in registers in the row loop (a call taking <c>this</c> by reference puts them in memory: a load, add and
        /// store per step).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void FoldInto(ref LogitRowSums total)
        {
            total.Sa += TL.SumAcross(_sa);
            total.Sb += TL.SumAcross(_sb);
            total.T += TL.SumAcross(_t);
            if (TMode.Comparison)
            {
                total.R += TL.SumAcross(_r);
                total.U += TL.SumAcross(_u);
                total.W += TL.SumAcross(_w);
            }
            _sa = _sb = _t = _r = _u = _w = TL.Zero;
        }
    }
}
