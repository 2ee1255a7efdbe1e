using MathNet.Numerics;
using MN = MathNet.Numerics.Distributions;

namespace Kullback.Distributions;

/// <summary>
/// StudentT(df, loc, scale): density Γ((ν+1)/2) / (Γ(ν/2) √(νπ) σ) · (1 + z²/ν)^{−(ν+1)/2}, z = (x − μ)/σ.
/// Range: ν &gt; 0, μ finite, σ &gt; 0.
/// </summary>
public sealed class StudentT : ContinuousDistribution, IDifferentiableLogDensity
{
    /// <summary>Creates StudentT(ν, μ, σ).</summary>
    /// <exception cref="ArgumentOutOfRangeException">ν or σ ≤ 0 or not finite, or μ not finite.</exception>
    public StudentT(double df, double loc = 0, double scale = 1)
    {
        Df = Parameters.Positive(nameof(StudentT), "df", df);
        Loc = Parameters.Finite(nameof(StudentT), "loc", loc);
        Scale = Parameters.Positive(nameof(StudentT), "scale", scale);
    }

    /// <summary>ν, the degrees of freedom.</summary>
    public double Df { get; }
    /// <summary>μ, the location.</summary>
    public double Loc { get; }
    /// <summary>σ, the scale.</summary>
    public double Scale { get; }

    /// <inheritdoc/>
    public override string Family => nameof(StudentT);
    /// <summary>E[X] = μ for ν &gt; 1; undefined (NaN) for ν ≤ 1, as in torch.distributions.</summary>
    public override double Mean => Df > 1 ? Loc : double.NaN;
    /// <summary>Var[X] = σ² ν/(ν − 2) for ν &gt; 2, +∞ for 1 &lt; ν ≤ 2, undefined (NaN) for ν ≤ 1.</summary>
    public override double Variance => Df > 2 ? Scale * Scale * Df / (Df - 2) : Df > 1 ? double.PositiveInfinity : double.NaN;

    /// <summary>H = (ν+1)/2 · (ψ((ν+1)/2) − ψ(ν/2)) + ½ log ν + log B(½, ν/2) + log σ.</summary>
    public override double Entropy()
    {
        double halfNuPlusOne = 0.5 * (Df + 1);
        return halfNuPlusOne * (GammaFunctions.Digamma(halfNuPlusOne) - GammaFunctions.Digamma(0.5 * Df))
            + 0.5 * Math.Log(Df) + GammaFunctions.LogBeta(0.5, 0.5 * Df) + Math.Log(Scale);
    }

    /// <summary>log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ − (ν+1)/2 · log(1 + z²/ν).</summary>
    public override double LogProb(double x)
    {
        double z = (x - Loc) / Scale;
        return GammaFunctions.LogGamma(0.5 * (Df + 1)) - GammaFunctions.LogGamma(0.5 * Df) - 0.5 * Math.Log(Df * Math.PI)
            - Math.Log(Scale) - 0.5 * (Df + 1) * Numerics.Log1P(z * z / Df);
    }

    /// <summary>d/dx log p(x) = −(ν + 1) z / (σ (ν + z²)), z = (x − μ)/σ.</summary>
    public double LogProbDerivative(double x)
    {
        double z = (x - Loc) / Scale;
        return -(Df + 1) * z / (Scale * (Df + z * z));
    }

    /// <summary>Draws a StudentT(ν, μ, σ) variate.</summary>
    public override double Sample(Random rng) => MN.StudentT.Sample(rng, Loc, Scale, Df);

    /// <inheritdoc/>
    public override string ToString() =>
        $"StudentT(df={Parameters.Format(Df)}, loc={Parameters.Format(Loc)}, scale={Parameters.Format(Scale)})";
}
