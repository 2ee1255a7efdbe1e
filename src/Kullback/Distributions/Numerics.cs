using Kullback.Kernels;
using MathNet.Numerics;

namespace Kullback.Distributions;

/// <summary>Small helpers shared by the families and the closed forms; the elementary functions are <see cref="Elementary"/>'s.</summary>
internal static class Numerics
{
    /// <summary>x · log y with the convention 0 · log y = 0 for every y ≥ 0 (so 0 · log 0 = 0): <see cref="Elementary.XLogY"/>.</summary>
    internal static double XLogY(double x, double y) => Elementary.XLogY(x, y);

    /// <summary>x · log x with 0 · log 0 = 0: <see cref="Elementary.XLogX"/>.</summary>
    internal static double XLogX(double x) => Elementary.XLogX(x);

    /// <summary>x · log(1 + y) with 0 · log(1 + y) = 0, accurate for small y: <see cref="Elementary.XLog1PY"/>.</summary>
    internal static double XLog1PY(double x, double y) => Elementary.XLog1PY(x, y);

    /// <summary>log(1 + x) for x &gt; −1: <see cref="Elementary.Log1P"/>.</summary>
    internal static double Log1P(double x) => Elementary.Log1P(x);

    /// <summary>e^x − 1: <see cref="Elementary.ExpM1"/>.</summary>
    internal static double ExpM1(double x) => Elementary.ExpM1(x);

    /// <summary>Binary entropy −p log p − (1 − p) log(1 − p) in nats, with 0 · log 0 = 0.</summary>
    internal static double BinaryEntropy(double p) => -XLogY(p, p) - XLog1PY(1 - p, -p);

    /// <summary>True when <paramref name="x"/> is a whole number (…, −1, 0, 1, …).</summary>
    internal static bool IsInteger(double x) => double.IsFinite(x) && Math.Floor(x) == x;

    /// <summary>log k! for a whole number k ≥ 0: Math.NET's table for k &lt; 2³¹ (exact 0 at k = 0, 1), log Γ(k + 1) beyond.</summary>
    internal static double LogFactorial(double k) => k < int.MaxValue ? SpecialFunctions.FactorialLn((int)k) : GammaFunctions.LogGamma(k + 1);

    /// <summary>σ(η) = 1/(1 + e^{−η}), evaluated without overflow on either side: <see cref="Elementary.Sigmoid"/>.</summary>
    internal static double Sigmoid(double eta) => Elementary.Sigmoid(eta);

    /// <summary>log(1 + e^η) = max(η, 0) + log1p(e^{−|η|}): <see cref="Elementary.Softplus"/>.</summary>
    internal static double Softplus(double eta) => Elementary.Softplus(eta);

    /// <summary>torch's clamp_probs: p clamped to [ε, 1 − ε], ε = 2⁻⁵² (float64 machine epsilon).</summary>
    internal static double ClampProbability(double p) => Math.Clamp(p, 2.220446049250313e-16, 1 - 2.220446049250313e-16);

    /// <summary>A uniform draw from the open interval (0, 1).</summary>
    internal static double OpenUnit(Random rng)
    {
        double u;
        do u = rng.NextDouble(); while (u == 0);
        return u;
    }
}
