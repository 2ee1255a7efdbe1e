using MN = MathNet.Numerics.Distributions;

namespace Kullback.Distributions;

/// <summary>Laplace(loc, scale): density exp(−|x − μ| / b) / (2b). Range: μ finite, b &gt; 0.</summary>
public sealed class Laplace : ContinuousDistribution, IDifferentiableLogDensity
{
    /// <summary>Creates Laplace(μ, b).</summary>
    /// <exception cref="ArgumentOutOfRangeException">μ not finite, or b ≤ 0 or not finite.</exception>
    public Laplace(double loc, double scale)
    {
        Loc = Parameters.Finite(nameof(Laplace), "loc", loc);
        Scale = Parameters.Positive(nameof(Laplace), "scale", scale);
    }

    /// <summary>μ, the location (mean and median).</summary>
    public double Loc { get; }
    /// <summary>b, the scale.</summary>
    public double Scale { get; }

    /// <inheritdoc/>
    public override string Family => nameof(Laplace);
    /// <summary>E[X] = μ.</summary>
    public override double Mean => Loc;
    /// <summary>Var[X] = 2b².</summary>
    public override double Variance => 2 * Scale * Scale;
    /// <summary>H = 1 + log(2b).</summary>
    public override double Entropy() => 1 + Math.Log(2 * Scale);

    /// <summary>−|x − μ| / b − log(2b).</summary>
    public override double LogProb(double x) => -Math.Abs(x - Loc) / Scale - Math.Log(2 * Scale);

    /// <summary>d/dx log p(x) = −sign(x − μ)/b (0 at x = μ, where the two one-sided derivatives average to 0).</summary>
    public double LogProbDerivative(double x) => -Math.Sign(x - Loc) / Scale;

    /// <summary>Draws a Laplace(μ, b) variate.</summary>
    public override double Sample(Random rng) => MN.Laplace.Sample(rng, Loc, Scale);

    /// <inheritdoc/>
    public override string ToString() => $"Laplace(loc={Parameters.Format(Loc)}, scale={Parameters.Format(Scale)})";
}
