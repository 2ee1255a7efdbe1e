using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kullback.Kernels;

/// <summary>
/// D(softmax(a_r)‖softmax(b_r)) for R short rows (C ≤ 16) at a time on the one short-row block driver (<see cref="SmallRowBlock"/>:
/// R = the float lanes of the width, one row per lane): the C columns of a and b, shifted by their rows' maxima, go through the
/// element step of the one logit-row KL kernel (<see cref="LogitKullbackLeiblerRowSimd.Terms"/>), whose ea = exp(a − max a),
/// eb = exp(b − max b) and ea·((a − max a) − (b − max b)) (0 where ea = 0) are summed per lane in float, then
/// D = t/sa − log(sa/sb) in double, clamped at 0.
/// </summary>
internal static unsafe class LogitKullbackLeiblerSmallRows
{
    /// <summary>Floats of scratch a block needs (for any width): the two transposed blocks and the spilled lane sums.</summary>
    public const int ScratchFloats = 2 * 16 * SmallRowBlock.MaxCols + 2 * 16 + 2 * 16;

    /// <summary>One block of <see cref="SmallRowBlock.RowsPerBlock"/> rows at <paramref name="width"/>; false at a width with no blocks.</summary>
    public static bool Block(float* a, float* b, int cols, VectorWidth width, float* scratch, double* divergence) => width switch
    {
        VectorWidth.V512 => Block<Vector512<float>, FloatSimd512>(a, b, cols, scratch, divergence),
        VectorWidth.V256 => Block<Vector256<float>, FloatSimd256>(a, b, cols, scratch, divergence),
        VectorWidth.V128 => Block<Vector128<float>, FloatSimd128>(a, b, cols, scratch, divergence),
        _ => false,
    };

    /// <summary>
    /// a, b are R = TOps.Count rows × <paramref name="cols"/> (≤ 16) floats, row-major; reads them; writes D of the R rows to
    /// divergence[0, R). scratch (<see cref="ScratchFloats"/>): a and b transposed to C column vectors, then the spilled
    /// per-lane sums and logarithms. False on any fault (NaN or +∞, or a row all −∞; the caller then goes row by row).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool Block<TV, TOps>(float* a, float* b, int cols, float* scratch, double* divergence) where TV : struct where TOps : ISimdFloat<TV>
    {
        int rows = TOps.Count;
        float* at = scratch, bt = at + rows * SmallRowBlock.MaxCols, lanes = bt + rows * SmallRowBlock.MaxCols;
        double* logs = (double*)(lanes + 2 * 16);
        SmallRowBlock.Transpose<TV, TOps>(a, at, cols);
        SmallRowBlock.Transpose<TV, TOps>(b, bt, cols);
        if (!SmallRowBlock.ColumnMax<TV, TOps>(at, cols, out TV ma) || !SmallRowBlock.ColumnMax<TV, TOps>(bt, cols, out TV mb)) return false;
        TV t = LogitKullbackLeiblerRowSimd.Terms<TV, FloatLogitLanes<TV, TOps>, WholeDomain>(TOps.Subtract(TOps.Load(at), ma), TOps.Subtract(TOps.Load(bt), mb), out TV sa, out TV sb);
        for (int k = 1; k < cols; k++)
        {
            TV tk = LogitKullbackLeiblerRowSimd.Terms<TV, FloatLogitLanes<TV, TOps>, WholeDomain>(
                TOps.Subtract(TOps.Load(at + k * rows), ma), TOps.Subtract(TOps.Load(bt + k * rows), mb), out TV ea, out TV eb);
            sa = TOps.Add(sa, ea);
            sb = TOps.Add(sb, eb);
            t = TOps.Add(t, tk);
        }
        TOps.Store(lanes, t);
        TOps.Store(lanes + 16, sa);
        SmallRowBlock.LogRatioInDouble<TV>(sa, sb, logs);           // log sa − log sb as one logarithm
        for (int r = 0; r < rows; r++)
            divergence[r] = Math.Max((double)lanes[r] / lanes[16 + r] - logs[r], 0);
        return true;
    }
}
