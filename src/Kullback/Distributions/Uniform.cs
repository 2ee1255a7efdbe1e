namespace Kullback.Distributions;

/// <summary>Uniform(low, high): density 1/(b − a) on [a, b). Range: a, b finite, a &lt; b.</summary>
public sealed class Uniform : ContinuousDistribution
{
    /// <summary>Creates Uniform(a, b).</summary>
    /// <exception cref="ArgumentOutOfRangeException">a or b not finite, or a ≥ b.</exception>
    public Uniform(double low, double high)
    {
        Low = Parameters.Finite(nameof(Uniform), "low", low);
        High = Parameters.Finite(nameof(Uniform), "high", high);
        if (!(high > low))
            throw new ParameterDomainException(nameof(high), high,
                $"Uniform: high = {Parameters.Format(high)} is outside its domain: high > low = {Parameters.Format(low)}");
    }

    /// <summary>a, the lower end.</summary>
    public double Low { get; }
    /// <summary>b, the upper end.</summary>
    public double High { get; }

    /// <inheritdoc/>
    public override string Family => nameof(Uniform);
    /// <summary>E[X] = (a + b)/2.</summary>
    public override double Mean => 0.5 * (Low + High);
    /// <summary>Var[X] = (b − a)²/12.</summary>
    public override double Variance => (High - Low) * (High - Low) / 12;
    /// <summary>H = log(b − a).</summary>
    public override double Entropy() => Math.Log(High - Low);

    /// <summary>−log(b − a) for a ≤ x &lt; b; −∞ elsewhere.</summary>
    public override double LogProb(double x) => x >= Low && x < High ? -Math.Log(High - Low) : double.NegativeInfinity;

    /// <summary>a + (b − a) U, U ~ Uniform[0, 1); a result that rounds up to b is moved to the largest double below b.</summary>
    public override double Sample(Random rng)
    {
        double x = Low + (High - Low) * rng.NextDouble();
        return x < High ? x : Math.BitDecrement(High);
    }

    /// <inheritdoc/>
    public override string ToString() => $"Uniform(low={Parameters.Format(Low)}, high={Parameters.Format(High)})";
}
