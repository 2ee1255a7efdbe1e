namespace Kullback.Distributions;

/// <summary>
/// OneHotCategorical(probs) on the K one-hot vectors eₖ ∈ {0, 1}ᴷ: P(X = eₖ) = pₖ. The same law as <see cref="Categorical"/>
/// with each class k written as the unit vector eₖ (torch.distributions.OneHotCategorical). Range: as Categorical.
/// </summary>
public sealed class OneHotCategorical : MultivariateDistribution
{
    private readonly double[] _variance;

    /// <summary>Creates OneHotCategorical(p).</summary>
    /// <param name="probs">Class probabilities, K ≥ 1 of them.</param>
    /// <param name="normalize">When true, any non-negative weights with a positive sum are divided by their sum.</param>
    /// <exception cref="ArgumentException">As for <see cref="Distributions.Categorical"/>: empty, a negative or non-finite entry, or a sum that is not 1 without <paramref name="normalize"/>.</exception>
    public OneHotCategorical(ReadOnlySpan<double> probs, bool normalize = false) : this(new Categorical(probs, normalize, nameof(OneHotCategorical)))
    {
    }

    private OneHotCategorical(Categorical categorical)
    {
        Categorical = categorical;
        var p = categorical.Probs;
        _variance = new double[p.Length];
        for (int k = 0; k < p.Length; k++) _variance[k] = p[k] * (1 - p[k]);
    }

    /// <summary>Creates OneHotCategorical from logits: pₖ = exp(ηₖ) / Σⱼ exp(ηⱼ).</summary>
    /// <exception cref="ArgumentException">Empty, or an entry not finite (names the index).</exception>
    public static OneHotCategorical FromLogits(ReadOnlySpan<double> logits) =>
        new(Categorical.FromLogits(logits, nameof(OneHotCategorical)));

    /// <summary>The same law on class indices {0, …, K − 1}.</summary>
    public Categorical Categorical { get; }

    /// <summary>The probabilities p₀ … p_{K−1}.</summary>
    public ReadOnlySpan<double> Probs => Categorical.Probs;

    /// <inheritdoc/>
    public override string Family => nameof(OneHotCategorical);
    /// <inheritdoc/>
    public override int EventSize => Categorical.Classes;
    /// <summary>E[Xₖ] = pₖ.</summary>
    public override ReadOnlySpan<double> Mean => Categorical.Probs;
    /// <summary>Var[Xₖ] = pₖ(1 − pₖ).</summary>
    public override ReadOnlySpan<double> Variance => _variance;
    /// <summary>H = −Σₖ pₖ log pₖ, with 0 · log 0 = 0.</summary>
    public override double Entropy() => Categorical.Entropy();

    /// <summary>log pₖ when x = eₖ (exactly one entry 1, the others 0); −∞ for any other x.</summary>
    public override double LogProb(ReadOnlySpan<double> x)
    {
        RequireEventLength(x.Length, nameof(x));
        int hot = -1;
        for (int k = 0; k < x.Length; k++)
        {
            if (x[k] == 0) continue;
            if (x[k] != 1 || hot >= 0) return double.NegativeInfinity;
            hot = k;
        }
        return hot < 0 ? double.NegativeInfinity : Categorical.LogProb(hot);
    }

    /// <summary>e_k with k drawn from <see cref="Categorical"/>.</summary>
    public override void Sample(Random rng, Span<double> destination)
    {
        RequireEventLength(destination.Length, nameof(destination));
        destination.Clear();
        destination[(int)Categorical.Sample(rng)] = 1;
    }

    /// <inheritdoc/>
    public override string ToString() => $"OneHotCategorical(probs=[{string.Join(", ", Categorical.Probs.ToArray().Select(Parameters.Format))}])";
}
