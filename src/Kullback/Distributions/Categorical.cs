using Kullback.Kernels;
namespace Kullback.Distributions;

/// <summary>
/// Categorical(probs) on {0, 1, …, K − 1}: P(X = k) = pₖ. Range: pₖ ≥ 0, Σ pₖ = 1 (within 1e-9, then renormalised
/// exactly), unless the caller asks to normalise arbitrary non-negative weights.
/// </summary>
public sealed class Categorical : DiscreteDistribution
{
    private readonly double[] _probs;

    /// <summary>Creates Categorical(p).</summary>
    /// <param name="probs">Class probabilities, K ≥ 1 of them.</param>
    /// <param name="normalize">When true, any non-negative weights with a positive sum are divided by their sum.</param>
    /// <exception cref="ArgumentException">Empty, a negative or non-finite entry, or a sum that is not 1 without <paramref name="normalize"/>.</exception>
    public Categorical(ReadOnlySpan<double> probs, bool normalize = false) : this(probs, normalize, nameof(Categorical))
    {
    }

    /// <summary>Validates and normalises <paramref name="probs"/>; errors name <paramref name="family"/> (Categorical or OneHotCategorical).</summary>
    internal Categorical(ReadOnlySpan<double> probs, bool normalize, string family)
    {
        if (probs.Length == 0) throw new ArgumentException($"{family}: probs is empty; it needs at least one class", nameof(probs));
        var sum = new CompensatedSum();
        for (int i = 0; i < probs.Length; i++)
        {
            Parameters.Element(family, "probs", i, probs[i], probs[i] >= 0 && double.IsFinite(probs[i]), "probs[k] ≥ 0 and finite");
            sum.Add(probs[i]);
        }
        double total = sum.Value;
        if (!(total > 0)) throw new ArgumentException($"{family}: probs sum to 0; at least one class needs positive probability", nameof(probs));
        if (!normalize && Math.Abs(total - 1) > 1e-9)
            throw new ArgumentException($"{family}: probs sum to {Parameters.Format(total)}, not 1 (ask to normalise to divide by the sum)", nameof(probs));
        _probs = new double[probs.Length];
        for (int i = 0; i < probs.Length; i++) _probs[i] = probs[i] / total;
    }

    /// <summary>Creates Categorical from logits (unnormalised log-probabilities): pₖ = exp(ηₖ − m) / Σⱼ exp(ηⱼ − m), m = maxⱼ ηⱼ (torch's softmax).</summary>
    /// <exception cref="ArgumentException">Empty, or an entry not finite (names the index).</exception>
    public static Categorical FromLogits(ReadOnlySpan<double> logits) => FromLogits(logits, nameof(Categorical));

    internal static Categorical FromLogits(ReadOnlySpan<double> logits, string family)
    {
        if (logits.Length == 0) throw new ArgumentException($"{family}: logits is empty; it needs at least one class", nameof(logits));
        double max = double.NegativeInfinity;
        for (int i = 0; i < logits.Length; i++)
        {
            Parameters.Element(family, "logits", i, logits[i], double.IsFinite(logits[i]), "finite");
            max = Math.Max(max, logits[i]);
        }
        var weights = new double[logits.Length];
        for (int i = 0; i < logits.Length; i++) weights[i] = Math.Exp(logits[i] - max);
        return new Categorical(weights, normalize: true, family);
    }

    /// <summary>The normalised probabilities p₀ … p_{K−1}.</summary>
    public ReadOnlySpan<double> Probs => _probs;

    /// <summary>K, the number of classes.</summary>
    public int Classes => _probs.Length;

    /// <inheritdoc/>
    public override string Family => nameof(Categorical);

    /// <summary>E[X] = Σₖ k pₖ.</summary>
    public override double Mean
    {
        get
        {
            var sum = new CompensatedSum();
            for (int k = 1; k < _probs.Length; k++) sum.Add(k * _probs[k]);
            return sum.Value;
        }
    }

    /// <summary>Var[X] = Σₖ (k − E[X])² pₖ.</summary>
    public override double Variance
    {
        get
        {
            double mean = Mean;
            var sum = new CompensatedSum();
            for (int k = 0; k < _probs.Length; k++) sum.Add((k - mean) * (k - mean) * _probs[k]);
            return sum.Value;
        }
    }

    /// <summary>H = −Σₖ pₖ log pₖ, with 0 · log 0 = 0.</summary>
    public override double Entropy()
    {
        var sum = new CompensatedSum();
        foreach (double p in _probs) sum.Add(-Numerics.XLogX(p));
        return sum.Value;
    }

    /// <summary>log pₖ for integer 0 ≤ k &lt; K; −∞ elsewhere.</summary>
    public override double LogProb(double x) =>
        Numerics.IsInteger(x) && x >= 0 && x < _probs.Length ? Math.Log(_probs[(int)x]) : double.NegativeInfinity;

    /// <summary>Inverse-CDF draw: the first k with p₀ + … + pₖ &gt; u, u ~ Uniform[0, 1).</summary>
    public override double Sample(Random rng)
    {
        double u = rng.NextDouble();
        double cumulative = 0;
        int last = 0;
        for (int k = 0; k < _probs.Length; k++)
        {
            if (_probs[k] == 0) continue;
            last = k;
            cumulative += _probs[k];
            if (u < cumulative) return k;
        }
        return last;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Categorical(probs=[{string.Join(", ", _probs.Select(Parameters.Format))}])";
}
