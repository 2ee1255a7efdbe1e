using Kullback.Kernels;
namespace Kullback.Distributions;

/// <summary>
/// Independent(base, k): k independent copies of a univariate distribution, X = (X₁, …, X_k), Xᵢ ~ base;
/// log p(x) = Σᵢ log p_base(xᵢ), H = k · H(base). Range: k ≥ 1.
/// </summary>
public sealed class Independent : MultivariateDistribution
{
    private readonly double[] _mean;
    private readonly double[] _variance;

    /// <summary>Creates Independent(base, k).</summary>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 1.</exception>
    public Independent(UnivariateDistribution baseDistribution, int count)
    {
        ArgumentNullException.ThrowIfNull(baseDistribution);
        if (count < 1) throw new ParameterDomainException(nameof(count), count, $"Independent: count = {count} is outside its domain: count ≥ 1");
        Base = baseDistribution;
        Count = count;
        _mean = Enumerable.Repeat(baseDistribution.Mean, count).ToArray();
        _variance = Enumerable.Repeat(baseDistribution.Variance, count).ToArray();
    }

    /// <summary>The distribution of each coordinate.</summary>
    public UnivariateDistribution Base { get; }
    /// <summary>k, the number of coordinates.</summary>
    public int Count { get; }

    /// <inheritdoc/>
    public override string Family => nameof(Independent);
    /// <inheritdoc/>
    public override int EventSize => Count;
    /// <summary>E[Xᵢ] = E_base[X].</summary>
    public override ReadOnlySpan<double> Mean => _mean;
    /// <summary>Var[Xᵢ] = Var_base[X].</summary>
    public override ReadOnlySpan<double> Variance => _variance;
    /// <summary>H = k · H(base).</summary>
    public override double Entropy() => Count * Base.Entropy();

    /// <summary>Σᵢ log p_base(xᵢ) (compensated).</summary>
    public override double LogProb(ReadOnlySpan<double> x)
    {
        RequireEventLength(x.Length, nameof(x));
        var sum = new CompensatedSum();
        foreach (double xi in x) sum.Add(Base.LogProb(xi));
        return sum.Value;
    }

    /// <summary>k independent draws of base.</summary>
    public override void Sample(Random rng, Span<double> destination)
    {
        RequireEventLength(destination.Length, nameof(destination));
        for (int i = 0; i < destination.Length; i++) destination[i] = Base.Sample(rng);
    }

    /// <inheritdoc/>
    public override string ToString() => $"Independent({Base}, {Count})";
}
