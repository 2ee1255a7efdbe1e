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
    public static Parts PartsOf(ReadOnlySpan<double> logits)
    {
        double max = double.NegativeInfinity;
        foreach (double z in logits) max = z > max || double.IsNaN(z) ? z : max;
        return Finish(max, logits.IsEmpty || double.IsNegativeInfinity(max) ? default : ShiftedExpSum(logits, max));
    }

    /// <summary>The max shift m, the shifted sum S = Σ exp(z_i − m) and log S of float logits (in double).</summary>
    /// <param name="logits">z.</param>
    public static Parts PartsOf(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity;
        foreach (float z in logits) max = z > max || float.IsNaN(z) ? z : max;
        return Finish(max, logits.IsEmpty || double.IsNegativeInfinity(max) ? default : ShiftedExpSum(logits, max));
    }

    private static CompensatedSum ShiftedExpSum(ReadOnlySpan<double> logits, double max)
    {
        var sum = new CompensatedSum();
        foreach (double z in logits) sum.Add(ShiftedExp(z, max));
        return sum;
    }

    private static CompensatedSum ShiftedExpSum(ReadOnlySpan<float> logits, double max)
    {
        var sum = new CompensatedSum();
        foreach (float z in logits) sum.Add(ShiftedExp(z, max));
        return sum;
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
