using MathNet.Numerics;
using MN = MathNet.Numerics.Distributions;

namespace Kullback.Distributions;

/// <summary>
/// Gamma(concentration, rate): density βᵅ x^{α−1} e^{−βx} / Γ(α) for x ≥ 0. Range: α &gt; 0, β &gt; 0.
/// Not sealed: <see cref="Chi2"/> is Gamma(df/2, 1/2), as in torch.distributions, so every Gamma closed form applies to it.
/// </summary>
public class Gamma : ContinuousDistribution
{
    /// <summary>Creates Gamma(α, β).</summary>
    /// <exception cref="ArgumentOutOfRangeException">α or β ≤ 0 or not finite.</exception>
    public Gamma(double concentration, double rate)
    {
        Concentration = Parameters.Positive(nameof(Gamma), "concentration", concentration);
        Rate = Parameters.Positive(nameof(Gamma), "rate", rate);
    }

    /// <summary>α, the shape.</summary>
    public double Concentration { get; }
    /// <summary>β, the rate (inverse scale).</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    public override string Family => nameof(Gamma);
    /// <summary>E[X] = α/β.</summary>
    public override double Mean => Concentration / Rate;
    /// <summary>Var[X] = α/β².</summary>
    public override double Variance => Concentration / (Rate * Rate);
    /// <summary>H = α − log β + log Γ(α) + (1 − α) ψ(α).</summary>
    public override double Entropy() =>
        Concentration - Math.Log(Rate) + GammaFunctions.LogGamma(Concentration) + (1 - Concentration) * GammaFunctions.Digamma(Concentration);

    /// <summary>α log β + (α − 1) log x − βx − log Γ(α) for x ≥ 0; −∞ elsewhere.</summary>
    public override double LogProb(double x) => x >= 0
        ? Concentration * Math.Log(Rate) + Numerics.XLogY(Concentration - 1, x) - Rate * x - GammaFunctions.LogGamma(Concentration)
        : double.NegativeInfinity;

    /// <summary>Draws a Gamma(α, β) variate.</summary>
    public override double Sample(Random rng) => MN.Gamma.Sample(rng, Concentration, Rate);

    /// <inheritdoc/>
    public override string ToString() => $"Gamma(concentration={Parameters.Format(Concentration)}, rate={Parameters.Format(Rate)})";
}
