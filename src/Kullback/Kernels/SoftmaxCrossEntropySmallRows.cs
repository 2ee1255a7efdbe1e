using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kullback.Kernels;

/// <summary>
/// Cross-entropy with class-index targets for short rows (C ≤ 16, e.g. 10 classes), eight rows at a time, one row per
/// lane: a row-at-a-time kernel would spend most of its time on per-row overhead. For a block of 8 rows (8·C contiguous floats):
/// <code>
/// m_r = max_c z_rc                  (C gathers, lane r reads row r)
/// e   = exp(z − m_row)              (C contiguous vectors; m_row spread to each element by a lane permute)
/// s_r = Σ_c e_rc, ℓ_r = log s_r − (z_r,y_r − m_r)
/// ∂ℓ/∂z = scale·(e/s_row − [c = y_row])   (contiguous, written straight into the gradient)
/// </code>
/// The plain case only (no weights, no smoothing, no ignored row in the block); anything else, and any fault, goes row by row.
/// </summary>
internal static unsafe class SoftmaxCrossEntropySmallRows
{
    /// <summary>Rows per block.</summary>
    public const int BlockRows = 8;

    /// <summary>Whether the block kernel runs here for rows of <paramref name="cols"/> classes.</summary>
    public static bool IsSupported(int cols) => cols <= 16 && Avx2.IsSupported && Fma.IsSupported;

    /// <summary>Fills rowOf[k·8 + j] = (8k + j) / C and colOf[k·8 + j] = (8k + j) mod C for the C vectors of a block.</summary>
    public static void Tables(int cols, int* rowOf, int* colOf)
    {
        for (int i = 0; i < BlockRows * cols; i++) { rowOf[i] = i / cols; colOf[i] = i % cols; }
    }

    /// <summary>One block of 8 rows; writes the 8 row losses (and the gradient when not null). False on any fault.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Hard8(float* z, int cols, int* targets, int* rowOf, int* colOf, float* buffer, float* gradient, double scale, double* loss)
    {
        var index = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * cols;
        var m = Avx2.GatherVector256(z, index, 4);
        var bad = ~Vector256.Equals(m, m);
        for (int c = 1; c < cols; c++)
        {
            var v = Avx2.GatherVector256(z + c, index, 4);
            m = Vector256.MaxNative(m, v);
            bad |= ~Vector256.Equals(v, v);
        }
        bad |= Vector256.Equals(m, Vector256.Create(float.PositiveInfinity)) | Vector256.Equals(m, Vector256.Create(float.NegativeInfinity));
        if (bad != Vector256<float>.Zero) return false;

        for (int k = 0; k < cols; k++)
        {
            var mk = Avx2.PermuteVar8x32(m, Vector256.Load(rowOf + 8 * k));
            Vector256.Store(Simd256.Exp(Vector256.Load(z + 8 * k) - mk), buffer + 8 * k);
        }
        var s = Avx2.GatherVector256(buffer, index, 4);
        for (int c = 1; c < cols; c++) s += Avx2.GatherVector256(buffer + c, index, 4);

        var y = Vector256.Load(targets);
        var zy = Avx2.GatherVector256(z, index + y, 4) - m;
        var (sLo, sHi) = Vector256.Widen(s);
        var (zLo, zHi) = Vector256.Widen(zy);
        Vector256.Store(Vector256.Log(sLo) - zLo, loss);
        Vector256.Store(Vector256.Log(sHi) - zHi, loss + 4);

        if (gradient != null)
        {
            var alpha = Vector256.Create((float)scale) / s;
            var one = Vector256.Create((float)scale);
            for (int k = 0; k < cols; k++)
            {
                var rows = Vector256.Load(rowOf + 8 * k);
                var g = Vector256.Load(buffer + 8 * k) * Avx2.PermuteVar8x32(alpha, rows);
                var hit = Vector256.Equals(Vector256.Load(colOf + 8 * k), Avx2.PermuteVar8x32(y, rows)).AsSingle();
                Vector256.Store(g - (one & hit), gradient + 8 * k);
            }
        }
        return true;
    }
}
