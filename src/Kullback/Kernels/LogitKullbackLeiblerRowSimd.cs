using System.Runtime.Intrinsics;

namespace Kullback.Kernels;

/// <summary>
/// The float, vectorised form of <see cref="LogitKullbackLeibler"/>'s row: pass 1 finds max a and max b together;
/// pass 2 sums ea = exp(a − max a), eb = exp(b − max b) and ea·((a − max a) − (b − max b)) (0 where ea = 0), in float
/// over blocks of vectors and in double across blocks. D = t/sa − log sa + log sb, clamped at 0. NaN marks a bad row.
/// Rows shorter than one vector go to the scalar form.
/// </summary>
internal static unsafe class LogitKullbackLeiblerRowSimd
{
    private const int Block = 32;

    public static double Row(float* a, float* b, int cols) => SimdWidth.For<float>(cols) switch
    {
        VectorWidth.V512 => Row<Vector512<float>, FloatSimd512>(a, b, cols),
        VectorWidth.V256 => Row<Vector256<float>, FloatSimd256>(a, b, cols),
        VectorWidth.V128 => Row<Vector128<float>, FloatSimd128>(a, b, cols),
        _ => LogitKullbackLeibler.Row(a, b, cols),
    };

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static double Row<TV, TOps>(float* a, float* b, int n) where TV : struct where TOps : ISimdFloat<TV>
    {
        if (RowMaxSimd.Max<TV, TOps>(a, n, out float ma) != RowFault.None) return double.NaN;
        if (RowMaxSimd.Max<TV, TOps>(b, n, out float mb) != RowFault.None) return double.NaN;
        int k = TOps.Count;
        TV vma = TOps.Broadcast(ma), vmb = TOps.Broadcast(mb), zero = TOps.Broadcast(0);
        TV accA = zero, accB = zero, accT = zero;
        double sa = 0, sb = 0, t = 0;
        int blk = 0;
        for (int i = 0; i < n; i += k)
        {
            bool last = i + k > n;
            int at = last ? n - k : i;
            TV da = TOps.Subtract(TOps.Load(a + at), vma), db = TOps.Subtract(TOps.Load(b + at), vmb);
            TV ea = TOps.Exp(da), eb = TOps.Exp(db);
            if (last) { TV mask = TOps.LastLanes(n - i); ea = TOps.Keep(mask, ea); eb = TOps.Keep(mask, eb); }
            accA = TOps.Add(accA, ea);
            accB = TOps.Add(accB, eb);
            accT = TOps.Add(accT, TOps.ZeroWhereZero(ea, TOps.Multiply(ea, TOps.Subtract(da, db))));
            if (++blk == Block || i + k >= n)
            {
                sa += TOps.SumAcross(accA); sb += TOps.SumAcross(accB); t += TOps.SumAcross(accT);
                accA = accB = accT = zero;
                blk = 0;
            }
        }
        return Math.Max(0, t / sa - Math.Log(sa) + Math.Log(sb));
    }
}
