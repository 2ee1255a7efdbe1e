using MathNet.Numerics;

namespace Kullback.Distributions;

/// <summary>Bernoulli(probs): P(X = 1) = p, P(X = 0) = 1 − p. Range: 0 ≤ p ≤ 1.</summary>
public sealed class Bernoulli : DiscreteDistribution
{
    /// <summary>Creates Bernoulli(p).</summary>
    /// <exception cref="ArgumentOutOfRangeException">p ∉ [0, 1].</exception>
    public Bernoulli(double probs) => Probs = Parameters.Probability(nameof(Bernoulli), "probs", probs);

    /// <summary>
    /// Creates Bernoulli from logits η: p = σ(η) = 1/(1 + e^{−η}). The log-mass keeps η, as torch's does:
    /// log p(1) = −log(1 + e^{−η}), log p(0) = −log(1 + e^η), finite even where σ(η) rounds to 0 or 1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">η not finite.</exception>
    public static Bernoulli FromLogits(double logits) =>
        new(Numerics.Sigmoid(Parameters.Finite(nameof(Bernoulli), "logits", logits))) { Logits = logits };

    /// <summary>η when the distribution was made by <see cref="FromLogits"/>; null when it was given by probs.</summary>
    public double? Logits { get; private init; }

    /// <summary>p = P(X = 1).</summary>
    public double Probs { get; }

    /// <inheritdoc/>
    public override string Family => nameof(Bernoulli);
    /// <summary>E[X] = p.</summary>
    public override double Mean => Probs;
    /// <summary>Var[X] = p(1 − p).</summary>
    public override double Variance => Probs * (1 - Probs);
    /// <summary>H = −p log p − (1 − p) log(1 − p), with 0 · log 0 = 0.</summary>
    public override double Entropy() => Numerics.BinaryEntropy(Probs);

    /// <summary>Binary entropy H(p) = −p log p − (1 − p) log(1 − p) in nats, 0 · log 0 = 0, without constructing a distribution.</summary>
    /// <exception cref="ArgumentOutOfRangeException">p ∉ [0, 1].</exception>
    public static double BinaryEntropy(double probs) => Numerics.BinaryEntropy(Parameters.Probability(nameof(Bernoulli), "probs", probs));

    /// <summary>log p for x = 1, log(1 − p) for x = 0 (from η when given by logits), −∞ elsewhere.</summary>
    public override double LogProb(double x) => x switch
    {
        1 when Logits is { } eta => -Numerics.Softplus(-eta),
        0 when Logits is { } eta => -Numerics.Softplus(eta),
        1 => Math.Log(Probs),
        0 => Numerics.Log1P(-Probs),
        _ => double.NegativeInfinity,
    };

    /// <summary>1 with probability p, else 0.</summary>
    public override double Sample(Random rng) => rng.NextDouble() < Probs ? 1 : 0;

    /// <inheritdoc/>
    public override string ToString() => $"Bernoulli(probs={Parameters.Format(Probs)})";
}
