using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kullback.Kernels;

/// <summary>
/// The one short-row block driver (C ≤ <see cref="MaxCols"/>, e.g. 10 classes), where a row-at-a-time kernel would spend most
/// of its time on per-row overhead: R rows run at once, one row per lane, R = the float lanes of the width (16, 8 or 4; see
/// <see cref="RowsPerBlock"/>). A block of R rows × C, row-major, is transposed into C column vectors (lane r = row r), the
/// lane code of a row kernel runs on the columns, and per-lane results are spilled (a gradient goes back to rows). Its
/// kernels: <see cref="SoftmaxCrossEntropyBlocks"/> and <see cref="LogitKullbackLeiblerSmallRows"/>. The transpositions are
/// portable loops with AVX2 gathers as an optional fast path.
/// </summary>
internal static unsafe class SmallRowBlock
{
    /// <summary>The longest row the blocks take.</summary>
    public const int MaxCols = 16;

    /// <summary>Whether blocks run here for rows of <paramref name="cols"/> elements (any accelerated width).</summary>
    public static bool IsSupported(int cols) => cols <= MaxCols && Vector128.IsHardwareAccelerated;

    /// <summary>Rows per block at <paramref name="width"/> (0: no blocks at this width).</summary>
    public static int RowsPerBlock(VectorWidth width) => width switch
    {
        VectorWidth.V512 => Vector512<float>.Count,
        VectorWidth.V256 => Vector256<float>.Count,
        VectorWidth.V128 => Vector128<float>.Count,
        _ => 0,
    };

    /// <summary>Fills the gather table of <see cref="Untranspose{TV, TOps}"/> for rows of <paramref name="cols"/> at
    /// <paramref name="width"/>: table[i] = (i mod C)·R + i / C (element i of the block ← column i mod C, lane i / C).</summary>
    public static void Table(int cols, VectorWidth width, int* table)
    {
        int rows = RowsPerBlock(width);
        for (int i = 0; i < rows * cols; i++) table[i] = i % cols * rows + i / cols;
    }

    /// <summary>m = the lane-wise max of the C column vectors at <paramref name="columns"/> (stride R); false when a row
    /// holds NaN or +∞ or is all −∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ColumnMax<TV, TOps>(float* columns, int cols, out TV m) where TV : struct where TOps : ISimdFloat<TV>
    {
        int rows = TOps.Count;
        m = TOps.Load(columns);
        TV bad = TOps.NaNMask(m);
        for (int k = 1; k < cols; k++)
        {
            TV v = TOps.Load(columns + k * rows);
            m = TOps.Max(m, v);
            bad = TOps.Or(bad, TOps.NaNMask(v));
        }
        return !TOps.AnyBitSet(bad) && TOps.MaxAcross(m) != double.PositiveInfinity && TOps.MinAcross(m) != double.NegativeInfinity;
    }

    /// <summary>log x of the float lanes in double (as a row kernel's Math.Log of its double sum), vectorised: dst[0, R).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LogInDouble<TV>(TV x, double* dst) where TV : struct
    {
        if (typeof(TV) == typeof(Vector512<float>))
        {
            var (lo, hi) = Vector512.Widen(Unsafe.As<TV, Vector512<float>>(ref x));
            Vector512.Log(lo).Store(dst); Vector512.Log(hi).Store(dst + 8);
        }
        else if (typeof(TV) == typeof(Vector256<float>))
        {
            var (lo, hi) = Vector256.Widen(Unsafe.As<TV, Vector256<float>>(ref x));
            Vector256.Log(lo).Store(dst); Vector256.Log(hi).Store(dst + 4);
        }
        else
        {
            var (lo, hi) = Vector128.Widen(Unsafe.As<TV, Vector128<float>>(ref x));
            Vector128.Log(lo).Store(dst); Vector128.Log(hi).Store(dst + 2);
        }
    }

    /// <summary>dst[r] = log s_r − (zy_r − m_r), the float lanes widened to double (as a row kernel's Math.Log of its double
    /// sum minus its double z_y − m), vectorised: dst[0, R).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LogMinusShiftedInDouble<TV>(TV s, TV zy, TV m, double* dst) where TV : struct
    {
        if (typeof(TV) == typeof(Vector512<float>))
        {
            var (slo, shi) = Vector512.Widen(Unsafe.As<TV, Vector512<float>>(ref s));
            var (ylo, yhi) = Vector512.Widen(Unsafe.As<TV, Vector512<float>>(ref zy));
            var (mlo, mhi) = Vector512.Widen(Unsafe.As<TV, Vector512<float>>(ref m));
            (Vector512.Log(slo) - (ylo - mlo)).Store(dst); (Vector512.Log(shi) - (yhi - mhi)).Store(dst + 8);
        }
        else if (typeof(TV) == typeof(Vector256<float>))
        {
            var (slo, shi) = Vector256.Widen(Unsafe.As<TV, Vector256<float>>(ref s));
            var (ylo, yhi) = Vector256.Widen(Unsafe.As<TV, Vector256<float>>(ref zy));
            var (mlo, mhi) = Vector256.Widen(Unsafe.As<TV, Vector256<float>>(ref m));
            (Vector256.Log(slo) - (ylo - mlo)).Store(dst); (Vector256.Log(shi) - (yhi - mhi)).Store(dst + 4);
        }
        else
        {
            var (slo, shi) = Vector128.Widen(Unsafe.As<TV, Vector128<float>>(ref s));
            var (ylo, yhi) = Vector128.Widen(Unsafe.As<TV, Vector128<float>>(ref zy));
            var (mlo, mhi) = Vector128.Widen(Unsafe.As<TV, Vector128<float>>(ref m));
            (Vector128.Log(slo) - (ylo - mlo)).Store(dst); (Vector128.Log(shi) - (yhi - mhi)).Store(dst + 2);
        }
    }

    /// <summary>dst[r] = (float)(a / s_r) with s widened to double (as a row kernel's scalar quotient), vectorised: dst[0, R).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void QuotientInDouble<TV>(double a, TV s, float* dst) where TV : struct
    {
        if (typeof(TV) == typeof(Vector512<float>))
        {
            var (lo, hi) = Vector512.Widen(Unsafe.As<TV, Vector512<float>>(ref s));
            var va = Vector512.Create(a);
            Vector512.Narrow(va / lo, va / hi).Store(dst);
        }
        else if (typeof(TV) == typeof(Vector256<float>))
        {
            var (lo, hi) = Vector256.Widen(Unsafe.As<TV, Vector256<float>>(ref s));
            var va = Vector256.Create(a);
            Vector256.Narrow(va / lo, va / hi).Store(dst);
        }
        else
        {
            var (lo, hi) = Vector128.Widen(Unsafe.As<TV, Vector128<float>>(ref s));
            var va = Vector128.Create(a);
            Vector128.Narrow(va / lo, va / hi).Store(dst);
        }
    }

    /// <summary>dst[k·R + r] = src[r·C + k] for the R = TOps.Count rows of C elements (column k becomes vector k); with AVX2
    /// a column of 8 rows is one gather (an optional fast path: the scalar loop is the portable form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose<TV, TOps>(float* src, float* dst, int cols) where TV : struct where TOps : ISimdFloat<TV>
    {
        int rows = TOps.Count;
        if ((typeof(TV) == typeof(Vector256<float>) || typeof(TV) == typeof(Vector512<float>)) && Avx2.IsSupported)
        {
            var starts = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * cols;
            for (int k = 0; k < cols; k++)
                for (int half = 0; half < rows; half += 8)        // a 512-bit column is two 256-bit gathers
                    Avx2.GatherVector256(src + half * cols + k, starts, 4).Store(dst + k * rows + half);
            return;
        }
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < cols; k++) dst[k * rows + r] = src[r * cols + k];
    }

    /// <summary>dst[r·C + k] = src[k·R + r]: the transposed block back to rows; with AVX2 eight consecutive elements are one
    /// gather through <paramref name="table"/> (filled by <see cref="Table"/>; an optional fast path beside the portable loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Untranspose<TV, TOps>(float* src, float* dst, int cols, int* table) where TV : struct where TOps : ISimdFloat<TV>
    {
        int rows = TOps.Count;
        if ((typeof(TV) == typeof(Vector256<float>) || typeof(TV) == typeof(Vector512<float>)) && Avx2.IsSupported)
        {
            for (int i = 0; i < rows * cols; i += 8)            // R·C is a multiple of 8
                Avx2.GatherVector256(src, Vector256.Load(table + i), 4).Store(dst + i);
            return;
        }
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < cols; k++) dst[r * cols + k] = src[k * rows + r];
    }
}
