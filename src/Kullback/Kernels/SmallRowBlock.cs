using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kullback.Kernels;

/// <summary>
/// Helpers of the short-row block kernels (C ≤ 16): 8 consecutive rows of C floats are 8·C contiguous floats, i.e. C vectors
/// of 8. Per-row reductions read the block with gathers (lane r reads row r); element-wise work runs on the contiguous
/// vectors, with a per-row value spread to each element by a lane permute (tables <see cref="Tables"/>).
/// </summary>
internal static unsafe class SmallRowBlock
{
    /// <summary>Rows per block.</summary>
    public const int Rows = 8;

    /// <summary>Whether block kernels run here for rows of <paramref name="cols"/> elements.</summary>
    public static bool IsSupported(int cols) => cols <= 16 && Avx2.IsSupported && Fma.IsSupported;

    /// <summary>Gather offsets of the first element of each of the 8 rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> RowStarts(int cols) => Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * cols;

    /// <summary>Fills rowOf[k·8 + j] = (8k + j) / C and colOf[k·8 + j] = (8k + j) mod C for the C vectors of a block.</summary>
    public static void Tables(int cols, int* rowOf, int* colOf)
    {
        for (int i = 0; i < Rows * cols; i++) { rowOf[i] = i / cols; colOf[i] = i % cols; }
    }

    /// <summary>m_r = max_c x_rc for the 8 rows; false when a row holds NaN or +∞ or is all −∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool RowMax(float* x, int cols, Vector256<int> starts, out Vector256<float> m)
    {
        m = Avx2.GatherVector256(x, starts, 4);
        var bad = ~Vector256.Equals(m, m);
        for (int c = 1; c < cols; c++)
        {
            var v = Avx2.GatherVector256(x + c, starts, 4);
            m = Vector256.MaxNative(m, v);
            bad |= ~Vector256.Equals(v, v);
        }
        bad |= Vector256.Equals(m, Vector256.Create(float.PositiveInfinity)) | Vector256.Equals(m, Vector256.Create(float.NegativeInfinity));
        return bad == Vector256<float>.Zero;
    }

    /// <summary>Σ_c x_rc for the 8 rows (C ≤ 16 terms, summed in float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> RowSum(float* x, int cols, Vector256<int> starts)
    {
        var s = Avx2.GatherVector256(x, starts, 4);
        for (int c = 1; c < cols; c++) s += Avx2.GatherVector256(x + c, starts, 4);
        return s;
    }

    /// <summary>The per-row values of <paramref name="perRow"/> spread to the elements of contiguous vector k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Spread(Vector256<float> perRow, int* rowOf, int k) => Avx2.PermuteVar8x32(perRow, Vector256.Load(rowOf + 8 * k));

    /// <summary>log x in double for 8 float lanes, as two halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<double> Lo, Vector256<double> Hi) LogWide(Vector256<float> x)
    {
        var (lo, hi) = Vector256.Widen(x);
        return (Vector256.Log(lo), Vector256.Log(hi));
    }
}
