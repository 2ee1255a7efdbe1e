using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kullback.Kernels;

/// <summary>
/// 2 double lanes: SSE on x86, AdvSIMD/NEON on ARM64 (the widest width every ARM64 machine has). FusedMultiplyAdd
/// keeps its single rounding everywhere (hardware FMA3/NEON; the runtime's exact fallback on x86 without FMA), so
/// the formulas that rely on it (KL's p − r·q) are as exact here as at the wider widths.
/// </summary>
internal readonly struct Simd128 : ISimd<Vector128<double>>
{
    public static int Count => Vector128<double>.Count;
    public static Vector128<double> Zero => Vector128<double>.Zero;
    public static Vector128<double> Indices => Vector128.Create(0.0, 1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Broadcast(double x) => Vector128.Create(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load<T>(ReadOnlySpan<T> values, int i) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
            return Vector128.LoadUnsafe(ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(values)), (nuint)i);
        // Two floats (8 bytes, never past the end), widened exactly.
        ref byte at = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref MemoryMarshal.GetReference(values), i));
        return Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<double>(ref at)).AsSingle());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<double> v, Span<double> destination, int i) => v.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Subtract(Vector128<double> a, Vector128<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Divide(Vector128<double> a, Vector128<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> FusedMultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> MultiplyAddEstimate(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Log(Vector128<double> x) => Vector128.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Exp(Vector128<double> x) => Vector128.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Max(Vector128<double> a, Vector128<double> b) => Vector128.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> MinNative(Vector128<double> a, Vector128<double> b) => Vector128.MinNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Equal(Vector128<double> a, Vector128<double> b) => Vector128.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> LessThan(Vector128<double> a, Vector128<double> b) => Vector128.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> GreaterThan(Vector128<double> a, Vector128<double> b) => Vector128.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> GreaterThanOrEqual(Vector128<double> a, Vector128<double> b) => Vector128.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Sqrt(Vector128<double> x) => Vector128.Sqrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Abs(Vector128<double> x) => Vector128.Abs(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Or(Vector128<double> a, Vector128<double> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> AndNot(Vector128<double> a, Vector128<double> b) => Vector128.AndNot(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Select(Vector128<double> mask, Vector128<double> a, Vector128<double> b) => Vector128.ConditionalSelect(mask, a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Vector128<double> mask) => mask.AsUInt64() != Vector128<ulong>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(Vector128<double> mask) => mask.ExtractMostSignificantBits() == 0x3;
    public static bool LaneSet(Vector128<double> mask, int lane) => mask.AsUInt64().GetElement(lane) != 0;
    public static double Lane(Vector128<double> v, int lane) => v.GetElement(lane);
    public static double MaxAcross(Vector128<double> v) => Math.Max(v.GetElement(0), v.GetElement(1));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumAcross(Vector128<double> v) => Vector128.Sum(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Floor(Vector128<double> x) => Vector128.Floor(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> TwoToThe(Vector128<double> m) =>
        Vector128.ShiftLeft((m + Vector128.Create(PowerOfTwo.Shifter)).AsInt64() - Vector128.Create(PowerOfTwo.ShifterLessBias), 52).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> And(Vector128<double> a, Vector128<double> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> AddBits(Vector128<double> a, Vector128<double> b) => (a.AsInt64() + b.AsInt64()).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> ShiftBitsLeft(Vector128<double> a, [ConstantExpected] byte count) => Vector128.ShiftLeft(a.AsInt64(), count).AsDouble();

    /// <summary>Two loads (SSE and NEON have no gather; one is not worth it for two lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector128<double> Gather(double* table, Vector128<double> indices)
    {
        var i = indices.AsInt64();
        return Vector128.Create(table[i.ToScalar()], table[i.GetElement(1)]);
    }

    public static void Fold(Vector128<double> sum, Vector128<double> compensation, ref CompensatedSum total) =>
        HalfFold.Last(sum, compensation, ref total);
}
