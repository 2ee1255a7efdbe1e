using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kullback.Kernels;

/// <summary>
/// D(softmax(a_r)‖softmax(b_r)) for 8 short rows (C ≤ 16) at a time, one row per lane (see <see cref="SmallRowBlock"/>):
/// contiguous ea = exp(a − max a), eb = exp(b − max b) and ea·((a − max a) − (b − max b)) (0 where ea = 0), then per-row
/// sums by gathers and D = t/sa − log sa + log sb in double, clamped at 0.
/// </summary>
internal static unsafe class LogitKullbackLeiblerSmallRows
{
    /// <summary>One block of 8 rows; writes 8 divergences; false on any fault (the caller then goes row by row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Block8(float* a, float* b, int cols, int* rowOf, float* ea, float* eb, float* t, double* divergence)
    {
        var starts = SmallRowBlock.RowStarts(cols);
        if (!SmallRowBlock.RowMax(a, cols, starts, out var ma) || !SmallRowBlock.RowMax(b, cols, starts, out var mb)) return false;
        for (int k = 0; k < cols; k++)
        {
            var da = Vector256.Load(a + 8 * k) - SmallRowBlock.Spread(ma, rowOf, k);
            var db = Vector256.Load(b + 8 * k) - SmallRowBlock.Spread(mb, rowOf, k);
            var x = FloatSimd256.Exp(da);
            Vector256.Store(x, ea + 8 * k);
            Vector256.Store(FloatSimd256.Exp(db), eb + 8 * k);
            Vector256.Store(FloatSimd256.ZeroWhereZero(x, x * (da - db)), t + 8 * k);
        }
        var sa = SmallRowBlock.RowSum(ea, cols, starts);
        var (logALo, logAHi) = SmallRowBlock.LogWide(sa);
        var (logBLo, logBHi) = SmallRowBlock.LogWide(SmallRowBlock.RowSum(eb, cols, starts));
        var (tLo, tHi) = Vector256.Widen(SmallRowBlock.RowSum(t, cols, starts));
        var (saLo, saHi) = Vector256.Widen(sa);
        Vector256.Store(Vector256.Max(tLo / saLo - logALo + logBLo, Vector256<double>.Zero), divergence);
        Vector256.Store(Vector256.Max(tHi / saHi - logAHi + logBHi, Vector256<double>.Zero), divergence + 4);
        return true;
    }
}
