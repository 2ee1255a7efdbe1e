using MN = MathNet.Numerics.Distributions;

namespace Kullback.Distributions;

/// <summary>Exponential(rate): density λ e^{−λx} for x ≥ 0. Range: λ &gt; 0.</summary>
public sealed class Exponential : ContinuousDistribution
{
    /// <summary>Creates Exponential(λ).</summary>
    /// <exception cref="ArgumentOutOfRangeException">λ ≤ 0 or not finite.</exception>
    public Exponential(double rate) => Rate = Parameters.Positive(nameof(Exponential), "rate", rate);

    /// <summary>λ, the rate.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    public override string Family => nameof(Exponential);
    /// <summary>E[X] = 1/λ.</summary>
    public override double Mean => 1 / Rate;
    /// <summary>Var[X] = 1/λ².</summary>
    public override double Variance => 1 / (Rate * Rate);
    /// <summary>H = 1 − log λ.</summary>
    public override double Entropy() => 1 - Math.Log(Rate);

    /// <summary>log λ − λx for x ≥ 0; −∞ elsewhere.</summary>
    public override double LogProb(double x) => x >= 0 ? Math.Log(Rate) - Rate * x : double.NegativeInfinity;

    /// <summary>Draws an Exponential(λ) variate.</summary>
    public override double Sample(Random rng) => MN.Exponential.Sample(rng, Rate);

    /// <inheritdoc/>
    public override string ToString() => $"Exponential(rate={Parameters.Format(Rate)})";
}
