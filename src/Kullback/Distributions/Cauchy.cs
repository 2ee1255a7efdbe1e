namespace Kullback.Distributions;

/// <summary>Cauchy(loc, scale): density 1 / (πγ (1 + ((x − x₀)/γ)²)). Range: x₀ finite, γ &gt; 0.</summary>
public sealed class Cauchy : ContinuousDistribution
{
    /// <summary>Creates Cauchy(x₀, γ).</summary>
    /// <exception cref="ArgumentOutOfRangeException">x₀ not finite, or γ ≤ 0 or not finite.</exception>
    public Cauchy(double loc, double scale)
    {
        Loc = Parameters.Finite(nameof(Cauchy), "loc", loc);
        Scale = Parameters.Positive(nameof(Cauchy), "scale", scale);
    }

    /// <summary>x₀, the median and mode.</summary>
    public double Loc { get; }
    /// <summary>γ, the half width at half maximum.</summary>
    public double Scale { get; }

    /// <inheritdoc/>
    public override string Family => nameof(Cauchy);
    /// <summary>E[X] does not exist: NaN (as torch.distributions.Cauchy.mean).</summary>
    public override double Mean => double.NaN;
    /// <summary>Var[X] = +∞ (as torch.distributions.Cauchy.variance).</summary>
    public override double Variance => double.PositiveInfinity;
    /// <summary>H = log(4πγ).</summary>
    public override double Entropy() => Math.Log(4 * Math.PI * Scale);

    /// <summary>−log(πγ) − log(1 + z²), z = (x − x₀)/γ.</summary>
    public override double LogProb(double x)
    {
        double z = (x - Loc) / Scale;
        return -Math.Log(Math.PI * Scale) - Numerics.Log1P(z * z);
    }

    /// <summary>Inverse CDF: x₀ + γ tan(π(u − ½)), u ~ Uniform(0, 1).</summary>
    public override double Sample(Random rng) => Loc + Scale * Math.Tan(Math.PI * (Numerics.OpenUnit(rng) - 0.5));

    /// <inheritdoc/>
    public override string ToString() => $"Cauchy(loc={Parameters.Format(Loc)}, scale={Parameters.Format(Scale)})";
}
