using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Kullback.Kernels;

/// <summary>
/// log Σ_i exp(z_i), computed in log space with the max shift: m = max z, S = Σ exp(z_i − m) ≥ 1,
/// LSE = m + log S, and log softmax(z)_i = (z_i − m) − log S with no cancellation (both parts ≤ 0).
/// −∞ entries are masked classes (exp(−∞) = 0). Sums are compensated and each exp(z_i − m) corrects the rounding
/// of z_i − m, so log S is within a few ulps. Inputs are not validated here: NaN/+∞ give NaN/+∞.
/// </summary>
public static class LogSumExp
{
    /// <summary>The parts of a log-sum-exp: LSE(z) = Max + LogSum.</summary>
    /// <param name="Max">m = max_i z_i (−∞ when every entry is −∞).</param>
    /// <param name="Sum">S = Σ_i exp(z_i − m) ≥ 1 (0 when every entry is −∞).</param>
    /// <param name="LogSum">log S, accurate also when S is close to 1 (computed as log1p(S − 1)).</param>
    public readonly record struct Parts(double Max, double Sum, double LogSum)
    {
        /// <summary>LSE(z) = m + log S.</summary>
        public double Value => Max + LogSum;

        /// <summary>log softmax(z)_i = (z_i − m) − log S.</summary>
        public double LogSoftmax(double z) => double.IsNegativeInfinity(z) ? double.NegativeInfinity : (z - Max) - LogSum;
    }

    /// <summary>LSE(z) = log Σ_i exp(z_i) = m + log Σ_i exp(z_i − m), m = max z. −∞ for an empty span or all −∞.</summary>
    /// <param name="logits">z.</param>
    public static double Of(ReadOnlySpan<double> logits) => PartsOf(logits).Value;

    /// <summary>LSE(z) of float logits, accumulated in double: m + log Σ_i exp(z_i − m).</summary>
    /// <param name="logits">z.</param>
    public static double Of(ReadOnlySpan<float> logits) => PartsOf(logits).Value;

    /// <summary>The max shift m, the shifted sum S = Σ exp(z_i − m) and log S (see <see cref="Parts"/>).</summary>
    /// <param name="logits">z.</param>
    public static Parts PartsOf(ReadOnlySpan<double> logits) => PartsOf<double>(logits, VectorWidth.Best);

    /// <summary>The max shift m, the shifted sum S = Σ exp(z_i − m) and log S of float logits (in double).</summary>
    /// <param name="logits">z.</param>
    public static Parts PartsOf(ReadOnlySpan<float> logits) => PartsOf<float>(logits, VectorWidth.Best);

    /// <summary>The parts with a chosen loop (tests compare the vector loops with the scalar one).</summary>
    internal static Parts PartsOf<T>(ReadOnlySpan<T> logits, VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (logits.IsEmpty) return new Parts(double.NegativeInfinity, 0.0, double.NegativeInfinity);
        double max = double.CreateTruncating(TensorPrimitives.Max(logits));
        if (!double.IsFinite(max)) return Finish(max, default);
        var sum = new CompensatedSum();
        int i = Lanes.Resolve(width, logits.Length) switch
        {
            VectorWidth.V512 => ShiftedExpLoop<T, Vector512<double>, Simd512>(logits, max, ref sum),
            VectorWidth.V256 => ShiftedExpLoop<T, Vector256<double>, Simd256>(logits, max, ref sum),
            VectorWidth.V128 => ShiftedExpLoop<T, Vector128<double>, Simd128>(logits, max, ref sum),
            _ => 0,
        };
        for (; i < logits.Length; i++) sum.Add(ShiftedExp(double.CreateTruncating(logits[i]), max));
        return Finish(max, sum);
    }

    /// <summary>Σ exp(z_i − m) on Count lanes at a time: d = z − m, its TwoSum error e, exp(d)·(1 + e); 0 for z = −∞.</summary>
    private static int ShiftedExpLoop<T, TV, TS>(ReadOnlySpan<T> logits, double max, ref CompensatedSum total)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TV : struct
        where TS : ISimd<TV>
    {
        int n = TS.Count, i = 0;
        TV m = TS.Broadcast(max), minusM = TS.Broadcast(-max), negativeInfinity = TS.Broadcast(double.NegativeInfinity);
        TV sum = TS.Zero, compensation = TS.Zero;
        for (; i < logits.Length; i += n)
        {
            bool whole = i <= logits.Length - n;
            TV z = whole ? TS.Load(logits, i) : Lanes.Tail<T, TV, TS>(logits, i, max);
            TV d = TS.Subtract(z, m);
            TV bb = TS.Subtract(d, z);
            TV e = TS.Add(TS.Subtract(z, TS.Subtract(d, bb)), TS.Subtract(minusM, bb));
            e = TS.Select(TS.Equal(d, negativeInfinity), TS.Zero, e); // z − m overflowed to −∞: exp(d) = 0 exactly, no error term
            TV t = TS.Exp(d);
            t = TS.Select(TS.Equal(z, negativeInfinity), TS.Zero, TS.FusedMultiplyAdd(t, e, t));
            if (!whole) t = TS.Select(Lanes.TailMask<TV, TS>(logits.Length - i), t, TS.Zero);
            Lanes.Accumulate<TV, TS>(ref sum, ref compensation, t);
        }
        Lanes.Combine<TV, TS>(sum, compensation, ref total);
        return logits.Length;
    }

    /// <summary>exp(z − m) with the rounding error of z − m corrected; 0 for z = −∞.</summary>
    internal static double ShiftedExp(double z, double max)
    {
        if (double.IsNegativeInfinity(z)) return 0.0;
        double d = LogRatio.TwoDifference(z, max, out double e);
        return LogRatio.ExpCorrected(d, e);
    }

    private static Parts Finish(double max, CompensatedSum sum)
    {
        if (double.IsNaN(max) || double.IsPositiveInfinity(max)) return new Parts(max, max, max);
        if (double.IsNegativeInfinity(max)) return new Parts(max, 0.0, double.NegativeInfinity);
        double high = sum.High, low = sum.Low;
        double s = high + low;
        double logSum = s < 2.0 ? LogRatio.Log1P((high - 1.0) + low) : Math.Log(s);
        return new Parts(max, s, logSum);
    }
}
