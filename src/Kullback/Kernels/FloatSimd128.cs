using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kullback.Kernels;

/// <summary>The 128-bit float operations of the fused row kernels (SSE4 on x86, AdvSIMD/NEON on ARM64). a·b + c is fused where the hardware fuses (FMA3, NEON) and two roundings elsewhere (x86 without FMA), so no lane falls to a software fma.</summary>
internal readonly unsafe struct FloatSimd128 : ISimdFloat<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;
    public static bool IsSupported => Vector128.IsHardwareAccelerated;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(float* p) => Vector128.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector128<float> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Broadcast(float x) => Vector128.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Max(Vector128<float> a, Vector128<float> b) => Vector128.MaxNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Min(Vector128<float> a, Vector128<float> b) => Vector128.MinNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MinAcross(Vector128<float> v) => -MaxAcross(-v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Log(Vector128<float> x) => Vector128.Log(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x)
    {
        // Cody–Waite: x = n·ln2 + r, |r| ≤ ln2/2; eʳ by the Cephes expf polynomial; then ·2ⁿ. Below −87.3 (and for −∞,
        // where r is NaN) the result is forced to +0, so no subnormal ever enters a sum.
        var underflow = Vector128.LessThan(x, Vector128.Create(FloatExp.Lowest));
        var n = Vector128.Round(x * Vector128.Create(FloatExp.Log2E));
        var r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-FloatExp.Ln2Hi), x);
        r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-FloatExp.Ln2Lo), r);
        var p = Vector128.MultiplyAddEstimate(Vector128.Create(FloatExp.P0), r, Vector128.Create(FloatExp.P1));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(FloatExp.P2));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(FloatExp.P3));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(FloatExp.P4));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(FloatExp.P5));
        p = Vector128.MultiplyAddEstimate(p, r * r, r + Vector128.Create(1f));
        Vector128<float> scaled;
        if (Avx512F.VL.IsSupported)
        {
            scaled = Avx512F.VL.Scale(p, n);                              // vscalefps: p·2ⁿ in one instruction
        }
        else
        {
            var clamped = Vector128.MaxNative(n, Vector128.Create(-127f));     // keeps the exponent bits in range
            scaled = p * Vector128.ShiftLeft(Vector128.ConvertToInt32Native(clamped) + Vector128.Create(127), 23).AsSingle();
        }
        return Vector128.AndNot(scaled, underflow);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ZeroWhereZero(Vector128<float> selector, Vector128<float> value) =>
        Vector128.AndNot(value, Vector128.Equals(selector, Vector128<float>.Zero));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> NaNMask(Vector128<float> x) => ~Vector128.Equals(x, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> NegativeOrNaNMask(Vector128<float> x) => ~Vector128.GreaterThanOrEqual(x, Vector128<float>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Or(Vector128<float> a, Vector128<float> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Keep(Vector128<float> mask, Vector128<float> x) => mask & x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LastLanes(int lanes) =>
        Vector128.GreaterThanOrEqual(Vector128<int>.Indices, Vector128.Create(Count - lanes)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyBitSet(Vector128<float> mask) => mask.AsUInt32() != Vector128<uint>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(Vector128<float> v)
    {
        var m = Vector128.MaxNative(v, Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1)));
        m = Vector128.MaxNative(m, Vector128.Shuffle(m, Vector128.Create(1, 0, 3, 2)));
        return m.ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SumAcross(Vector128<float> v)
    {
        var (lo, hi) = Vector128.Widen(v);
        return Vector128.Sum(lo + hi);
    }
}
