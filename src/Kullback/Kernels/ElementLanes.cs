using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kullback.Kernels;

/// <summary>
/// Element-wise lanes of T (float or double) for the update kernels (optimisers, activations): the one lane abstraction
/// (<see cref="ISimdFloat{TV}"/> for float, <see cref="ISimd{TV}"/> for double) seen through the element type, plus the
/// scalar form <see cref="ScalarElementLanes{T}"/>, so each update is written once — for vectors and for the remainder —
/// and the width comes from <see cref="SimdWidth"/>. No operation here fuses or reorders: a lane computes exactly what
/// the scalar form computes.
/// </summary>
/// <typeparam name="TV">The vector (Vector512/256/128 of T), or T itself for the scalar form.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
internal unsafe interface IElementLanes<TV, T> where TV : struct where T : unmanaged
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }
    /// <summary>0 in every lane.</summary>
    static abstract TV Zero { get; }
    /// <summary>x in every lane.</summary>
    static abstract TV Broadcast(T x);
    /// <summary>Count elements from p.</summary>
    static abstract TV Load(T* p);
    /// <summary>Stores Count elements at p.</summary>
    static abstract void Store(T* p, TV v);
    /// <summary>a + b.</summary>
    static abstract TV Add(TV a, TV b);
    /// <summary>a − b.</summary>
    static abstract TV Subtract(TV a, TV b);
    /// <summary>a · b.</summary>
    static abstract TV Multiply(TV a, TV b);
    /// <summary>a / b.</summary>
    static abstract TV Divide(TV a, TV b);
    /// <summary>√x.</summary>
    static abstract TV Sqrt(TV x);
    /// <summary>x where |x| ≥ tiny, else 0 (NaN gives 0).</summary>
    static abstract TV ZeroBelow(TV x, TV tiny);
    /// <summary>x where selector &gt; 0, else 0 (NaN selector gives 0).</summary>
    static abstract TV WherePositive(TV selector, TV x);
}

/// <summary>Float lanes of one width (<see cref="FloatSimd512"/>, <see cref="FloatSimd256"/>, <see cref="FloatSimd128"/>).</summary>
internal readonly unsafe struct FloatElementLanes<TV, TOps> : IElementLanes<TV, float> where TV : struct where TOps : ISimdFloat<TV>
{
    public static int Count => TOps.Count;
    public static TV Zero => TOps.Broadcast(0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Broadcast(float x) => TOps.Broadcast(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Load(float* p) => TOps.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, TV v) => TOps.Store(p, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Add(TV a, TV b) => TOps.Add(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Subtract(TV a, TV b) => TOps.Subtract(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Multiply(TV a, TV b) => TOps.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Divide(TV a, TV b) => TOps.Divide(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Sqrt(TV x) => TOps.Sqrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV ZeroBelow(TV x, TV tiny) => TOps.Keep(TOps.GreaterOrEqualMask(TOps.Abs(x), tiny), x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV WherePositive(TV selector, TV x) => TOps.Keep(TOps.GreaterMask(selector, TOps.Broadcast(0)), x);
}

/// <summary>Double lanes of one width (<see cref="Simd512"/>, <see cref="Simd256"/>, <see cref="Simd128"/>).</summary>
internal readonly unsafe struct DoubleElementLanes<TV, TS> : IElementLanes<TV, double> where TV : struct where TS : ISimd<TV>
{
    public static int Count => TS.Count;
    public static TV Zero => TS.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Broadcast(double x) => TS.Broadcast(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Load(double* p) => TS.Load(new ReadOnlySpan<double>(p, TS.Count), 0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(double* p, TV v) => TS.Store(v, new Span<double>(p, TS.Count), 0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Add(TV a, TV b) => TS.Add(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Subtract(TV a, TV b) => TS.Subtract(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Multiply(TV a, TV b) => TS.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Divide(TV a, TV b) => TS.Divide(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Sqrt(TV x) => TS.Sqrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV ZeroBelow(TV x, TV tiny) => TS.Select(TS.GreaterThanOrEqual(TS.Abs(x), tiny), x, TS.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV WherePositive(TV selector, TV x) => TS.Select(TS.GreaterThan(selector, TS.Zero), x, TS.Zero);
}

/// <summary>One element in T's own arithmetic: the remainder of every update loop, and the form each width is tested against.</summary>
internal readonly unsafe struct ScalarElementLanes<T> : IElementLanes<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => 1;
    public static T Zero => T.Zero;
    public static T Broadcast(T x) => x;
    public static T Load(T* p) => *p;
    public static void Store(T* p, T v) => *p = v;
    public static T Add(T a, T b) => a + b;
    public static T Subtract(T a, T b) => a - b;
    public static T Multiply(T a, T b) => a * b;
    public static T Divide(T a, T b) => a / b;
    public static T Sqrt(T x) => T.Sqrt(x);
    public static T ZeroBelow(T x, T tiny) => T.Abs(x) >= tiny ? x : T.Zero;
    public static T WherePositive(T selector, T x) => selector > T.Zero ? x : T.Zero;
}

/// <summary>
/// An element-wise update step (TensorPrimitives' operator-struct model): one generic <c>Invoke</c> at element i for any
/// lanes, the same code for a vector of Count elements and for one. The operator holds its pointers and constants.
/// </summary>
internal interface IElementOperator
{
    /// <summary>Updates elements [i, i + TL.Count) on lanes <typeparamref name="TL"/> of element type <typeparamref name="TE"/>.</summary>
    void Invoke<TV, TL, TE>(int i) where TV : struct where TL : IElementLanes<TV, TE> where TE : unmanaged, IFloatingPointIeee754<TE>;
}

/// <summary>
/// The driver of the update kernels: runs an element-wise operator over [0, n) at a width of the one dispatcher
/// (<see cref="SimdWidth"/>), whole vectors first and the remainder on <see cref="ScalarElementLanes{T}"/>, both through
/// the operator's one generic <c>Invoke</c>.
/// </summary>
internal static class ElementLoop
{
    /// <summary>Runs <typeparamref name="TOp"/> over n elements of T at <paramref name="width"/> (<see cref="VectorWidth.Best"/>: the dispatcher's choice).</summary>
    public static void Run<TOp, T>(ref TOp op, int n, VectorWidth width = VectorWidth.Best)
        where TOp : struct, IElementOperator where T : unmanaged, IFloatingPointIeee754<T>
    {
        width = SimdWidth.Resolve<T>(width, n);
        int i = 0;
        if (typeof(T) == typeof(float))
            i = width switch
            {
                VectorWidth.V512 => Vectors<TOp, Vector512<float>, FloatElementLanes<Vector512<float>, FloatSimd512>, float>(ref op, n),
                VectorWidth.V256 => Vectors<TOp, Vector256<float>, FloatElementLanes<Vector256<float>, FloatSimd256>, float>(ref op, n),
                VectorWidth.V128 => Vectors<TOp, Vector128<float>, FloatElementLanes<Vector128<float>, FloatSimd128>, float>(ref op, n),
                _ => 0,
            };
        else if (typeof(T) == typeof(double))
            i = width switch
            {
                VectorWidth.V512 => Vectors<TOp, Vector512<double>, DoubleElementLanes<Vector512<double>, Simd512>, double>(ref op, n),
                VectorWidth.V256 => Vectors<TOp, Vector256<double>, DoubleElementLanes<Vector256<double>, Simd256>, double>(ref op, n),
                VectorWidth.V128 => Vectors<TOp, Vector128<double>, DoubleElementLanes<Vector128<double>, Simd128>, double>(ref op, n),
                _ => 0,
            };
        for (; i < n; i++) op.Invoke<T, ScalarElementLanes<T>, T>(i);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Vectors<TOp, TV, TL, TE>(ref TOp op, int n)
        where TOp : struct, IElementOperator where TV : struct where TL : IElementLanes<TV, TE> where TE : unmanaged, IFloatingPointIeee754<TE>
    {
        int k = TL.Count, i = 0;
        for (; i <= n - k; i += k) op.Invoke<TV, TL, TE>(i);
        return i;
    }
}
