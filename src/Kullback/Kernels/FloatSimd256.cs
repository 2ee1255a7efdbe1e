using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kullback.Kernels;

/// <summary>The 256-bit float operations of the fused row kernels (AVX2 + FMA).</summary>
internal readonly unsafe struct FloatSimd256 : ISimdFloat<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static bool IsSupported => Vector256.IsHardwareAccelerated;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(float* p) => Vector256.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector256<float> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Broadcast(float x) => Vector256.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.MaxNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Min(Vector256<float> a, Vector256<float> b) => Vector256.MinNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MinAcross(Vector256<float> v) => -MaxAcross(-v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Log(Vector256<float> x) => Vector256.Log(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        // Cody–Waite: x = n·ln2 + r, |r| ≤ ln2/2; eʳ by the Cephes expf polynomial; then ·2ⁿ. Below −87.3 (and for −∞,
        // where r is NaN) the result is forced to +0, so no subnormal ever enters a sum.
        var underflow = Vector256.LessThan(x, Vector256.Create(FloatExp.Lowest));
        var n = Vector256.Round(x * Vector256.Create(FloatExp.Log2E));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-FloatExp.Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-FloatExp.Ln2Lo), r);
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(FloatExp.P0), r, Vector256.Create(FloatExp.P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(FloatExp.P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(FloatExp.P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(FloatExp.P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(FloatExp.P5));
        p = Vector256.FusedMultiplyAdd(p, r * r, r + Vector256.Create(1f));
        Vector256<float> scaled;
        if (Avx512F.VL.IsSupported)
        {
            scaled = Avx512F.VL.Scale(p, n);                              // vscalefps: p·2ⁿ in one instruction
        }
        else
        {
            var clamped = Vector256.MaxNative(n, Vector256.Create(-127f));     // keeps the exponent bits in range
            scaled = p * Vector256.ShiftLeft(Vector256.ConvertToInt32Native(clamped) + Vector256.Create(127), 23).AsSingle();
        }
        return Vector256.AndNot(scaled, underflow);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ZeroWhereZero(Vector256<float> selector, Vector256<float> value) =>
        Vector256.AndNot(value, Vector256.Equals(selector, Vector256<float>.Zero));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> NaNMask(Vector256<float> x) => ~Vector256.Equals(x, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> NegativeOrNaNMask(Vector256<float> x) => ~Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Or(Vector256<float> a, Vector256<float> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Keep(Vector256<float> mask, Vector256<float> x) => mask & x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LastLanes(int lanes) =>
        Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create(Count - lanes)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyBitSet(Vector256<float> mask) => mask.AsUInt32() != Vector256<uint>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(Vector256<float> v)
    {
        var m = Vector128.MaxNative(v.GetLower(), v.GetUpper());
        m = Vector128.MaxNative(m, Vector128.Shuffle(m, Vector128.Create(2, 3, 0, 1)));
        m = Vector128.MaxNative(m, Vector128.Shuffle(m, Vector128.Create(1, 0, 3, 2)));
        return m.ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SumAcross(Vector256<float> v)
    {
        var (lo, hi) = Vector256.Widen(v);
        return Vector256.Sum(lo + hi);
    }
}
