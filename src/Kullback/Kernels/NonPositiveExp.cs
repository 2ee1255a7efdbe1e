using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kullback.Kernels;

/// <summary>
/// e^x for x ≤ 0 in double lanes (the shifted logits x = z − max z of a softmax), within about 2 ulp of Math.Exp
/// (the tests ask 1e-14 relative). Table-driven (Tang's method, N = 256):
/// <code>
/// n = round(x·N/ln 2),  j = n mod N,  k = (n − j)/N,  r = x − n·(ln 2/N)   (|r| ≤ ln 2/(2N) ≈ 1.35e-3; Cody–Waite split of ln 2/N)
/// e^x = 2^k · T_j · (1 + s),   T_j = 2^{j/N} (a 256-entry table),   s = r + r²·(1/2 + r/6 + r²/24)   (truncation r⁵/5! ≤ 3.8e-17)
/// </code>
/// so the polynomial is 4 multiply-adds instead of the 11 a whole-range Taylor series needs — what counts on two lanes
/// without FMA (Vector128 on SSE-class x86). 2^k enters T_j's exponent bits by an integer add where every lane is
/// ≥ −708 (then 2^k·T_j is normal); elsewhere the result is scaled by 2^⌊k/2⌋·2^{k−⌊k/2⌋} so subnormal results stay right,
/// and x &lt; −745.2 (including −∞) gives 0. T_j is read with <see cref="ISimd{TV}.Gather"/> (a gather on AVX2/AVX-512,
/// a load per lane elsewhere). Positive x is outside the contract (the callers shift by the maximum).
/// </summary>
internal static unsafe class NonPositiveExp
{
    private const int TableBits = 8;
    private const int TableSize = 1 << TableBits;
    private const double InvLn2N = 369.3299304675746;                 // N / ln 2
    private const double Ln2NHi = 0.002707606173999011;               // ln 2 / N to 34 bits: n·Ln2NHi is exact for |n| < 2¹⁹
    private const double Ln2NLo = 6.327543041662719e-14;              // ln 2 / N − Ln2NHi
    private const double Underflow = -745.2;
    private const double C2 = 0.5, C3 = 0.16666666666666666, C4 = 0.041666666666666664;

    /// <summary>T_j = 2^{j/N}, j = 0 … N − 1, correctly rounded, in memory that never moves (a gather needs its address).</summary>
    private static readonly double* Table = MakeTable();

    private static double* MakeTable()
    {
        var t = (double*)NativeMemory.AlignedAlloc(TableSize * sizeof(double), 64);
        for (int j = 0; j < TableSize; j++) t[j] = Math.Pow(2, j / (double)TableSize);
        return t;
    }

    /// <summary>The least x for which <see cref="ExpInNormalRange{TV, TS}"/> holds: 2^k·T_j is a normal double for every x ≥ −708.</summary>
    public const double NormalBound = -708.0;

    /// <summary>e^x lane-wise for x ≤ 0, at the width of <typeparamref name="TS"/> (<see cref="Simd512"/>, <see cref="Simd256"/> or <see cref="Simd128"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TV, TS>(TV x) where TV : struct where TS : ISimd<TV>
    {
        var table = Reduce<TV, TS>(x, out var t, out var n, out var s);
        if (!TS.Any(TS.LessThan(x, TS.Broadcast(NormalBound)))) return Scale<TV, TS>(table, t, s);
        var k = TS.Floor(TS.Multiply(n, TS.Broadcast(1.0 / TableSize)));
        return TS.Select(TS.LessThan(x, TS.Broadcast(Underflow)), TS.Zero, PowerOfTwo.Scale<TV, TS>(TS.MultiplyAddEstimate(table, s, table), k));
    }

    /// <summary>
    /// e^x lane-wise for <see cref="NormalBound"/> ≤ x ≤ 0 with the bits of <see cref="Exp{TV, TS}"/>, without its test of
    /// the range (a compare and a branch per vector, across which the JIT keeps the reduction's values on the stack). A lane
    /// below −708 or NaN gets an unspecified value (NaN stays NaN): the caller knows the row's minimum, or redoes the row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpInNormalRange<TV, TS>(TV x) where TV : struct where TS : ISimd<TV>
    {
        var table = Reduce<TV, TS>(x, out var t, out _, out var s);
        return Scale<TV, TS>(table, t, s);
    }

    /// <summary>The reduction: t holds n = round(x·N/ln 2) in its low bits, s = e^r − 1; returns T_j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Reduce<TV, TS>(TV x, out TV t, out TV n, out TV s) where TV : struct where TS : ISimd<TV>
    {
        t = TS.MultiplyAddEstimate(x, TS.Broadcast(InvLn2N), TS.Broadcast(PowerOfTwo.Shifter));   // n in the low mantissa bits
        n = TS.Subtract(t, TS.Broadcast(PowerOfTwo.Shifter));                                       // round(x·N/ln 2), exactly
        var r = TS.MultiplyAddEstimate(n, TS.Broadcast(-Ln2NHi), x);
        r = TS.MultiplyAddEstimate(n, TS.Broadcast(-Ln2NLo), r);
        var p = TS.MultiplyAddEstimate(TS.MultiplyAddEstimate(TS.Broadcast(C4), r, TS.Broadcast(C3)), r, TS.Broadcast(C2));
        s = TS.MultiplyAddEstimate(TS.Multiply(r, r), p, r);                                        // e^r − 1
        return TS.Gather(Table, TS.And(t, TS.Broadcast(BitConverter.Int64BitsToDouble(TableSize - 1))));   // T_j, j = n mod N
    }

    /// <summary>2^k·T_j·(1 + s) where every lane is ≥ −708: (n − j)·2⁴⁴ = k·2⁵² from t's bits (the shifter's own bits leave
    /// the 64-bit lane) enters T_j's exponent by an integer add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Scale<TV, TS>(TV table, TV t, TV s) where TV : struct where TS : ISimd<TV>
    {
        var scaled = TS.AddBits(table, TS.ShiftBitsLeft(TS.AndNot(t, TS.Broadcast(BitConverter.Int64BitsToDouble(TableSize - 1))), 52 - TableBits));
        return TS.MultiplyAddEstimate(scaled, s, scaled);
    }
}
