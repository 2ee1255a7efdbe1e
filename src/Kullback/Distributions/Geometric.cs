using MN = MathNet.Numerics.Distributions;

namespace Kullback.Distributions;

/// <summary>Geometric(probs): the number of failures before the first success, P(X = k) = (1 − p)ᵏ p, k = 0, 1, …. Range: 0 &lt; p ≤ 1.</summary>
public sealed class Geometric : DiscreteDistribution
{
    /// <summary>Creates Geometric(p).</summary>
    /// <exception cref="ArgumentOutOfRangeException">p ∉ (0, 1].</exception>
    public Geometric(double probs) =>
        Probs = probs is > 0 and <= 1
            ? probs
            : throw new ParameterDomainException(nameof(probs), probs, $"Geometric: probs = {Parameters.Format(probs)} is outside its domain: 0 < probs ≤ 1");

    /// <summary>p, the success probability.</summary>
    public double Probs { get; }

    /// <inheritdoc/>
    public override string Family => nameof(Geometric);
    /// <summary>E[X] = (1 − p) / p.</summary>
    public override double Mean => (1 - Probs) / Probs;
    /// <summary>Var[X] = (1 − p) / p².</summary>
    public override double Variance => (1 - Probs) / (Probs * Probs);
    /// <summary>H = [−p log p − (1 − p) log(1 − p)] / p.</summary>
    public override double Entropy() => Numerics.BinaryEntropy(Probs) / Probs;

    /// <summary>k log(1 − p) + log p for integer k ≥ 0 (0 · log 0 = 0); −∞ elsewhere.</summary>
    public override double LogProb(double x) =>
        Numerics.IsInteger(x) && x >= 0 ? Numerics.XLog1PY(x, -Probs) + Math.Log(Probs) : double.NegativeInfinity;

    /// <summary>Failures before the first success (Math.NET counts trials, so one is subtracted).</summary>
    public override double Sample(Random rng) => Probs == 1 ? 0 : MN.Geometric.Sample(rng, Probs) - 1;

    /// <inheritdoc/>
    public override string ToString() => $"Geometric(probs={Parameters.Format(Probs)})";
}
