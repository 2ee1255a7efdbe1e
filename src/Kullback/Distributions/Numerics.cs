using MathNet.Numerics;

namespace Kullback.Distributions;

/// <summary>Small exact-arithmetic helpers shared by the families and the closed forms.</summary>
internal static class Numerics
{
    /// <summary>x · log y with the convention 0 · log y = 0 for every y ≥ 0 (so 0 · log 0 = 0).</summary>
    internal static double XLogY(double x, double y) => x == 0 ? 0 : x * Math.Log(y);

    /// <summary>x · log x with 0 · log 0 = 0.</summary>
    internal static double XLogX(double x) => XLogY(x, x);

    /// <summary>x · log(1 + y) with 0 · log(1 + y) = 0, accurate for small y.</summary>
    internal static double XLog1PY(double x, double y) => x == 0 ? 0 : x * SpecialFunctions.Log1p(y);

    /// <summary>Binary entropy −p log p − (1 − p) log(1 − p) in nats, with 0 · log 0 = 0.</summary>
    internal static double BinaryEntropy(double p) => -XLogY(p, p) - XLog1PY(1 - p, -p);

    /// <summary>True when <paramref name="x"/> is a whole number (…, −1, 0, 1, …).</summary>
    internal static bool IsInteger(double x) => double.IsFinite(x) && Math.Floor(x) == x;

    /// <summary>log k! for a whole number k ≥ 0: Math.NET's table for k &lt; 2³¹ (exact 0 at k = 0, 1), log Γ(k + 1) beyond.</summary>
    internal static double LogFactorial(double k) => k < int.MaxValue ? SpecialFunctions.FactorialLn((int)k) : SpecialFunctions.GammaLn(k + 1);

    /// <summary>σ(η) = 1/(1 + e^{−η}), evaluated without overflow on either side.</summary>
    internal static double Sigmoid(double eta) => eta >= 0 ? 1 / (1 + Math.Exp(-eta)) : Math.Exp(eta) / (1 + Math.Exp(eta));

    /// <summary>log(1 + e^η) = max(η, 0) + log(1 + e^{−|η|}).</summary>
    internal static double Softplus(double eta) => Math.Max(eta, 0) + SpecialFunctions.Log1p(Math.Exp(-Math.Abs(eta)));

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

/// <summary>Neumaier-compensated running sum: the error of n additions stays O(ε), not O(nε).</summary>
internal struct CompensatedSum
{
    private double _sum;
    private double _compensation;

    /// <summary>Adds <paramref name="value"/>.</summary>
    internal void Add(double value)
    {
        double t = _sum + value;
        _compensation += Math.Abs(_sum) >= Math.Abs(value) ? (_sum - t) + value : (value - t) + _sum;
        _sum = t;
    }

    /// <summary>The compensated total.</summary>
    internal readonly double Value => _sum + _compensation;
}
