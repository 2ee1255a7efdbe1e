namespace Kullback.Distributions;

/// <summary>Pareto(scale, alpha): density α sᵅ / x^{α+1} for x ≥ s. Range: s &gt; 0, α &gt; 0.</summary>
public sealed class Pareto : ContinuousDistribution
{
    /// <summary>Creates Pareto(s, α).</summary>
    /// <exception cref="ArgumentOutOfRangeException">s or α ≤ 0 or not finite.</exception>
    public Pareto(double scale, double alpha)
    {
        Scale = Parameters.Positive(nameof(Pareto), "scale", scale);
        Alpha = Parameters.Positive(nameof(Pareto), "alpha", alpha);
    }

    /// <summary>s, the lower end of the support.</summary>
    public double Scale { get; }
    /// <summary>α, the tail index.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public override string Family => nameof(Pareto);
    /// <summary>E[X] = α s / (α − 1) for α &gt; 1, +∞ otherwise.</summary>
    public override double Mean => Alpha > 1 ? Alpha * Scale / (Alpha - 1) : double.PositiveInfinity;
    /// <summary>Var[X] = s² α / ((α − 1)² (α − 2)) for α &gt; 2, +∞ otherwise.</summary>
    public override double Variance => Alpha > 2 ? Scale * Scale * Alpha / ((Alpha - 1) * (Alpha - 1) * (Alpha - 2)) : double.PositiveInfinity;
    /// <summary>H = log(s/α) + 1/α + 1.</summary>
    public override double Entropy() => Math.Log(Scale / Alpha) + 1 / Alpha + 1;

    /// <summary>log α + α log s − (α + 1) log x for x ≥ s; −∞ elsewhere.</summary>
    public override double LogProb(double x) => x >= Scale
        ? Math.Log(Alpha) + Alpha * Math.Log(Scale) - (Alpha + 1) * Math.Log(x)
        : double.NegativeInfinity;

    /// <summary>Inverse CDF: s U^{−1/α}, U ~ Uniform(0, 1).</summary>
    public override double Sample(Random rng) => Scale * Math.Pow(Numerics.OpenUnit(rng), -1 / Alpha);

    /// <inheritdoc/>
    public override string ToString() => $"Pareto(scale={Parameters.Format(Scale)}, alpha={Parameters.Format(Alpha)})";
}
