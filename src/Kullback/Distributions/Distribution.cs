namespace Kullback.Distributions;

/// <summary>
/// A probability distribution with a density or mass function. Instances are immutable: parameters are validated
/// once in the constructor and never change; sampling takes the random generator as an argument.
/// </summary>
public abstract class Distribution
{
    /// <summary>The family name as written in a spec, e.g. <c>Normal</c>.</summary>
    public abstract string Family { get; }

    /// <summary>Number of coordinates of one outcome: 1 for univariate families, k for k-dimensional ones.</summary>
    public abstract int EventSize { get; }

    /// <summary>Differential (continuous) or Shannon (discrete) entropy in nats: H(P) = −E_P[log p(X)].</summary>
    public abstract double Entropy();

    /// <summary>log p(x), the log-density or log-mass at the outcome <paramref name="x"/> (length <see cref="EventSize"/>); −∞ outside the support.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="EventSize"/> elements.</exception>
    public abstract double LogProb(ReadOnlySpan<double> x);

    /// <summary>Draws one outcome into <paramref name="destination"/> (length <see cref="EventSize"/>) using <paramref name="rng"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not have <see cref="EventSize"/> elements.</exception>
    public abstract void Sample(Random rng, Span<double> destination);

    /// <summary>The spec of this distribution with named parameters, e.g. <c>Normal(loc=0, scale=1)</c>.</summary>
    public abstract override string ToString();

    /// <summary>Throws when <paramref name="length"/> is not <see cref="EventSize"/>.</summary>
    protected void RequireEventLength(int length, string name)
    {
        if (length != EventSize)
            throw new ArgumentException($"{Family}: {name} has {length} elements but the event size is {EventSize}", name);
    }
}

/// <summary>A distribution over the real line or a subset of it (one coordinate per outcome).</summary>
public abstract class UnivariateDistribution : Distribution
{
    /// <inheritdoc/>
    public sealed override int EventSize => 1;

    /// <summary>E[X].</summary>
    public abstract double Mean { get; }

    /// <summary>Var[X] = E[(X − E[X])²].</summary>
    public abstract double Variance { get; }

    /// <summary>log p(x); −∞ outside the support.</summary>
    public abstract double LogProb(double x);

    /// <summary>Draws one outcome using <paramref name="rng"/>.</summary>
    public abstract double Sample(Random rng);

    /// <inheritdoc/>
    public sealed override double LogProb(ReadOnlySpan<double> x)
    {
        RequireEventLength(x.Length, nameof(x));
        return LogProb(x[0]);
    }

    /// <inheritdoc/>
    public sealed override void Sample(Random rng, Span<double> destination)
    {
        RequireEventLength(destination.Length, nameof(destination));
        destination[0] = Sample(rng);
    }
}

/// <summary>A univariate distribution with a density with respect to Lebesgue measure (no atoms).</summary>
public abstract class ContinuousDistribution : UnivariateDistribution;

/// <summary>A univariate distribution on the integers, with a probability mass function.</summary>
public abstract class DiscreteDistribution : UnivariateDistribution;

/// <summary>A distribution over ℝᵏ (or a subset such as the simplex), k = <see cref="Distribution.EventSize"/>.</summary>
public abstract class MultivariateDistribution : Distribution
{
    /// <summary>E[X], one entry per coordinate.</summary>
    public abstract ReadOnlySpan<double> Mean { get; }

    /// <summary>Var[Xᵢ], the marginal variance of each coordinate (the diagonal of the covariance).</summary>
    public abstract ReadOnlySpan<double> Variance { get; }
}
