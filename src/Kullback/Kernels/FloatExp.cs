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
}
