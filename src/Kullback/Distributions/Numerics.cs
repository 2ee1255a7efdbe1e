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
