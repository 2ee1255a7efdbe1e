using System.Runtime.CompilerServices;

namespace Kullback.Kernels;

/// <summary>
/// Constants of the float eˣ used by the vector kernels: Cody–Waite split of ln 2 and the Cephes <c>expf</c>
/// minimax polynomial for eʳ on |r| ≤ ln2/2 (S. L. Moshier, Cephes Math Library, expf.c), about 1–2 ulp.
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
    /// <summary>Polynomial coefficients, highest degree first: eʳ ≈ 1 + r + r²·(P5 + r·(P4 + …)).</summary>
    public const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f, P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    /// <summary>1.5·2²³ + 127: x·log₂e + Shifter, rounded to float, is n + Shifter with n = round(x·log₂e) (ties to even),
    /// and its low mantissa bits hold n + 127, the biased exponent of 2ⁿ (no round or convert instruction needed).</summary>
    public const float Shifter = 12583039f;

    /// <summary>
    /// eˣ on the lanes of one width, written once: Cody–Waite x = n·ln2 + r, |r| ≤ ln2/2, with n from the shifter
    /// (<see cref="Shifter"/>); eʳ by the Cephes expf polynomial, evaluated by Estrin's scheme (a dependency chain of four
    /// multiply-adds instead of Horner's seven, so the out-of-order window overlaps enough rows of the loop to keep the
    /// ports busy — without FMA, as at Vector128 on x86, the chain is twice as long); then ·2ⁿ (vscalefps where AVX-512 has
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
        // P(r) = P5 + P4·r + P3·r² + P2·r³ + P1·r⁴ + P0·r⁵ = (P5 + P4·r) + r²·(P3 + P2·r) + r⁴·(P1 + P0·r)
        var r2 = TOps.Multiply(r, r);
        var a = TOps.MultiplyAdd(TOps.Broadcast(P4), r, TOps.Broadcast(P5));
        var b = TOps.MultiplyAdd(TOps.Broadcast(P2), r, TOps.Broadcast(P3));
        var c = TOps.MultiplyAdd(TOps.Broadcast(P0), r, TOps.Broadcast(P1));
        var r4 = TOps.Multiply(r2, r2);
        var q = TOps.MultiplyAdd(c, r4, TOps.MultiplyAdd(b, r2, a));
        var p = TOps.MultiplyAdd(q, r2, TOps.Add(r, TOps.Broadcast(1f)));   // eʳ ≈ 1 + r + r²·P(r)
        return TOps.AndNot(TOps.ScaleByPowerOfTwo(p, n, t), underflow);
    }
}
