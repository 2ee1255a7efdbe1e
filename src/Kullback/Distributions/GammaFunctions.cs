using Kullback.Kernels;

namespace Kullback.Distributions;

/// <summary>
/// log Γ and ψ for x &gt; 0 to about one ulp, and the increments log Γ(b + a) − log Γ(b), ψ(b + a) − ψ(b) without
/// cancellation. Math.NET's GammaLn and DiGamma are up to ~40 ulp off at small arguments (GammaLn(1) = −4.4e-16,
/// DiGamma(1.5) 4e-14 relative; measured against mpmath), which put the closed forms 1e-13 off where their terms cancel
/// (issue 10, item 9). Methods: the series of log Γ(2 + z) and ψ(2 + z) in ζ(k) − 1 on [1.5, 2.5); the recurrences
/// Γ(x + 1) = xΓ(x), ψ(x + 1) = ψ(x) + 1/x down to it (product in double-double, sums compensated); Stirling's series and
/// the asymptotic series of ψ from 16 on.
/// </summary>
internal static class GammaFunctions
{
    private const double OneMinusEuler = 0.42278433509846713; // 1 − γ
    private const double HalfLog2Pi = 0.91893853320467274178; // ½ log 2π
    private const double AsymptoticFrom = 16;

    /// <summary>c_k = (−1)^k (ζ(k) − 1), k = 2…32 (Fixtures/Distributions/make_gamma_series.py, mpmath 40 digits).</summary>
    private static readonly double[] ZetaMinusOne =
    [
        0.6449340668482264, -0.2020569031595943, 0.08232323371113819, -0.03692775514336993, 0.01734306198444914,
        -0.008349277381922827, 0.00407735619794434, -0.0020083928260822143, 0.0009945751278180853, -0.0004941886041194645,
        0.0002460865533080483, -0.00012271334757848915, 6.124813505870483e-05, -3.058823630702049e-05, 1.528225940865187e-05,
        -7.637197637899763e-06, 3.81729326499984e-06, -1.908212716553939e-06, 9.539620338727962e-07, -4.769329867878064e-07,
        2.38450502727733e-07, -1.1921992596531106e-07, 5.960818905125948e-08, -2.980350351465228e-08, 1.4901554828365043e-08,
        -7.45071178983543e-09, 3.725334024788457e-09, -1.862659723513049e-09, 9.313274324196682e-10, -4.656629065033784e-10,
        2.3283118336765053e-10,
    ];

    /// <summary>log Γ(x) for x &gt; 0 (+∞ at +∞); NaN for x ≤ 0 or NaN.</summary>
    internal static double LogGamma(double x)
    {
        if (!(x > 0)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return x;
        if (x >= AsymptoticFrom) return Math.FusedMultiplyAdd(x - 0.5, Math.Log(x), -x) + HalfLog2Pi + StirlingTail(x);
        if (x < 0.5) return LogGammaTwoPlus(x) - Math.Log(x) - Numerics.Log1P(x); // Γ(x) = Γ(2 + x)/(x(1 + x))
        if (x < 1.5) return LogGammaTwoPlus(x - 1) - Numerics.Log1P(x - 1); // Γ(x) = Γ(x + 1)/x; x − 1 is exact here
        if (x < 2.5) return LogGammaTwoPlus(x - 2);
        // Γ(x) = Γ(y) · Π (y + k), y ∈ [1.5, 2.5): the product in double-double, so its log is one rounding.
        double y = x, high = 1, low = 0;
        while (y >= 2.5)
        {
            y -= 1; // exact: y < 16
            double product = high * y;
            low = Math.FusedMultiplyAdd(high, y, -product) + low * y;
            high = product;
        }
        return LogGammaTwoPlus(y - 2) + (Math.Log(high) + low / high);
    }

    /// <summary>ψ(x) = d log Γ(x)/dx for x &gt; 0 (+∞ at +∞); NaN for x ≤ 0 or NaN.</summary>
    internal static double Digamma(double x)
    {
        if (!(x > 0)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return x;
        if (x >= AsymptoticFrom) return Math.Log(x) - 0.5 / x - DigammaTail(x);
        var sum = new CompensatedSum();
        // ψ(x) = ψ(x + 1) − 1/x below 1.5; ψ(x) = ψ(x − 1) + 1/(x − 1) above 2.5 (all terms positive there).
        double y = x;
        while (y < 1.5) { sum.Add(-1 / y); y += 1; }
        while (y >= 2.5) { y -= 1; sum.Add(1 / y); }
        sum.Add(DigammaTwoPlus(y - 2));
        return sum.Value;
    }

    /// <summary>
    /// ψ(b + a) − ψ(b) for a, b &gt; 0, from a itself (so b + a rounding to b loses nothing): with B = b + N ≥ 16,
    /// Σ_{k&lt;N} a/((b + k)(b + a + k)) + log(1 + a/B) + a/(2B(B + a)) + τ(B) − τ(B + a), τ(x) = log x − 1/(2x) − ψ(x).
    /// Every term is ≥ 0, so the result has relative accuracy of a few ulp.
    /// </summary>
    internal static double DigammaIncrement(double b, double a)
    {
        var sum = new CompensatedSum();
        double lowB = b;
        while (lowB < AsymptoticFrom)
        {
            sum.Add(a / (lowB * (lowB + a)));
            lowB += 1;
        }
        double c = lowB + a;
        sum.Add(Numerics.Log1P(a / lowB));
        sum.Add(a / (2 * lowB * c));
        sum.Add(DigammaTailDrop(lowB, a));
        return sum.Value;
    }

    /// <summary>B₂ₖ/(2k), k = 1…7: the coefficients of τ(x) = Σ B₂ₖ/(2k x^(2k)).</summary>
    private static readonly double[] DigammaTailCoefficients = [1.0 / 12, -1.0 / 120, 1.0 / 252, -1.0 / 240, 1.0 / 132, -691.0 / 32760, 1.0 / 12];

    /// <summary>
    /// τ(B) − τ(B + a) = Σ B₂ₖ/(2k) B^(−2k) (1 − (1 + a/B)^(−2k)), the bracket as −expm1(−2k log(1 + a/B)), so a tiny a
    /// keeps its digits (the plain difference is 0 once B + a rounds to B).
    /// </summary>
    private static double DigammaTailDrop(double b, double a)
    {
        double logRatio = Numerics.Log1P(a / b), inverseSquare = 1 / (b * b), power = 1, sum = 0;
        for (int k = 1; k <= DigammaTailCoefficients.Length; k++)
        {
            power *= inverseSquare;
            sum += DigammaTailCoefficients[k - 1] * power * -Numerics.ExpM1(-2 * k * logRatio);
        }
        return sum;
    }

    /// <summary>
    /// log Γ(b + a) − log Γ(b) for a &gt; 0, b ≥ 16, from Stirling's series without the b log b terms:
    /// (b − ½) log(1 + a/b) + a log(b + a) − a + σ(b + a) − σ(b).
    /// </summary>
    internal static double LogGammaIncrement(double b, double a)
    {
        double c = b + a;
        var sum = new CompensatedSum();
        sum.Add((b - 0.5) * Numerics.Log1P(a / b));
        sum.Add(a * Math.Log(c));
        sum.Add(-a);
        sum.Add(StirlingTail(c) - StirlingTail(b));
        return sum.Value;
    }

    /// <summary>log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), by increments when the larger parameter is ≥ 16.</summary>
    internal static double LogBeta(double a, double b)
    {
        double small = Math.Min(a, b), large = Math.Max(a, b);
        if (large >= AsymptoticFrom) return LogGamma(small) - LogGammaIncrement(large, small);
        return LogGamma(a) + LogGamma(b) - LogGamma(a + b);
    }

    /// <summary>σ(x) = log Γ(x) − (x − ½) log x + x − ½ log 2π = Σ B₂ₖ/(2k(2k − 1) x^(2k−1)), k ≤ 7 (error &lt; 3e-20 for x ≥ 16).</summary>
    internal static double StirlingTail(double x)
    {
        double r = 1 / x, r2 = r * r;
        return r * (1.0 / 12 + r2 * (-1.0 / 360 + r2 * (1.0 / 1260 + r2 * (-1.0 / 1680 + r2 * (1.0 / 1188 + r2 * (-691.0 / 360360 + r2 * (1.0 / 156)))))));
    }

    /// <summary>τ(x) = log x − 1/(2x) − ψ(x) = Σ B₂ₖ/(2k x^(2k)), k ≤ 7 (error &lt; 3e-20 for x ≥ 16).</summary>
    internal static double DigammaTail(double x)
    {
        double r2 = 1 / (x * x);
        return r2 * (1.0 / 12 + r2 * (-1.0 / 120 + r2 * (1.0 / 252 + r2 * (-1.0 / 240 + r2 * (1.0 / 132 + r2 * (-691.0 / 32760 + r2 * (1.0 / 12)))))));
    }

    /// <summary>log Γ(2 + z) = (1 − γ) z + Σ c_k z^k / k for |z| ≤ ½.</summary>
    private static double LogGammaTwoPlus(double z)
    {
        double tail = 0;
        for (int i = ZetaMinusOne.Length - 1; i >= 0; i--) tail = tail * z + ZetaMinusOne[i] / (i + 2);
        return z * (OneMinusEuler + z * tail);
    }

    /// <summary>ψ(2 + z) = (1 − γ) + Σ c_k z^(k−1) for |z| ≤ ½.</summary>
    private static double DigammaTwoPlus(double z)
    {
        double tail = 0;
        for (int i = ZetaMinusOne.Length - 1; i >= 0; i--) tail = tail * z + ZetaMinusOne[i];
        return OneMinusEuler + z * tail;
    }
}
