using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    private const double Shifter = 6755399441055744.0;      // 1.5·2⁵²: x + Shifter rounds x to an integer held in the low bits
    private const double Underflow = -745.2;

    // 1/k! for k = 11 … 2
    private const double C11 = 2.505210838544172e-8, C10 = 2.755731922398589e-7, C9 = 2.7557319223985893e-6,
        C8 = 2.48015873015873e-5, C7 = 1.984126984126984e-4, C6 = 1.388888888888889e-3, C5 = 8.333333333333333e-3,
        C4 = 4.1666666666666664e-2, C3 = 0.16666666666666666, C2 = 0.5;

    /// <summary>e^x lane-wise for x ≤ 0 (AVX-512 width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        var t = Vector512.FusedMultiplyAdd(x, Vector512.Create(Log2E), Vector512.Create(Shifter));
        var n = t - Vector512.Create(Shifter);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(C11), r, Vector512.Create(C10));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C9));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C8));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C7));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C6));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C5));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<double>.One);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<double>.One);
        var k = t.AsInt64() - Vector512.Create(Shifter).AsInt64();          // n as an integer
        var k1 = Vector512.ShiftRightArithmetic(k, 1);
        var bias = Vector512.Create(1023L);
        var s1 = Vector512.ShiftLeft(k1 + bias, 52).AsDouble();
        var s2 = Vector512.ShiftLeft(k - k1 + bias, 52).AsDouble();
        return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(Underflow)), Vector512<double>.Zero, p * s1 * s2);
    }

    /// <summary>e^x lane-wise for x ≤ 0 (AVX2 width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        var t = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(Shifter));
        var n = t - Vector256.Create(Shifter);
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(C11), r, Vector256.Create(C10));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C9));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C8));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C7));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C6));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C5));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256<double>.One);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256<double>.One);
        var k = t.AsInt64() - Vector256.Create(Shifter).AsInt64();
        var k1 = Vector256.ShiftRightArithmetic(k, 1);
        var bias = Vector256.Create(1023L);
        var s1 = Vector256.ShiftLeft(k1 + bias, 52).AsDouble();
        var s2 = Vector256.ShiftLeft(k - k1 + bias, 52).AsDouble();
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(Underflow)), Vector256<double>.Zero, p * s1 * s2);
    }
}
