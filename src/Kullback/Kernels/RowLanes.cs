using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kullback.Kernels;

/// <summary>
/// The lane operations of the generic row kernels over elements <typeparamref name="T"/> held in lanes <typeparamref name="TV"/>,
/// listed once: float vectors of one width implement them as <see cref="ISimdFloat{TV}"/> (float arithmetic, sums widened to
/// double per block; <see cref="FloatSimd512"/>, <see cref="FloatSimd256"/>, <see cref="FloatSimd128"/>), and
/// <see cref="DoubleLanes{T}"/> with one double per lane (every operation in double, the scalar reference form). The choice
/// of lanes is the kernel's accumulation mode; the JIT specialises every call.
/// </summary>
internal unsafe interface IRowLanes<T, TV> where T : unmanaged where TV : struct
{
    /// <summary>Elements per lane vector.</summary>
    static abstract int Count { get; }
    /// <summary>Count elements from p (unaligned).</summary>
    static abstract TV Load(T* p);
    /// <summary>Count elements to p (unaligned; rounded to <typeparamref name="T"/>).</summary>
    static abstract void Store(T* p, TV v);
    /// <summary>x in every lane (rounded to the lane precision).</summary>
    static abstract TV Broadcast(double x);
    /// <summary>a + b.</summary>
    static abstract TV Add(TV a, TV b);
    /// <summary>a − b.</summary>
    static abstract TV Subtract(TV a, TV b);
    /// <summary>a · b.</summary>
    static abstract TV Multiply(TV a, TV b);
    /// <summary>a · b + c (fused where the hardware fuses: FMA3, NEON; never a software fma).</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
    /// <summary>max(a, b) as the hardware does it (NaN is detected separately by <see cref="NaNMask"/>).</summary>
    static abstract TV Max(TV a, TV b);
    /// <summary>eˣ for the kernels' arguments x ≤ 0 (e^−∞ = 0): float lanes to about 2 ulp and exactly +0 below −87.3
    /// (<see cref="FloatExp"/>; arguments must be ≤ 88), the double form by <see cref="Math.Exp"/>.</summary>
    static abstract TV Exp(TV x);
    /// <summary>log x (x &gt; 0).</summary>
    static abstract TV Log(TV x);
    /// <summary>selector == 0 ? 0 : value, lane by lane (0·anything = 0, even 0·∞).</summary>
    static abstract TV ZeroWhereZero(TV selector, TV value);
    /// <summary>All bits set where x is NaN.</summary>
    static abstract TV NaNMask(TV x);
    /// <summary>All bits set where x &lt; 0 or x is NaN.</summary>
    static abstract TV NegativeOrNaNMask(TV x);
    /// <summary>Bitwise a | b.</summary>
    static abstract TV Or(TV a, TV b);
    /// <summary>x where the mask is set, 0 elsewhere.</summary>
    static abstract TV Keep(TV mask, TV x);
    /// <summary>The last <paramref name="lanes"/> lanes set (the new lanes of an overlapping tail vector).</summary>
    static abstract TV LastLanes(int lanes);
    /// <summary>Whether any bit is set.</summary>
    static abstract bool AnyBitSet(TV mask);
    /// <summary>The largest lane (widened to double).</summary>
    static abstract double MaxAcross(TV v);
    /// <summary>The sum of the lanes in double.</summary>
    static abstract double SumAcross(TV v);
}

/// <summary>One lane holding a double: elements of <typeparamref name="T"/> (float or double) read and computed in double with
/// <c>Math.Exp</c> and <c>Math.Log</c>. The scalar reference form of every generic row kernel, and its form for
/// double elements or rows shorter than a vector. Masks are doubles with all 64 bits set.</summary>
internal readonly unsafe struct DoubleLanes<T> : IRowLanes<T, double> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private static double AllBits => BitConverter.Int64BitsToDouble(-1);
    public static int Count => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Load(T* p) => double.CreateTruncating(*p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(T* p, double v) => *p = T.CreateTruncating(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Broadcast(double x) => x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Add(double a, double b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Subtract(double a, double b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Multiply(double a, double b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MultiplyAdd(double a, double b, double c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Max(double a, double b) => b > a ? b : a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Exp(double x) => Math.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Log(double x) => Math.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double ZeroWhereZero(double selector, double value) => selector == 0 ? 0 : value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double NaNMask(double x) => double.IsNaN(x) ? AllBits : 0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double NegativeOrNaNMask(double x) => x >= 0 ? 0 : AllBits;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Or(double a, double b) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) | BitConverter.DoubleToInt64Bits(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Keep(double mask, double x) => BitConverter.DoubleToInt64Bits(mask) != 0 ? x : 0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double LastLanes(int lanes) => lanes > 0 ? AllBits : 0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyBitSet(double mask) => BitConverter.DoubleToInt64Bits(mask) != 0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MaxAcross(double v) => v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumAcross(double v) => v;
}
