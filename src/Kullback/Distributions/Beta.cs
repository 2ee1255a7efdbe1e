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
            return Concentration1 * Concentration0 / (total * total * (total + 1));
        }
    }

    /// <summary>H = log B(a, b) − (a − 1) ψ(a) − (b − 1) ψ(b) + (a + b − 2) ψ(a + b).</summary>
    public override double Entropy()
    {
        double a = Concentration1, b = Concentration0;
        return SpecialFunctions.BetaLn(a, b) - (a - 1) * SpecialFunctions.DiGamma(a) - (b - 1) * SpecialFunctions.DiGamma(b)
            + (a + b - 2) * SpecialFunctions.DiGamma(a + b);
    }

    /// <summary>(a − 1) log x + (b − 1) log(1 − x) − log B(a, b) for 0 ≤ x ≤ 1; −∞ elsewhere.</summary>
    public override double LogProb(double x) => x is >= 0 and <= 1
        ? Numerics.XLogY(Concentration1 - 1, x) + Numerics.XLog1PY(Concentration0 - 1, -x) - SpecialFunctions.BetaLn(Concentration1, Concentration0)
        : double.NegativeInfinity;

    /// <summary>Draws a Beta(a, b) variate.</summary>
    public override double Sample(Random rng) => MN.Beta.Sample(rng, Concentration1, Concentration0);

    /// <inheritdoc/>
    public override string ToString() => $"Beta(concentration1={Parameters.Format(Concentration1)}, concentration0={Parameters.Format(Concentration0)})";
}
