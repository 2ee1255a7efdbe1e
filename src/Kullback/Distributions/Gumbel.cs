namespace Kullback.Distributions;

/// <summary>Gumbel(loc, scale): density exp(−z − e^{−z}) / β with z = (x − μ)/β. Range: μ finite, β &gt; 0.</summary>
public sealed class Gumbel : ContinuousDistribution
{
    /// <summary>Creates Gumbel(μ, β).</summary>
    /// <exception cref="ArgumentOutOfRangeException">μ not finite, or β ≤ 0 or not finite.</exception>
    public Gumbel(double loc, double scale)
    {
        Loc = Parameters.Finite(nameof(Gumbel), "loc", loc);
        Scale = Parameters.Positive(nameof(Gumbel), "scale", scale);
    }

    /// <summary>μ, the mode.</summary>
    public double Loc { get; }
    /// <summary>β, the scale.</summary>
    public double Scale { get; }

    /// <inheritdoc/>
    public override string Family => nameof(Gumbel);
    /// <summary>E[X] = μ + βγ (γ the Euler–Mascheroni constant).</summary>
    public override double Mean => Loc + Scale * Constants.EulerGamma;
    /// <summary>Var[X] = π²β²/6.</summary>
    public override double Variance => Math.PI * Math.PI * Scale * Scale / 6;
    /// <summary>H = log β + γ + 1.</summary>
    public override double Entropy() => Math.Log(Scale) + Constants.EulerGamma + 1;

    /// <summary>−z − e^{−z} − log β, z = (x − μ)/β.</summary>
    public override double LogProb(double x)
    {
        double z = (x - Loc) / Scale;
        return -z - Math.Exp(-z) - Math.Log(Scale);
    }

    /// <summary>Inverse CDF: μ − β log(−log U), U ~ Uniform(0, 1).</summary>
    public override double Sample(Random rng) => Loc - Scale * Math.Log(-Math.Log(Numerics.OpenUnit(rng)));

    /// <inheritdoc/>
    public override string ToString() => $"Gumbel(loc={Parameters.Format(Loc)}, scale={Parameters.Format(Scale)})";
}
