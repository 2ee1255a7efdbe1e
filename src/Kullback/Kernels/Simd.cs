using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    /// <summary>a·b + c, fused where the hardware fuses (FMA3, NEON) and with two roundings elsewhere — never the runtime's
    /// software fma, which on x86 without FMA costs more than the rest of a kernel (polynomials and sums use this).</summary>
    static abstract TV MultiplyAddEstimate(TV a, TV b, TV c);
    static abstract TV Log(TV x);
    static abstract TV Exp(TV x);
    static abstract TV Max(TV a, TV b);
    /// <summary>min(a, b) by the hardware's instruction (x86 minpd, NEON fmin): where a lane holds NaN the result is either
    /// operand's, so only for callers that have ruled NaN out or whose result is NaN either way.</summary>
    static abstract TV MinNative(TV a, TV b);
    static abstract TV Equal(TV a, TV b);
    static abstract TV LessThan(TV a, TV b);
    static abstract TV GreaterThan(TV a, TV b);
    /// <summary>a ≥ b (false for NaN).</summary>
    static abstract TV GreaterThanOrEqual(TV a, TV b);
    /// <summary>√x (IEEE, correctly rounded).</summary>
    static abstract TV Sqrt(TV x);
    /// <summary>|x|.</summary>
    static abstract TV Abs(TV x);
    static abstract TV Or(TV a, TV b);
    /// <summary>a &amp; ~b.</summary>
    static abstract TV AndNot(TV a, TV b);
    /// <summary>mask ? a : b, lane by lane.</summary>
    static abstract TV Select(TV mask, TV a, TV b);
    static abstract bool Any(TV mask);
    /// <summary>Whether every lane of the mask is set.</summary>
    static abstract bool All(TV mask);
    static abstract bool LaneSet(TV mask, int lane);
    static abstract double Lane(TV v, int lane);
    static abstract double MaxAcross(TV v);
    /// <summary>Σ of the lanes, in the order of Vector512/256.Sum (not compensated).</summary>
    static abstract double SumAcross(TV v);
    /// <summary>⌊x⌋.</summary>
    static abstract TV Floor(TV x);
    /// <summary>
    /// 2ᵐ for integer-valued lanes m, −1023 ≤ m ≤ 1023 (−1023 gives 0), from the exponent bits: m + 1.5·2⁵² holds m in
    /// its low mantissa bits (exact for such m), which costs no conversion (see <see cref="PowerOfTwo.Scale{TV, TS}"/>).
    /// </summary>
    static abstract TV TwoToThe(TV m);
    /// <summary>a &amp; b, bitwise.</summary>
    static abstract TV And(TV a, TV b);
    /// <summary>The lanes' bits as 64-bit integers, a + b (wrapping).</summary>
    static abstract TV AddBits(TV a, TV b);
    /// <summary>The lanes' bits as 64-bit integers, shifted left by <paramref name="count"/>.</summary>
    static abstract TV ShiftBitsLeft(TV a, [ConstantExpected] byte count);
    /// <summary>
    /// table[iₗ] in each lane l, iₗ the lane's bits as a 64-bit integer, 0 ≤ iₗ &lt; the table's length (the caller
    /// masks): an x86 gather where the hardware has one (an optional fast path), a load per lane everywhere else.
    /// </summary>
    static abstract unsafe TV Gather(double* table, TV indices);

    /// <summary>
    /// Adds Σ_lanes (sum + compensation) to <paramref name="total"/>: halves are added with TwoSum (their rounding
    /// errors join the compensation) down to two lanes, then two compensated scalar adds and one for the compensation.
    /// </summary>
    static abstract void Fold(TV sum, TV compensation, ref CompensatedSum total);
}

/// <summary>x·2ⁿ on double lanes of any width, and its constants.</summary>
internal static class PowerOfTwo
{
    /// <summary>1.5·2⁵²: adding it to an integer-valued double |n| &lt; 2⁵¹ puts n in the low bits of the mantissa.</summary>
    public const double Shifter = 6755399441055744.0;

    /// <summary>The bits of <see cref="Shifter"/> less the exponent bias 1023: (m + Shifter)'s bits − this = m + 1023.</summary>
    public const long ShifterLessBias = 0x4338000000000000L - 1023;

    /// <summary>
    /// x·2ⁿ for integer-valued lanes n, |n| ≤ 2046, applied as two factors 2^⌊n/2⌋·2^{n−⌊n/2⌋} (each in the range of
    /// <see cref="ISimd{TV}.TwoToThe"/>) so subnormal results stay right; ⌊n/2⌋ and n − ⌊n/2⌋ are exact in double.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Scale<TV, TS>(TV x, TV n) where TV : struct where TS : ISimd<TV>
    {
        TV half = TS.Floor(TS.Multiply(n, TS.Broadcast(0.5)));
        return TS.Multiply(TS.Multiply(x, TS.TwoToThe(half)), TS.TwoToThe(TS.Subtract(n, half)));
    }
}

/// <summary>The folds of <see cref="ISimd{TV}.Fold"/>: a vector's two halves into one of half the width, and the last two lanes.</summary>
internal static class HalfFold
{
    /// <summary>Adds the halves a + b with TwoSum (the rounding error joins the compensations ca + cb) and folds the half-width vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Fold<TH, THS>(TH a, TH b, TH ca, TH cb, ref CompensatedSum total) where TH : struct where THS : ISimd<TH>
    {
        TH s = THS.Add(a, b), bb = THS.Subtract(s, a);
        TH error = THS.Add(THS.Subtract(a, THS.Subtract(s, bb)), THS.Subtract(b, bb));
        THS.Fold(s, THS.Add(THS.Add(ca, cb), error), ref total);
    }

    /// <summary>The last step: two lanes and their compensation into the scalar sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Last(Vector128<double> sum, Vector128<double> compensation, ref CompensatedSum total)
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> MultiplyAddEstimate(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Log(Vector512<double> x) => Vector512.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Exp(Vector512<double> x) => Vector512.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Max(Vector512<double> a, Vector512<double> b) => Vector512.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> MinNative(Vector512<double> a, Vector512<double> b) => Vector512.MinNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Equal(Vector512<double> a, Vector512<double> b) => Vector512.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> LessThan(Vector512<double> a, Vector512<double> b) => Vector512.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> GreaterThan(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> GreaterThanOrEqual(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Sqrt(Vector512<double> x) => Vector512.Sqrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Abs(Vector512<double> x) => Vector512.Abs(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Or(Vector512<double> a, Vector512<double> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> AndNot(Vector512<double> a, Vector512<double> b) => Vector512.AndNot(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Select(Vector512<double> mask, Vector512<double> a, Vector512<double> b) => Vector512.ConditionalSelect(mask, a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Vector512<double> mask) => mask.AsUInt64() != Vector512<ulong>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(Vector512<double> mask) => mask.ExtractMostSignificantBits() == 0xFF;
    public static bool LaneSet(Vector512<double> mask, int lane) => mask.AsUInt64().GetElement(lane) != 0;
    public static double Lane(Vector512<double> v, int lane) => v.GetElement(lane);
    public static double MaxAcross(Vector512<double> v) => Math.Max(Simd256.MaxAcross(v.GetLower()), Simd256.MaxAcross(v.GetUpper()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumAcross(Vector512<double> v) => Vector512.Sum(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Floor(Vector512<double> x) => Vector512.Floor(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> TwoToThe(Vector512<double> m) =>
        Vector512.ShiftLeft((m + Vector512.Create(PowerOfTwo.Shifter)).AsInt64() - Vector512.Create(PowerOfTwo.ShifterLessBias), 52).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> And(Vector512<double> a, Vector512<double> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> AddBits(Vector512<double> a, Vector512<double> b) => (a.AsInt64() + b.AsInt64()).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> ShiftBitsLeft(Vector512<double> a, [ConstantExpected] byte count) => Vector512.ShiftLeft(a.AsInt64(), count).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<double> Gather(double* table, Vector512<double> indices) =>
        Vector512.Create(Simd256.Gather(table, indices.GetLower()), Simd256.Gather(table, indices.GetUpper()));   // .NET has no 512-bit gather

    public static void Fold(Vector512<double> sum, Vector512<double> compensation, ref CompensatedSum total) =>
        HalfFold.Fold<Vector256<double>, Simd256>(sum.GetLower(), sum.GetUpper(), compensation.GetLower(), compensation.GetUpper(), ref total);
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> MultiplyAddEstimate(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Log(Vector256<double> x) => Vector256.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Exp(Vector256<double> x) => Vector256.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Max(Vector256<double> a, Vector256<double> b) => Vector256.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> MinNative(Vector256<double> a, Vector256<double> b) => Vector256.MinNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Equal(Vector256<double> a, Vector256<double> b) => Vector256.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> LessThan(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> GreaterThan(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> GreaterThanOrEqual(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Sqrt(Vector256<double> x) => Vector256.Sqrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Abs(Vector256<double> x) => Vector256.Abs(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Or(Vector256<double> a, Vector256<double> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> AndNot(Vector256<double> a, Vector256<double> b) => Vector256.AndNot(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Select(Vector256<double> mask, Vector256<double> a, Vector256<double> b) => Vector256.ConditionalSelect(mask, a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Vector256<double> mask) => mask.AsUInt64() != Vector256<ulong>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(Vector256<double> mask) => mask.ExtractMostSignificantBits() == 0xF;
    public static bool LaneSet(Vector256<double> mask, int lane) => mask.AsUInt64().GetElement(lane) != 0;
    public static double Lane(Vector256<double> v, int lane) => v.GetElement(lane);
    public static double MaxAcross(Vector256<double> v) =>
        Math.Max(Math.Max(v.GetElement(0), v.GetElement(1)), Math.Max(v.GetElement(2), v.GetElement(3)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumAcross(Vector256<double> v) => Vector256.Sum(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Floor(Vector256<double> x) => Vector256.Floor(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> TwoToThe(Vector256<double> m) =>
        Vector256.ShiftLeft((m + Vector256.Create(PowerOfTwo.Shifter)).AsInt64() - Vector256.Create(PowerOfTwo.ShifterLessBias), 52).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> And(Vector256<double> a, Vector256<double> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> AddBits(Vector256<double> a, Vector256<double> b) => (a.AsInt64() + b.AsInt64()).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> ShiftBitsLeft(Vector256<double> a, [ConstantExpected] byte count) => Vector256.ShiftLeft(a.AsInt64(), count).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<double> Gather(double* table, Vector256<double> indices) =>
        Avx2.IsSupported
            ? Avx2.GatherVector256(table, indices.AsInt64(), 8)
            : Vector256.Create(Simd128.Gather(table, indices.GetLower()), Simd128.Gather(table, indices.GetUpper()));

    public static void Fold(Vector256<double> sum, Vector256<double> compensation, ref CompensatedSum total) =>
        HalfFold.Fold<Vector128<double>, Simd128>(sum.GetLower(), sum.GetUpper(), compensation.GetLower(), compensation.GetUpper(), ref total);
}
