using MathNet.Numerics;
using MN = MathNet.Numerics.Distributions;

namespace Kullback.Distributions;

/// <summary>Beta(concentration1, concentration0): density x^{a−1} (1 − x)^{b−1} / B(a, b) on [0, 1]. Range: a &gt; 0, b &gt; 0.</summary>
public sealed class Beta : ContinuousDistribution
{
    /// <summary>Creates Beta(a, b).</summary>
    /// <exception cref="ArgumentOutOfRangeException">a or b ≤ 0 or not finite.</exception>
    public Beta(double concentration1, double concentration0)
    {
        Concentration1 = Parameters.Positive(nameof(Beta), "concentration1", concentration1);
        Concentration0 = Parameters.Positive(nameof(Beta), "concentration0", concentration0);
    }

    /// <summary>a, the exponent of x.</summary>
    public double Concentration1 { get; }
    /// <summary>b, the exponent of 1 − x.</summary>
    public double Concentration0 { get; }

    /// <inheritdoc/>
    public override string Family => nameof(Beta);
    /// <summary>E[X] = a / (a + b).</summary>
    public override double Mean => Concentration1 / (Concentration1 + Concentration0);
    /// <summary>Var[X] = ab / ((a + b)² (a + b + 1)).</summary>
    public override double Variance
    {
        get
        {
            double total = Concentration1 + Concentration0;
            // (a/c)(b/c)/(c + 1): no overflow of a·b for huge parameters (Beta(1e300, 1e300)).
            return Concentration1 / total * (Concentration0 / total) / (total + 1);
        }
    }

    /// <summary>
    /// H = log B(a, b) − (a − 1)(ψ(a) − ψ(a + b)) − (b − 1)(ψ(b) − ψ(a + b)), with the ψ differences taken from the
    /// parameters themselves (ψ(b + a) − ψ(b) ≥ 0 without cancellation, exact when b + a rounds to b) and log B by
    /// Stirling increments once a parameter is ≥ 16, so Beta(1, 1e16) and Beta(0.5, 1e12) keep their digits. When
    /// both a, b ≥ 16 the terms (≈ a log a each) cancel to O(1), so the form is rewritten with Stirling's series for
    /// log Γ and the asymptotic series of ψ (c = a + b): H = ½ log(2π ab/c³) + ½ − 1/(2a) − 1/(2b) + 1/c + σ(a) + σ(b)
    /// − σ(c) + (a − 1)τ(a) + (b − 1)τ(b) − (c − 2)τ(c), σ(x) = log Γ(x) − (x − ½) log x + x − ½ log 2π,
    /// τ(x) = log x − 1/(2x) − ψ(x), each by its series.
    /// </summary>
    public override double Entropy()
    {
        double a = Concentration1, b = Concentration0;
        if (Math.Min(a, b) >= AsymptoticFrom) return AsymptoticEntropy(a, b);
        return GammaFunctions.LogBeta(a, b) + (a - 1) * MeanLogGap1() + (b - 1) * MeanLogGap0();
    }

    /// <summary>−E[log X] = ψ(a + b) − ψ(a) ≥ 0, accurate for every a, b &gt; 0.</summary>
    internal double MeanLogGap1() => GammaFunctions.DigammaIncrement(Concentration1, Concentration0);

    /// <summary>−E[log(1 − X)] = ψ(a + b) − ψ(b) ≥ 0, accurate for every a, b &gt; 0.</summary>
    internal double MeanLogGap0() => GammaFunctions.DigammaIncrement(Concentration0, Concentration1);

    private const double AsymptoticFrom = 16;

    private static double AsymptoticEntropy(double a, double b)
    {
        double c = a + b;
        // ½ log(2π ab/c³) = ½ (log 2π + log(a/c) + log(b/c) − log c): no overflow of ab or c³.
        double logPart = 0.5 * (Math.Log(2 * Math.PI) + Math.Log(a / c) + Math.Log(b / c) - Math.Log(c));
        double small = 0.5 - 0.5 / a - 0.5 / b + 1 / c
            + (GammaFunctions.StirlingTail(a) + GammaFunctions.StirlingTail(b) - GammaFunctions.StirlingTail(c))
            + ((a - 1) * GammaFunctions.DigammaTail(a) + (b - 1) * GammaFunctions.DigammaTail(b) - (c - 2) * GammaFunctions.DigammaTail(c));
        return logPart + small;
    }

    /// <summary>(a − 1) log x + (b − 1) log(1 − x) − log B(a, b) for 0 ≤ x ≤ 1; −∞ elsewhere.</summary>
    public override double LogProb(double x) => x is >= 0 and <= 1
        ? Numerics.XLogY(Concentration1 - 1, x) + Numerics.XLog1PY(Concentration0 - 1, -x) - GammaFunctions.LogBeta(Concentration1, Concentration0)
        : double.NegativeInfinity;

    /// <summary>Draws a Beta(a, b) variate.</summary>
    public override double Sample(Random rng) => MN.Beta.Sample(rng, Concentration1, Concentration0);

    /// <inheritdoc/>
    public override string ToString() => $"Beta(concentration1={Parameters.Format(Concentration1)}, concentration0={Parameters.Format(Concentration0)})";
}
