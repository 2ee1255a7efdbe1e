using System.Runtime.CompilerServices;

namespace Kullback.Kernels;

/// <summary>Accurate logarithms of ratios and of 1 + x, used where a measure's terms are tiny differences.</summary>
internal static class LogRatio
{
    /// <summary>The smallest positive normal double, 2⁻¹⁰²².</summary>
    public const double MinNormal = 2.2250738585072014E-308;

    /// <summary>
    /// log(x / y) for x, y &gt; 0 with relative error of a few ulps even when x ≈ y: r = fl(x/y), its exact residual
    /// e = x − r·y (one FMA), then log(x/y) = log r + log(1 + e/x) ≈ log r + e/x. When r over- or underflows the
    /// normal range, log x − log y is used (then |log(x/y)| &gt; 700 and the difference has no cancellation).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Of(double x, double y)
    {
        double r = x / y;
        if (double.IsNormal(r) && double.IsNormal(x))
        {
            double e = Math.FusedMultiplyAdd(-r, y, x);
            return Math.Log(r) + e / x;
        }
        return Math.Log(x) - Math.Log(y);
    }

    /// <summary>log(1 + x) for x &gt; −1, accurate for small |x|: the one log1p, <see cref="Elementary.Log1P"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Log1P(double x) => Elementary.Log1P(x);

    /// <summary>exp(d + e) for a difference split into its rounded value d and small rounding error e: exp(d)·(1 + e).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ExpCorrected(double d, double e)
    {
        double t = Math.Exp(d);
        return Math.FusedMultiplyAdd(t, e, t);
    }

    /// <summary>The exact difference a − b as the rounded value d plus its rounding error e (Knuth's TwoSum on a, −b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TwoDifference(double a, double b, out double e)
    {
        double d = a - b;
        double bb = d - a;
        e = (a - (d - bb)) + (-b - bb);
        // An overflowed difference (e.g. −1e308 − 1e308 = −∞) has no finite error term (∞ − ∞ = NaN): e = 0.
        if (!double.IsFinite(d)) e = 0.0;
        return d;
    }

    /// <summary>The exact sum a + b as the rounded value s plus its rounding error e (Knuth's TwoSum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TwoSum(double a, double b, out double e)
    {
        double s = a + b;
        double bb = s - a;
        e = (a - (s - bb)) + (b - bb);
        return s;
    }
}
