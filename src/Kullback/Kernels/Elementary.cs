using System.Runtime.CompilerServices;

namespace Kullback.Kernels;

/// <summary>
/// The one home of the scalar elementary functions the measures, losses, distributions and learners share, each
/// accurate at the extremes (tested against mpmath at ±1e3 and near 0): log(1 + x) and eˣ − 1 by Kahan's
/// correction of the rounded argument (within 4 ulps of mpmath from 1e−300 to 1e300); softplus and σ never overflow and keep
/// their tiny tails (softplus(−40) = 4.2e−18, not 0); x·log y keeps 0·log 0 = 0.
/// </summary>
internal static class Elementary
{
    /// <summary>log(1 + x) for x ≥ −1 to a few ulp (Kahan: log(u)·x/(u − 1) with u = fl(1 + x) cancels the rounding of u).</summary>
    public static double Log1P(double x)
    {
        double u = 1 + x;
        if (u == 1) return x;
        if (double.IsPositiveInfinity(u)) return Math.Log(x);
        return Math.Log(u) * (x / (u - 1));
    }

    /// <summary>eˣ − 1 to a few ulp (Kahan: (u − 1)·x/log u with u = fl(eˣ) cancels the rounding of u).</summary>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1) return x;
        double um1 = u - 1;
        if (um1 == -1 || double.IsPositiveInfinity(u)) return um1;
        return um1 * (x / Math.Log(u));
    }

    /// <summary>softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^−|x|): +∞ for +∞, 0 for −∞, eˣ for x ≪ 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Softplus(double x) => Math.Max(x, 0) + Log1P(Math.Exp(-Math.Abs(x)));

    /// <summary>σ(x) = 1/(1 + e^−x), on the side where the exponential cannot overflow: eˣ/(1 + eˣ) for x &lt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>x·log y with 0·log y = 0 for every y ≥ 0 (so 0·log 0 = 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double XLogY(double x, double y) => x == 0 ? 0 : x * Math.Log(y);

    /// <summary>x·log x with 0·log 0 = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double XLogX(double x) => x == 0 ? 0 : x * Math.Log(x);

    /// <summary>x·log(1 + y) with 0·log(1 + y) = 0, accurate for small y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double XLog1PY(double x, double y) => x == 0 ? 0 : x * Log1P(y);
}
