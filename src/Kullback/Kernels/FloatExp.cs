using System.Runtime.CompilerServices;

namespace Kullback.Kernels;

/// <summary>
/// Constants of the float eˣ used by the vector kernels: Cody–Waite split of ln 2 and a degree-6 minimax polynomial for
/// eʳ on |r| ≤ ln2/2 (relative error 5.7e-9 with its float coefficients, a twentieth of a float ulp; made by
/// scripts/float_exp_minimax.py), so the result is within about 1 ulp (FloatExpAccuracyTests measures it).
/// </summary>
internal static class FloatExp
{
    /// <summary>Below this eˣ is subnormal; the kernels return exactly +0 (relative to the row maximum e⁰ = 1 it is nothing).
    /// Arguments must be ≤ 88 (the kernels only ever pass z − max z ≤ 0).</summary>
    public const float Lowest = -87.33654f;
    /// <summary>log₂ e.</summary>
    public const float Log2E = 1.44269504088896341f;
    /// <summary>ln 2, high part (exact in float with trailing zero bits).</summary>
    public const float Ln2Hi = 0.693359375f;
    /// <summary>ln 2 − Ln2Hi.</summary>
    public const float Ln2Lo = -2.12194440e-4f;
    /// <summary>Polynomial coefficients: eʳ ≈ 1 + r + r²·(C2 + C3·r + C4·r² + C5·r³ + C6·r⁴) on |r| ≤ 1.02·ln2/2.</summary>
    public const float C2 = 4.9999994040e-01f, C3 = 1.6666509211e-01f, C4 = 4.1668530554e-02f, C5 = 8.3701414987e-03f, C6 = 1.3811645331e-03f;

    /// <summary>1.5·2²³ + 127: x·log₂e + Shifter, rounded to float, is n + Shifter with n = round(x·log₂e) (ties to even),
    /// and its low mantissa bits hold n + 127, the biased exponent of 2ⁿ (no round or convert instruction needed).</summary>
    public const float Shifter = 12583039f;

    /// <summary>
    /// eˣ on the lanes of one width, written once: Cody–Waite x = n·ln2 + r, |r| ≤ ln2/2, with n from the shifter
    /// (<see cref="Shifter"/>); eʳ by the degree-6 polynomial, evaluated by Estrin's scheme (one multiply and five
    /// multiply-adds in a dependency chain of four, where Horner's would be six long, so the out-of-order window overlaps
    /// enough elements to keep the ports busy — without FMA, as at Vector128 on x86, each multiply-add is a multiply and an
    /// add); then ·2ⁿ (vscalefps where AVX-512 has
    /// it, the shifted exponent bits otherwise). Below −87.3 (and for −∞, where r is NaN) the result is forced to +0, so no
    /// subnormal ever enters a sum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TV, TOps>(TV x) where TV : struct where TOps : ISimdFloat<TV>
    {
        var underflow = TOps.LessMask(x, TOps.Broadcast(Lowest));
        var t = TOps.MultiplyAdd(x, TOps.Broadcast(Log2E), TOps.Broadcast(Shifter));
        var n = TOps.Subtract(t, TOps.Broadcast(Shifter));
        var r = TOps.MultiplyAdd(n, TOps.Broadcast(-Ln2Hi), x);
        r = TOps.MultiplyAdd(n, TOps.Broadcast(-Ln2Lo), r);
        // P(r) = C2 + C3·r + C4·r² + C5·r³ + C6·r⁴ = (C2 + C3·r) + r²·((C4 + C5·r) + r²·C6)
        var r2 = TOps.Multiply(r, r);
        var a = TOps.MultiplyAdd(TOps.Broadcast(C3), r, TOps.Broadcast(C2));
        var b = TOps.MultiplyAdd(TOps.Broadcast(C5), r, TOps.Broadcast(C4));
        var q = TOps.MultiplyAdd(TOps.MultiplyAdd(TOps.Broadcast(C6), r2, b), r2, a);
        var p = TOps.MultiplyAdd(q, r2, TOps.Add(r, TOps.Broadcast(1f)));   // eʳ ≈ 1 + r + r²·P(r)
        return TOps.AndNot(TOps.ScaleByPowerOfTwo(p, n, t), underflow);
    }
}
