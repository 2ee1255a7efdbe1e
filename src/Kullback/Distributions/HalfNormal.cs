using MN = MathNet.Numerics.Distributions;

namespace Kullback.Distributions;

/// <summary>HalfNormal(scale): X = |Y| with Y ~ Normal(0, σ). Range: σ &gt; 0; support x ≥ 0.</summary>
public sealed class HalfNormal : ContinuousDistribution
{
    /// <summary>Creates HalfNormal(σ).</summary>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0 or not finite.</exception>
    public HalfNormal(double scale)
    {
        Scale = Parameters.Positive(nameof(HalfNormal), "scale", scale);
        Base = new Normal(0, Scale);
    }

    /// <summary>σ, the scale of the folded normal.</summary>
    public double Scale { get; }
    /// <summary>The folded distribution Normal(0, σ).</summary>
    public Normal Base { get; }

    /// <inheritdoc/>
    public override string Family => nameof(HalfNormal);
    /// <summary>E[X] = σ √(2/π).</summary>
    public override double Mean => Scale * Math.Sqrt(2 / Math.PI);
    /// <summary>Var[X] = σ² (1 − 2/π).</summary>
    public override double Variance => Scale * Scale * (1 - 2 / Math.PI);
    /// <summary>H = ½ log(πσ²/2) + ½.</summary>
    public override double Entropy() => 0.5 * Math.Log(0.5 * Math.PI * Scale * Scale) + 0.5;

    /// <summary>log 2 + log N(x; 0, σ) for x ≥ 0; −∞ elsewhere.</summary>
    public override double LogProb(double x) => x >= 0 ? Math.Log(2) + Base.LogProb(x) : double.NegativeInfinity;

    /// <summary>|σ Z|.</summary>
    public override double Sample(Random rng) => Math.Abs(MN.Normal.Sample(rng, 0, Scale));

    /// <inheritdoc/>
    public override string ToString() => $"HalfNormal(scale={Parameters.Format(Scale)})";
}
