using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kullback.Kernels;

/// <summary>The 512-bit float operations of the fused row kernels (AVX-512).</summary>
internal readonly unsafe struct FloatSimd512 : ISimdFloat<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static bool IsSupported => Vector512.IsHardwareAccelerated;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(float* p) => Vector512.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector512<float> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Broadcast(float x) => Vector512.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.MaxNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Min(Vector512<float> a, Vector512<float> b) => Vector512.MinNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MinAcross(Vector512<float> v) => -MaxAcross(-v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Log(Vector512<float> x) => Vector512.Log(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        // Cody–Waite: x = n·ln2 + r, |r| ≤ ln2/2; eʳ by the Cephes expf polynomial; then ·2ⁿ. Below −87.3 (and for −∞,
        // where r is NaN) the result is forced to +0, so no subnormal ever enters a sum.
        var underflow = Vector512.LessThan(x, Vector512.Create(FloatExp.Lowest));
        var n = Vector512.Round(x * Vector512.Create(FloatExp.Log2E));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-FloatExp.Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-FloatExp.Ln2Lo), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(FloatExp.P0), r, Vector512.Create(FloatExp.P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(FloatExp.P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(FloatExp.P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(FloatExp.P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(FloatExp.P5));
        p = Vector512.FusedMultiplyAdd(p, r * r, r + Vector512.Create(1f));
        Vector512<float> scaled;
        if (Avx512F.IsSupported)
        {
            scaled = Avx512F.Scale(p, n);                              // vscalefps: p·2ⁿ in one instruction
        }
        else
        {
            var clamped = Vector512.MaxNative(n, Vector512.Create(-127f));     // keeps the exponent bits in range
            scaled = p * Vector512.ShiftLeft(Vector512.ConvertToInt32Native(clamped) + Vector512.Create(127), 23).AsSingle();
        }
        return Vector512.AndNot(scaled, underflow);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ZeroWhereZero(Vector512<float> selector, Vector512<float> value) =>
        Vector512.AndNot(value, Vector512.Equals(selector, Vector512<float>.Zero));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> NaNMask(Vector512<float> x) => ~Vector512.Equals(x, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> NegativeOrNaNMask(Vector512<float> x) => ~Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Or(Vector512<float> a, Vector512<float> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Keep(Vector512<float> mask, Vector512<float> x) => mask & x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LastLanes(int lanes) =>
        Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(Count - lanes)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyBitSet(Vector512<float> mask) => mask.AsUInt32() != Vector512<uint>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(Vector512<float> v) => FloatSimd256.MaxAcross(Vector256.MaxNative(v.GetLower(), v.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SumAcross(Vector512<float> v)
    {
        var (lo, hi) = Vector512.Widen(v);
        return Vector512.Sum(lo + hi);
    }
}
