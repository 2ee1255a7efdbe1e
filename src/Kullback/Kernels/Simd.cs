using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kullback.Kernels;

/// <summary>
/// The vector operations the kernels need, over double lanes of one width. Kernels are written once, generic over
/// this interface; <see cref="Simd512"/>, <see cref="Simd256"/> and <see cref="Simd128"/> instantiate them (the JIT specialises each).
/// Masks are vectors whose lanes are all-ones (true) or zero (false).
/// </summary>
internal interface ISimd<TV> where TV : struct
{
    static abstract int Count { get; }
    static abstract TV Zero { get; }
    /// <summary>0, 1, …, Count − 1.</summary>
    static abstract TV Indices { get; }
    static abstract TV Broadcast(double x);
    /// <summary>Loads Count lanes from position i; float values are widened to double exactly.</summary>
    static abstract TV Load<T>(ReadOnlySpan<T> values, int i) where T : unmanaged;
    /// <summary>Stores Count lanes at position i.</summary>
    static abstract void Store(TV v, Span<double> destination, int i);
    static abstract TV Add(TV a, TV b);
    static abstract TV Subtract(TV a, TV b);
    static abstract TV Multiply(TV a, TV b);
    static abstract TV Divide(TV a, TV b);
    /// <summary>a·b + c with one rounding.</summary>
    static abstract TV FusedMultiplyAdd(TV a, TV b, TV c);
    static abstract TV Log(TV x);
    static abstract TV Exp(TV x);
    static abstract TV Max(TV a, TV b);
    static abstract TV Equal(TV a, TV b);
    static abstract TV LessThan(TV a, TV b);
    static abstract TV GreaterThan(TV a, TV b);
    static abstract TV Or(TV a, TV b);
    /// <summary>a &amp; ~b.</summary>
    static abstract TV AndNot(TV a, TV b);
    /// <summary>mask ? a : b, lane by lane.</summary>
    static abstract TV Select(TV mask, TV a, TV b);
    static abstract bool Any(TV mask);
    static abstract bool LaneSet(TV mask, int lane);
    static abstract double Lane(TV v, int lane);
    static abstract double MaxAcross(TV v);
    /// <summary>Σ of the lanes, in the order of Vector512/256.Sum (not compensated).</summary>
    static abstract double SumAcross(TV v);
    /// <summary>
    /// x·2ⁿ for integer-valued lanes n, |n| ≤ 2046, applied as two factors 2^⌊n/2⌋·2^{n−⌊n/2⌋} so subnormal
    /// results stay right. The exponent bits come from n + 1.5·2⁵² (exact for such n), which costs no conversion.
    /// </summary>
    static abstract TV ScaleByPowerOfTwo(TV x, TV n);

    /// <summary>
    /// Adds Σ_lanes (sum + compensation) to <paramref name="total"/>: halves are added with TwoSum (their rounding
    /// errors join the compensation) down to two lanes, then two compensated scalar adds and one for the compensation.
    /// </summary>
    static abstract void Fold(TV sum, TV compensation, ref CompensatedSum total);
}

/// <summary>Constants of <see cref="ISimd{TV}.ScaleByPowerOfTwo"/>.</summary>
internal static class PowerOfTwo
{
    /// <summary>1.5·2⁵²: adding it to an integer-valued double |n| &lt; 2⁵¹ puts n in the low bits of the mantissa.</summary>
    public const double Shifter = 6755399441055744.0;
}

/// <summary>The last step of the folds: two lanes and their compensation into the scalar sum.</summary>
internal static class HalfFold
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Fold(Vector128<double> sum, Vector128<double> compensation, ref CompensatedSum total)
    {
        total.Add(sum.GetElement(0));
        total.Add(sum.GetElement(1));
        total.Add(compensation.GetElement(0) + compensation.GetElement(1));
    }
}

/// <summary>8 double lanes (AVX-512).</summary>
internal readonly struct Simd512 : ISimd<Vector512<double>>
{
    public static int Count => Vector512<double>.Count;
    public static Vector512<double> Zero => Vector512<double>.Zero;
    public static Vector512<double> Indices => Vector512.Create(0.0, 1, 2, 3, 4, 5, 6, 7);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Broadcast(double x) => Vector512.Create(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load<T>(ReadOnlySpan<T> values, int i) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
            return Vector512.LoadUnsafe(ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(values)), (nuint)i);
        return Vector512.WidenLower(Vector256.LoadUnsafe(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(values)), (nuint)i).ToVector512Unsafe());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> v, Span<double> destination, int i) => v.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> FusedMultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Log(Vector512<double> x) => Vector512.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Exp(Vector512<double> x) => Vector512.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Max(Vector512<double> a, Vector512<double> b) => Vector512.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Equal(Vector512<double> a, Vector512<double> b) => Vector512.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> LessThan(Vector512<double> a, Vector512<double> b) => Vector512.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> GreaterThan(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Or(Vector512<double> a, Vector512<double> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> AndNot(Vector512<double> a, Vector512<double> b) => Vector512.AndNot(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Select(Vector512<double> mask, Vector512<double> a, Vector512<double> b) => Vector512.ConditionalSelect(mask, a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Vector512<double> mask) => mask.AsUInt64() != Vector512<ulong>.Zero;
    public static bool LaneSet(Vector512<double> mask, int lane) => mask.AsUInt64().GetElement(lane) != 0;
    public static double Lane(Vector512<double> v, int lane) => v.GetElement(lane);
    public static double MaxAcross(Vector512<double> v) => Math.Max(Simd256.MaxAcross(v.GetLower()), Simd256.MaxAcross(v.GetUpper()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumAcross(Vector512<double> v) => Vector512.Sum(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ScaleByPowerOfTwo(Vector512<double> x, Vector512<double> n)
    {
        var shifter = Vector512.Create(PowerOfTwo.Shifter);
        var k = (n + shifter).AsInt64() - shifter.AsInt64();
        var k1 = Vector512.ShiftRightArithmetic(k, 1);
        var bias = Vector512.Create(1023L);
        return x * Vector512.ShiftLeft(k1 + bias, 52).AsDouble() * Vector512.ShiftLeft(k - k1 + bias, 52).AsDouble();
    }

    public static void Fold(Vector512<double> sum, Vector512<double> compensation, ref CompensatedSum total)
    {
        Vector256<double> a = sum.GetLower(), b = sum.GetUpper();
        Vector256<double> s = a + b, bb = s - a;
        Vector256<double> error = (a - (s - bb)) + (b - bb);
        Simd256.Fold(s, compensation.GetLower() + compensation.GetUpper() + error, ref total);
    }
}

/// <summary>4 double lanes (AVX2).</summary>
internal readonly struct Simd256 : ISimd<Vector256<double>>
{
    public static int Count => Vector256<double>.Count;
    public static Vector256<double> Zero => Vector256<double>.Zero;
    public static Vector256<double> Indices => Vector256.Create(0.0, 1, 2, 3);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Broadcast(double x) => Vector256.Create(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load<T>(ReadOnlySpan<T> values, int i) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
            return Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(values)), (nuint)i);
        return Vector256.WidenLower(Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(values)), (nuint)i).ToVector256Unsafe());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> v, Span<double> destination, int i) => v.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> FusedMultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Log(Vector256<double> x) => Vector256.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Exp(Vector256<double> x) => Vector256.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Max(Vector256<double> a, Vector256<double> b) => Vector256.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Equal(Vector256<double> a, Vector256<double> b) => Vector256.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> LessThan(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> GreaterThan(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Or(Vector256<double> a, Vector256<double> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> AndNot(Vector256<double> a, Vector256<double> b) => Vector256.AndNot(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Select(Vector256<double> mask, Vector256<double> a, Vector256<double> b) => Vector256.ConditionalSelect(mask, a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Vector256<double> mask) => mask.AsUInt64() != Vector256<ulong>.Zero;
    public static bool LaneSet(Vector256<double> mask, int lane) => mask.AsUInt64().GetElement(lane) != 0;
    public static double Lane(Vector256<double> v, int lane) => v.GetElement(lane);
    public static double MaxAcross(Vector256<double> v) =>
        Math.Max(Math.Max(v.GetElement(0), v.GetElement(1)), Math.Max(v.GetElement(2), v.GetElement(3)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumAcross(Vector256<double> v) => Vector256.Sum(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ScaleByPowerOfTwo(Vector256<double> x, Vector256<double> n)
    {
        var shifter = Vector256.Create(PowerOfTwo.Shifter);
        var k = (n + shifter).AsInt64() - shifter.AsInt64();
        var k1 = Vector256.ShiftRightArithmetic(k, 1);
        var bias = Vector256.Create(1023L);
        return x * Vector256.ShiftLeft(k1 + bias, 52).AsDouble() * Vector256.ShiftLeft(k - k1 + bias, 52).AsDouble();
    }

    public static void Fold(Vector256<double> sum, Vector256<double> compensation, ref CompensatedSum total)
    {
        Vector128<double> a = sum.GetLower(), b = sum.GetUpper();
        Vector128<double> s = a + b, bb = s - a;
        Vector128<double> error = (a - (s - bb)) + (b - bb);
        HalfFold.Fold(s, compensation.GetLower() + compensation.GetUpper() + error, ref total);
    }
}
