using MN = MathNet.Numerics.Distributions;

namespace Kullback.Distributions;

/// <summary>Normal(loc, scale): density exp(−(x − μ)² / (2σ²)) / (σ√(2π)). Range: μ finite, σ &gt; 0.</summary>
public sealed class Normal : ContinuousDistribution, IDifferentiableLogDensity
{
    /// <summary>Creates Normal(μ, σ).</summary>
    /// <exception cref="ArgumentOutOfRangeException">μ not finite, or σ ≤ 0 or not finite.</exception>
    public Normal(double loc, double scale)
    {
        Loc = Parameters.Finite(nameof(Normal), "loc", loc);
        Scale = Parameters.Positive(nameof(Normal), "scale", scale);
    }

    /// <summary>μ, the mean.</summary>
    public double Loc { get; }
    /// <summary>σ, the standard deviation.</summary>
    public double Scale { get; }

    /// <inheritdoc/>
    public override string Family => nameof(Normal);
    /// <summary>E[X] = μ.</summary>
    public override double Mean => Loc;
    /// <summary>Var[X] = σ².</summary>
    public override double Variance => Scale * Scale;
    /// <summary>H = ½ + ½ log(2π) + log σ.</summary>
    public override double Entropy() => 0.5 + Constants.LogSqrt2Pi + Math.Log(Scale);

    /// <summary>−(x − μ)² / (2σ²) − log σ − ½ log(2π).</summary>
    public override double LogProb(double x)
    {
        double z = (x - Loc) / Scale;
        return -0.5 * z * z - Math.Log(Scale) - Constants.LogSqrt2Pi;
    }

    /// <summary>d/dx log p(x) = −(x − μ)/σ².</summary>
    public double LogProbDerivative(double x) => -(x - Loc) / (Scale * Scale);

    /// <summary>μ + σ Z with Z ~ Normal(0, 1).</summary>
    public override double Sample(Random rng) => MN.Normal.Sample(rng, Loc, Scale);

    /// <inheritdoc/>
    public override string ToString() => $"Normal(loc={Parameters.Format(Loc)}, scale={Parameters.Format(Scale)})";
}
