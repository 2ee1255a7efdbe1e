using Kullback.Distributions;

namespace Kullback.Tests.Distributions;

/// <summary>Constructors reject parameters outside their domain before any work, naming family, parameter, value and domain.</summary>
public class ValidationTests
{
    public static IEnumerable<object[]> BadParameters() =>
    [
        [() => new Normal(0, -1), "Normal", "scale = -1", "scale > 0"],
        [() => new Normal(double.NaN, 1), "Normal", "loc = NaN", "finite"],
        [() => new Normal(0, double.PositiveInfinity), "Normal", "scale = Infinity", "scale > 0"],
        [() => new LogNormal(0, 0), "LogNormal", "scale = 0", "scale > 0"],
        [() => new HalfNormal(-2), "HalfNormal", "scale = -2", "scale > 0"],
        [() => new Laplace(0, 0), "Laplace", "scale = 0", "scale > 0"],
        [() => new Gumbel(1, -0.5), "Gumbel", "scale = -0.5", "scale > 0"],
        [() => new Exponential(0), "Exponential", "rate = 0", "rate > 0"],
        [() => new Gamma(-1, 1), "Gamma", "concentration = -1", "concentration > 0"],
        [() => new Gamma(1, 0), "Gamma", "rate = 0", "rate > 0"],
        [() => new Beta(0, 1), "Beta", "concentration1 = 0", "concentration1 > 0"],
        [() => new Beta(1, -3), "Beta", "concentration0 = -3", "concentration0 > 0"],
        [() => new Uniform(2, 1), "Uniform", "high = 1", "high > low = 2"],
        [() => new Pareto(0, 1), "Pareto", "scale = 0", "scale > 0"],
        [() => new Pareto(1, -1), "Pareto", "alpha = -1", "alpha > 0"],
        [() => new StudentT(0), "StudentT", "df = 0", "df > 0"],
        [() => new Bernoulli(1.5), "Bernoulli", "probs = 1.5", "0 ≤ probs ≤ 1"],
        [() => new Binomial(-1, 0.5), "Binomial", "total_count = -1", "total_count ∈ {0, 1, 2, …}"],
        [() => new Binomial(3, -0.1), "Binomial", "probs = -0.1", "0 ≤ probs ≤ 1"],
        [() => new Geometric(0), "Geometric", "probs = 0", "0 < probs ≤ 1"],
        [() => new Poisson(-0.5), "Poisson", "rate = -0.5", "rate ≥ 0"],
        [() => new Categorical([0.5, -0.2, 0.7]), "Categorical", "probs[1] = -0.2", "probs[k] ≥ 0"],
        [() => new Categorical([0.5, 0.6]), "Categorical", "sum to 1.1", "not 1"],
        [() => new Dirichlet([1.0, 0.0, 2.0]), "Dirichlet", "concentration[1] = 0", "concentration[i] > 0"],
        [() => new Dirichlet([1.0]), "Dirichlet", "1 entries", "at least 2"],
        [() => new MultivariateNormal([0.0, 0.0], [1.0, 2.0, 2.0, 1.0]), "MultivariateNormal", "not positive definite", "pivot 1"],
        [() => new MultivariateNormal([0.0, 0.0], [1.0, 0.5, 0.4, 1.0]), "MultivariateNormal", "covariance[1][0] = 0.4 but covariance[0][1] = 0.5", "symmetric"],
        [() => new MultivariateNormal([0.0, 0.0], [1.0, 0.0, 0.0]), "MultivariateNormal", "2×2 = 4", "got 3"],
        [() => MultivariateNormal.Diagonal([0.0, 0.0], [1.0, -1.0]), "MultivariateNormal", "scale[1] = -1", "scale[i] > 0"],
        [() => MultivariateNormal.FromScaleTril([0.0, 0.0], [1.0, 0.0, 0.3, 0.0]), "MultivariateNormal", "scale_tril[1][1] = 0", "diagonal entries > 0"],
    ];

    [Theory]
    [MemberData(nameof(BadParameters))]
    public void RejectsParameterOutsideDomain(Func<Distribution> create, string family, string what, string domain)
    {
        var e = Assert.ThrowsAny<ArgumentException>(create);
        Assert.StartsWith(family + ":", e.Message);
        Assert.Contains(what, e.Message);
        Assert.Contains(domain, e.Message);
    }

    [Fact]
    public void CategoricalNormalisesOnlyWhenAsked()
    {
        var c = new Categorical([2.0, 6.0], normalize: true);
        Assert.Equal([0.25, 0.75], c.Probs.ToArray());
    }

    [Fact]
    public void WrongEventLengthIsAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dirichlet([1.0, 2.0]).LogProb([0.5, 0.3, 0.2]));
        Assert.Contains("3 elements but the event size is 2", e.Message);
        Assert.Throws<ArgumentException>(() => new Normal(0, 1).LogProb([1.0, 2.0]));
    }

    [Fact]
    public void LogProbOutsideSupportIsMinusInfinity()
    {
        Assert.Equal(double.NegativeInfinity, new Exponential(1).LogProb(-0.1));
        Assert.Equal(double.NegativeInfinity, new Poisson(2).LogProb(1.5));
        Assert.Equal(double.NegativeInfinity, new Binomial(3, 0.5).LogProb(4));
        Assert.Equal(double.NegativeInfinity, new Beta(2, 2).LogProb(1.2));
        Assert.Equal(double.NegativeInfinity, new Pareto(1, 2).LogProb(0.5));
        Assert.Equal(double.NegativeInfinity, new Uniform(0, 1).LogProb(1));
        Assert.Equal(double.NegativeInfinity, new Dirichlet([1.0, 1.0]).LogProb([0.5, 0.6]));
    }

    [Fact]
    public void DegenerateParametersFollowZeroLogZero()
    {
        Assert.Equal(0, new Bernoulli(0).Entropy());
        Assert.Equal(0, new Bernoulli(1).LogProb(1));
        Assert.Equal(0, new Poisson(0).Entropy());
        Assert.Equal(0, new Poisson(0).LogProb(0));
        Assert.Equal(0, new Geometric(1).LogProb(0));
        Assert.Equal(double.NegativeInfinity, new Geometric(1).LogProb(1));
        Assert.Equal(0, new Categorical([0.0, 1.0]).Entropy());
        Assert.Equal(0, new Binomial(4, 1).LogProb(4));
    }
}
