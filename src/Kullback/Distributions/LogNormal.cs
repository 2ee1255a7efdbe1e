using MathNet.Numerics;
using MN = MathNet.Numerics.Distributions;

namespace Kullback.Distributions;

/// <summary>LogNormal(loc, scale): X = e^Y with Y ~ Normal(μ, σ). Range: μ finite, σ &gt; 0; support x &gt; 0.</summary>
public sealed class LogNormal : ContinuousDistribution
{
    /// <summary>Creates LogNormal(μ, σ).</summary>
    /// <exception cref="ArgumentOutOfRangeException">μ not finite, or σ ≤ 0 or not finite.</exception>
    public LogNormal(double loc, double scale)
    {
        Loc = Parameters.Finite(nameof(LogNormal), "loc", loc);
        Scale = Parameters.Positive(nameof(LogNormal), "scale", scale);
        Base = new Normal(Loc, Scale);
    }

    /// <summary>μ, the mean of log X.</summary>
    public double Loc { get; }
    /// <summary>σ, the standard deviation of log X.</summary>
    public double Scale { get; }
    /// <summary>The distribution of log X: Normal(μ, σ).</summary>
    public Normal Base { get; }

    /// <inheritdoc/>
    public override string Family => nameof(LogNormal);
    /// <summary>E[X] = exp(μ + σ²/2).</summary>
    public override double Mean => Math.Exp(Loc + 0.5 * Scale * Scale);
    /// <summary>Var[X] = (exp(σ²) − 1) exp(2μ + σ²).</summary>
    public override double Variance => double.IsFinite(Math.Exp(Scale * Scale))
        ? SpecialFunctions.Expm1(Scale * Scale) * Math.Exp(2 * Loc + Scale * Scale)
        : double.PositiveInfinity;
    /// <summary>H = H(Normal(μ, σ)) + μ = ½ + ½ log(2π) + log σ + μ.</summary>
    public override double Entropy() => Base.Entropy() + Loc;

    /// <summary>log N(log x; μ, σ) − log x for x &gt; 0; −∞ elsewhere.</summary>
    public override double LogProb(double x) => x > 0 ? Base.LogProb(Math.Log(x)) - Math.Log(x) : double.NegativeInfinity;

    /// <summary>exp(μ + σ Z).</summary>
    public override double Sample(Random rng) => Math.Exp(MN.Normal.Sample(rng, Loc, Scale));

    /// <inheritdoc/>
    public override string ToString() => $"LogNormal(loc={Parameters.Format(Loc)}, scale={Parameters.Format(Scale)})";
}
