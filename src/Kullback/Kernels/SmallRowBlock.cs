using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Kullback.Kernels;

/// <summary>
/// The one short-row block driver (C ≤ <see cref="MaxCols"/>, e.g. 10 classes), where a row-at-a-time kernel would spend most
/// of its time on per-row overhead: R rows run at once, one row per lane, R = the float lanes of the width (16, 8 or 4; see
/// <see cref="RowsPerBlock"/>). A block of R rows × C, row-major, is transposed into C column vectors (lane r = row r), the
/// lane code of a row kernel runs on the columns, and per-lane results are spilled (a gradient goes back to rows). Its
/// kernels: <see cref="SoftmaxCrossEntropyBlocks"/> and <see cref="LogitKullbackLeiblerSmallRows"/>. The transpositions are
/// 4 × 4 transposes of 128-bit vectors (SSE on x86, AdvSimd on ARM64) with a portable loop for the rest.
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

    /// <summary>dst[r] = log(a_r / b_r) of the float lanes widened to double (the quotient in double, one logarithm), vectorised: dst[0, R).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LogRatioInDouble<TV>(TV a, TV b, double* dst) where TV : struct
    {
        if (typeof(TV) == typeof(Vector512<float>))
        {
            var (alo, ahi) = Vector512.Widen(Unsafe.As<TV, Vector512<float>>(ref a));
            var (blo, bhi) = Vector512.Widen(Unsafe.As<TV, Vector512<float>>(ref b));
            Vector512.Log(alo / blo).Store(dst); Vector512.Log(ahi / bhi).Store(dst + 8);
        }
        else if (typeof(TV) == typeof(Vector256<float>))
        {
            var (alo, ahi) = Vector256.Widen(Unsafe.As<TV, Vector256<float>>(ref a));
            var (blo, bhi) = Vector256.Widen(Unsafe.As<TV, Vector256<float>>(ref b));
            Vector256.Log(alo / blo).Store(dst); Vector256.Log(ahi / bhi).Store(dst + 4);
        }
        else
        {
            var (alo, ahi) = Vector128.Widen(Unsafe.As<TV, Vector128<float>>(ref a));
            var (blo, bhi) = Vector128.Widen(Unsafe.As<TV, Vector128<float>>(ref b));
            Vector128.Log(alo / blo).Store(dst); Vector128.Log(ahi / bhi).Store(dst + 2);
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

    /// <summary>dst[k·R + r] = src[r·C + k] for the R = TOps.Count rows of C elements: column k becomes vector k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose<TV, TOps>(float* src, float* dst, int cols) where TV : struct where TOps : ISimdFloat<TV> =>
        TransposeMatrix(src, TOps.Count, cols, dst);

    /// <summary>dst[r·C + k] = src[k·R + r]: the transposed block back to rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Untranspose<TV, TOps>(float* src, float* dst, int cols) where TV : struct where TOps : ISimdFloat<TV> =>
        TransposeMatrix(src, cols, TOps.Count, dst);

    // b[j·m + i] = a[i·n + j]: b is the n × m transpose of the row-major m × n matrix a. Four rows by four columns at a
    // time as one 4 × 4 transpose of 128-bit vectors (SSE unpacks on x86, zips on ARM64); the rows and columns past the
    // last whole tile, and machines with neither, by the portable loop.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeMatrix(float* a, int m, int n, float* b)
    {
        int tiledRows = 0, tiledCols = 0;
        if (Sse.IsSupported || AdvSimd.Arm64.IsSupported)
        {
            (tiledRows, tiledCols) = (m & ~3, n & ~3);
            for (int i = 0; i < tiledRows; i += 4)
                for (int j = 0; j < tiledCols; j += 4)
                {
                    float* from = a + i * n + j;
                    var (c0, c1, c2, c3) = Transpose4(Vector128.Load(from), Vector128.Load(from + n), Vector128.Load(from + 2 * n), Vector128.Load(from + 3 * n));
                    float* to = b + j * m + i;
                    c0.Store(to);
                    c1.Store(to + m);
                    c2.Store(to + 2 * m);
                    c3.Store(to + 3 * m);
                }
        }
        for (int i = 0; i < m; i++)
            for (int j = i < tiledRows ? tiledCols : 0; j < n; j++) b[j * m + i] = a[i * n + j];
    }

    // The 4 × 4 transpose of rows a, b, c, d: element j of result i is element i of row j. x86: unpack the pairs of
    // rows, then move 64-bit halves; ARM64: zip 32-bit lanes, then 64-bit lanes. Only called where one of them exists.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<float>, Vector128<float>, Vector128<float>, Vector128<float>) Transpose4(
        Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d)
    {
        if (Sse.IsSupported)
        {
            Vector128<float> ab0 = Sse.UnpackLow(a, b), cd0 = Sse.UnpackLow(c, d), ab1 = Sse.UnpackHigh(a, b), cd1 = Sse.UnpackHigh(c, d);
            return (Sse.MoveLowToHigh(ab0, cd0), Sse.MoveHighToLow(cd0, ab0), Sse.MoveLowToHigh(ab1, cd1), Sse.MoveHighToLow(cd1, ab1));
        }
        Vector128<ulong> p0 = AdvSimd.Arm64.ZipLow(a, b).AsUInt64(), q0 = AdvSimd.Arm64.ZipLow(c, d).AsUInt64();
        Vector128<ulong> p1 = AdvSimd.Arm64.ZipHigh(a, b).AsUInt64(), q1 = AdvSimd.Arm64.ZipHigh(c, d).AsUInt64();
        return (AdvSimd.Arm64.ZipLow(p0, q0).AsSingle(), AdvSimd.Arm64.ZipHigh(p0, q0).AsSingle(),
            AdvSimd.Arm64.ZipLow(p1, q1).AsSingle(), AdvSimd.Arm64.ZipHigh(p1, q1).AsSingle());
    }
}
