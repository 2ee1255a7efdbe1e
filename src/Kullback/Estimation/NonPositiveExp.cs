using System.Runtime.CompilerServices;
using Kullback.Kernels;

namespace Kullback.Estimation;

/// <summary>
/// e^x for x ≤ 0 in double lanes (the shifted logits x = z − max z of a softmax), within about 1e-14 relative of
/// Math.Exp: x = n·ln 2 + r with |r| ≤ ½ ln 2 (Cody–Waite split of ln 2, FMA), e^r by its Taylor polynomial to r¹¹
/// (truncation r¹²/12! ≤ 7e-15), then scaled by 2^⌊n/2⌋·2^{n−⌊n/2⌋} so subnormal results stay right; x &lt; −745.2
/// (including −∞) gives 0. Positive x is outside the contract (the callers shift by the maximum).
/// </summary>
internal static class NonPositiveExp
{
    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 0.693147180369123816490;   // ln 2 high bits: n·Ln2Hi is exact for |n| < 2¹¹
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Underflow = -745.2;

    // 1/k! for k = 11 … 2
    private const double C11 = 2.505210838544172e-8, C10 = 2.755731922398589e-7, C9 = 2.7557319223985893e-6,
        C8 = 2.48015873015873e-5, C7 = 1.984126984126984e-4, C6 = 1.388888888888889e-3, C5 = 8.333333333333333e-3,
        C4 = 4.1666666666666664e-2, C3 = 0.16666666666666666, C2 = 0.5;

    /// <summary>e^x lane-wise for x ≤ 0, at the width of <typeparamref name="TS"/> (<see cref="Simd512"/>, <see cref="Simd256"/> or <see cref="Simd128"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TV, TS>(TV x) where TV : struct where TS : ISimd<TV>
    {
        var t = TS.FusedMultiplyAdd(x, TS.Broadcast(Log2E), TS.Broadcast(PowerOfTwo.Shifter));
        var n = TS.Subtract(t, TS.Broadcast(PowerOfTwo.Shifter));         // round(x·log₂e), exactly
        var r = TS.FusedMultiplyAdd(n, TS.Broadcast(-Ln2Hi), x);
        r = TS.FusedMultiplyAdd(n, TS.Broadcast(-Ln2Lo), r);
        var p = TS.FusedMultiplyAdd(TS.Broadcast(C11), r, TS.Broadcast(C10));
        p = TS.FusedMultiplyAdd(p, r, TS.Broadcast(C9));
        p = TS.FusedMultiplyAdd(p, r, TS.Broadcast(C8));
        p = TS.FusedMultiplyAdd(p, r, TS.Broadcast(C7));
        p = TS.FusedMultiplyAdd(p, r, TS.Broadcast(C6));
        p = TS.FusedMultiplyAdd(p, r, TS.Broadcast(C5));
        p = TS.FusedMultiplyAdd(p, r, TS.Broadcast(C4));
        p = TS.FusedMultiplyAdd(p, r, TS.Broadcast(C3));
        p = TS.FusedMultiplyAdd(p, r, TS.Broadcast(C2));
        p = TS.FusedMultiplyAdd(p, r, TS.Broadcast(1.0));
        p = TS.FusedMultiplyAdd(p, r, TS.Broadcast(1.0));
        return TS.Select(TS.LessThan(x, TS.Broadcast(Underflow)), TS.Zero, TS.ScaleByPowerOfTwo(p, n));
    }
}
