using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Kullback.Kernels;

/// <summary>
/// The lanes the logit-row KL kernel (<see cref="LogitKullbackLeiblerRowSimd"/>) runs on — the precision of its exp is
/// this type parameter: <see cref="FloatLogitLanes{TV, TOps}"/> (exp and block sums in float, training grade),
/// <see cref="DoubleLogitLanes{TV, TS}"/> (logits widened to double, exp to ~1e-14 relative: the comparison grade) and
/// <see cref="ScalarLogitLanes"/> (one double lane, <see cref="Math.Exp"/>: the scalar form every width is tested against).
/// </summary>
/// <typeparam name="TV">The lane vector (Vector512/256/128 of float or double, or double itself).</typeparam>
internal unsafe interface ILogitRowLanes<TV> where TV : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }
    /// <summary>How many vectors each lane accumulator takes before it is folded into the double sums.</summary>
    static abstract int Block { get; }
    /// <summary>Whether the row kernel runs two accumulator sets a step of 2·Count, or one set a step of Count. Float lanes:
    /// two sets for 64-byte vectors only (the extra chains fit in AVX-512's 32 registers; with 16 registers, as AVX2 and
    /// SSE have, the second set and the float exp's constants spill to the stack on every step: two sets measured 1.1–1.2× slower at AVX2 and 1.3–1.5× at Vector128).
    /// Double lanes (compare's): two sets at every width (one set measured no faster). Fixed per lane type, so a width
    /// gives the same bits on every machine.</summary>
    static abstract bool TwoSets { get; }
    /// <summary>0 in every lane.</summary>
    static abstract TV Zero { get; }
    /// <summary>x in every lane (rounded to the lane type).</summary>
    static abstract TV Broadcast(double x);
    /// <summary>Count logits from p (float or double; float lanes read float only).</summary>
    static abstract TV Load<T>(T* p) where T : unmanaged;
    /// <summary>Stores the lanes, as doubles, at d[0 … Count).</summary>
    static abstract void Store(TV v, double* d);
    /// <summary>a + b.</summary>
    static abstract TV Add(TV a, TV b);
    /// <summary>a − b.</summary>
    static abstract TV Subtract(TV a, TV b);
    /// <summary>a · b.</summary>
    static abstract TV Multiply(TV a, TV b);
    /// <summary>a · b + c (fused where the hardware fuses; never a software fma).</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
    /// <summary>eˣ for x ≤ 0 (exactly 0 for −∞).</summary>
    static abstract TV Exp(TV x);
    /// <summary>The least x for which <see cref="ExpInRange"/> is eˣ; −∞ where Exp has no faster form on part of its domain
    /// (float and scalar lanes, whose ExpInRange is Exp).</summary>
    static abstract double ExpRangeBound { get; }
    /// <summary>eˣ for <see cref="ExpRangeBound"/> ≤ x ≤ 0 with the bits of <see cref="Exp"/>; a lane below gets an unspecified value.</summary>
    static abstract TV ExpInRange(TV x);
    /// <summary>min(a, b) lane by lane (a NaN lane gives either operand).</summary>
    static abstract TV Min(TV a, TV b);
    /// <summary>Whether a lane of v is below <paramref name="bound"/>.</summary>
    static abstract bool AnyBelow(TV v, double bound);
    /// <summary>selector == 0 ? 0 : value, lane by lane (0·anything = 0, even 0·NaN).</summary>
    static abstract TV ZeroWhereZero(TV selector, TV value);
    /// <summary>x in the last <paramref name="lanes"/> lanes, 0 in the others (for an overlapping tail vector).</summary>
    static abstract TV KeepLast(TV x, int lanes);
    /// <summary>Σ of the lanes, in double.</summary>
    static abstract double SumAcross(TV v);
}

/// <summary>Float lanes of one width (<see cref="FloatSimd512"/>, <see cref="FloatSimd256"/>, <see cref="FloatSimd128"/>): exp in float, sums in float over blocks of 32 vectors.</summary>
internal readonly unsafe struct FloatLogitLanes<TV, TOps> : ILogitRowLanes<TV> where TV : struct where TOps : ISimdFloat<TV>
{
    public static int Count => TOps.Count;
    public static int Block => 32;
    public static bool TwoSets => Unsafe.SizeOf<TV>() == 64;
    public static TV Zero => TOps.Broadcast(0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Broadcast(double x) => TOps.Broadcast((float)x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Load<T>(T* p) where T : unmanaged
    {
        Debug.Assert(typeof(T) == typeof(float));
        return TOps.Load((float*)p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(TV v, double* d)
    {
        float* lanes = (float*)Unsafe.AsPointer(ref v);       // the parameter lives on the stack
        for (int j = 0; j < TOps.Count; j++) d[j] = lanes[j];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Add(TV a, TV b) => TOps.Add(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Subtract(TV a, TV b) => TOps.Subtract(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Multiply(TV a, TV b) => TOps.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV MultiplyAdd(TV a, TV b, TV c) => TOps.MultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Exp(TV x) => TOps.Exp(x);
    public static double ExpRangeBound => double.NegativeInfinity;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV ExpInRange(TV x) => TOps.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Min(TV a, TV b) => TOps.Min(a, b);
    public static bool AnyBelow(TV v, double bound) => TOps.MinAcross(v) < bound;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV ZeroWhereZero(TV selector, TV value) => TOps.ZeroWhereZero(selector, value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV KeepLast(TV x, int lanes) => TOps.Keep(TOps.LastLanes(lanes), x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumAcross(TV v) => TOps.SumAcross(v);
}

/// <summary>Double lanes of one width (<see cref="Simd512"/>, <see cref="Simd256"/>, <see cref="Simd128"/>): float logits widened exactly, exp by <see cref="NonPositiveExp"/>.</summary>
internal readonly unsafe struct DoubleLogitLanes<TV, TS> : ILogitRowLanes<TV> where TV : struct where TS : ISimd<TV>
{
    public static int Count => TS.Count;
    public static int Block => int.MaxValue;
    public static bool TwoSets => true;
    public static TV Zero => TS.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Broadcast(double x) => TS.Broadcast(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Load<T>(T* p) where T : unmanaged => TS.Load(new ReadOnlySpan<T>(p, TS.Count), 0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(TV v, double* d) => TS.Store(v, new Span<double>(d, TS.Count), 0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Add(TV a, TV b) => TS.Add(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Subtract(TV a, TV b) => TS.Subtract(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Multiply(TV a, TV b) => TS.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV MultiplyAdd(TV a, TV b, TV c) => TS.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Exp(TV x) => NonPositiveExp.Exp<TV, TS>(x);
    public static double ExpRangeBound => NonPositiveExp.NormalBound;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV ExpInRange(TV x) => NonPositiveExp.ExpInNormalRange<TV, TS>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Min(TV a, TV b) => TS.MinNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyBelow(TV v, double bound) => TS.Any(TS.LessThan(v, TS.Broadcast(bound)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV ZeroWhereZero(TV selector, TV value) => TS.Select(TS.Equal(selector, TS.Zero), TS.Zero, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV KeepLast(TV x, int lanes) => TS.Select(TS.GreaterThan(TS.Indices, TS.Broadcast(TS.Count - lanes - 0.5)), x, TS.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumAcross(TV v) => TS.SumAcross(v);
}

/// <summary>One double lane: the scalar form of the kernel (exp by <see cref="Math.Exp"/>), used for rows shorter than a vector and as the reference of every width.</summary>
internal readonly unsafe struct ScalarLogitLanes : ILogitRowLanes<double>
{
    public static int Count => 1;
    public static int Block => int.MaxValue;
    public static bool TwoSets => true;
    public static double Zero => 0;
    public static double Broadcast(double x) => x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Load<T>(T* p) where T : unmanaged => typeof(T) == typeof(float) ? *(float*)p : *(double*)p;

    public static void Store(double v, double* d) => *d = v;
    public static double Add(double a, double b) => a + b;
    public static double Subtract(double a, double b) => a - b;
    public static double Multiply(double a, double b) => a * b;
    public static double MultiplyAdd(double a, double b, double c) => a * b + c;
    public static double Exp(double x) => Math.Exp(x);
    public static double ExpRangeBound => double.NegativeInfinity;
    public static double ExpInRange(double x) => Math.Exp(x);
    public static double Min(double a, double b) => Math.Min(a, b);
    public static bool AnyBelow(double v, double bound) => v < bound;
    public static double ZeroWhereZero(double selector, double value) => selector == 0 ? 0 : value;
    public static double KeepLast(double x, int lanes) => lanes >= 1 ? x : 0;
    public static double SumAcross(double v) => v;
}
