using Kullback.Distributions;

namespace Kullback.Tests.Distributions;

/// <summary>Registry dispatch: exact pair, most specific pair, ambiguity, unregistered pairs, Monte Carlo on request, +∞ cases.</summary>
public class KlDispatchTests
{
    /// <summary>A test family: the standard logistic distribution, so that subtypes can exercise dispatch.</summary>
    private class Logistic : ContinuousDistribution
    {
        public override string Family => GetType().Name;
        public override double Mean => 0;
        public override double Variance => Math.PI * Math.PI / 3;
        public override double Entropy() => 2;
        public override double LogProb(double x) => -x - 2 * Math.Log(1 + Math.Exp(-x));
        public override double Sample(Random rng) { double u = rng.NextDouble(); return Math.Log(u / (1 - u)); }
        public override string ToString() => Family + "()";
    }

    private sealed class NarrowLogistic : Logistic;

    private static KlRule Constant<TP, TQ>(double value) where TP : Distribution where TQ : Distribution =>
        KlRule.Create<TP, TQ>((_, _) => value, $"test rule {value}");

    [Fact]
    public void ExactPairWins()
    {
        var registry = new KlRegistry([Constant<Logistic, Logistic>(1), Constant<NarrowLogistic, NarrowLogistic>(2)]);
        Assert.Equal(2, registry.Divergence(new NarrowLogistic(), new NarrowLogistic()));
        Assert.Equal(1, registry.Divergence(new Logistic(), new Logistic()));
    }

    [Fact]
    public void MostSpecificMatchingPairWins()
    {
        var registry = new KlRegistry([Constant<Distribution, Distribution>(0.5), Constant<Logistic, Logistic>(1), Constant<NarrowLogistic, Logistic>(3)]);
        Assert.Equal(3, registry.Divergence(new NarrowLogistic(), new NarrowLogistic()));
        Assert.Equal(1, registry.Divergence(new Logistic(), new NarrowLogistic()));
        Assert.Equal(0.5, registry.Divergence(new Normal(0, 1), new Logistic()));
    }

    [Fact]
    public void AmbiguousPairThrowsNamingTheCandidates()
    {
        var registry = new KlRegistry([Constant<NarrowLogistic, Logistic>(1), Constant<Logistic, NarrowLogistic>(2)]);
        var e = Assert.Throws<AmbiguousKlException>(() => registry.Divergence(new NarrowLogistic(), new NarrowLogistic()));
        Assert.Contains("D(NarrowLogistic‖NarrowLogistic) is ambiguous", e.Message);
        Assert.Contains("D(NarrowLogistic‖Logistic)", e.Message);
        Assert.Contains("D(Logistic‖NarrowLogistic)", e.Message);
    }

    [Fact]
    public void DuplicateRegistrationIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new KlRegistry([Constant<Logistic, Logistic>(1), Constant<Logistic, Logistic>(2)]));
        Assert.Contains("D(Logistic‖Logistic) is registered twice", e.Message);
    }

    [Fact]
    public void UnregisteredPairThrowsNamingBothTypes()
    {
        var e = Assert.Throws<NotSupportedException>(() => KlRegistry.Default.Divergence(new StudentT(3), new Normal(0, 1)));
        Assert.Contains("D(StudentT‖Normal)", e.Message);
        Assert.Contains("Monte Carlo", e.Message);
        Assert.Throws<NotSupportedException>(() => KlRegistry.Default.Divergence(new StudentT(3), new Normal(0, 1), monteCarloSamples: 0, rng: null));
    }

    [Fact]
    public void MonteCarloOnlyOnRequestAndWithItsStandardError()
    {
        var p = new StudentT(5, 0.2, 1.1);
        var q = new Normal(0, 1.3);
        var result = KlRegistry.Default.Divergence(p, q, monteCarloSamples: 50_000, rng: new Random(3));
        Assert.Equal(KlMethod.MonteCarlo, result.Method);
        Assert.Equal(50_000, result.Samples);
        Assert.Null(result.Rule);
        Assert.True(result.StandardError > 0 && result.StandardError < 0.01, $"standard error {result.StandardError}");
        // A second, independent estimate at 4× the samples agrees within the combined error bar.
        var again = KlMonteCarlo.Estimate(p, q, 200_000, new Random(4));
        double combined = Math.Sqrt(result.StandardError * result.StandardError + again.StandardError * again.StandardError);
        Assert.True(Math.Abs(result.Value - again.Value) <= 4.5 * combined);
    }

    [Fact]
    public void ClosedFormIsPreferredEvenWhenMonteCarloIsAllowed()
    {
        var result = KlRegistry.Default.Divergence(new Normal(0, 1), new Normal(1, 2), monteCarloSamples: 1000, rng: new Random(1));
        Assert.Equal(KlMethod.ClosedForm, result.Method);
        Assert.Equal(0, result.Samples);
        Assert.Equal(typeof(Normal), result.Rule!.P);
        Assert.Contains("_kl_normal_normal", result.Rule.Source);
    }

    [Fact]
    public void DiscreteAgainstContinuousResolvesThroughTheHierarchy()
    {
        var rule = KlRegistry.Default.Resolve(typeof(Poisson), typeof(Normal));
        Assert.NotNull(rule);
        Assert.Equal(typeof(DiscreteDistribution), rule.P);
        Assert.Equal(double.PositiveInfinity, KlRegistry.Default.Divergence(new Poisson(2), new Normal(0, 1)));
        Assert.Equal(double.PositiveInfinity, KlRegistry.Default.Divergence(new Gamma(2, 1), new Geometric(0.5)));
        // An exact registration beats the hierarchy rule: Bernoulli‖Poisson is finite.
        Assert.True(double.IsFinite(KlRegistry.Default.Divergence(new Bernoulli(0.3), new Poisson(1))));
    }

    [Fact]
    public void SupportMismatchIsInfinityNeverNaN()
    {
        Assert.Equal(double.PositiveInfinity, KlRegistry.Default.Divergence(new Normal(0, 1), new Exponential(1)));
        Assert.Equal(double.PositiveInfinity, KlRegistry.Default.Divergence(new Uniform(0, 2), new Uniform(0, 1)));
        Assert.Equal(double.PositiveInfinity, KlRegistry.Default.Divergence(new Categorical([0.5, 0.5]), new Categorical([1.0, 0.0])));
        Assert.Equal(double.PositiveInfinity, KlRegistry.Default.Divergence(new Bernoulli(0.5), new Bernoulli(1)));
        Assert.Equal(double.PositiveInfinity, KlRegistry.Default.Divergence(new Binomial(5, 0.5), new Binomial(4, 0.5)));
        Assert.Equal(double.PositiveInfinity, KlRegistry.Default.Divergence(new Poisson(1), new Poisson(0)));
        Assert.Equal(double.PositiveInfinity, KlRegistry.Default.Divergence(new Uniform(-0.5, 0.5), new Gamma(2, 1)));
    }

    [Fact]
    public void EdgeCasesTorchGetsWrongAreExact()
    {
        Assert.Equal(0, KlRegistry.Default.Divergence(new Bernoulli(0), new Bernoulli(0)));
        Assert.Equal(2.5, KlRegistry.Default.Divergence(new Poisson(0), new Poisson(2.5)));
        Assert.Equal(-Math.Log(1 - 0.25), KlRegistry.Default.Divergence(new Poisson(0), new Bernoulli(0.25)), 1e-15);
        Assert.Equal(0, KlRegistry.Default.Divergence(new Categorical([0.0, 1.0]), new Categorical([0.0, 1.0])));
        double atZero = KlRegistry.Default.Divergence(new Uniform(0, 0.5), new Beta(2, 3));
        Assert.True(double.IsFinite(atZero) && atZero > 0, $"Uniform(0, 0.5)‖Beta(2, 3) = {atZero}");
    }

    [Fact]
    public void SelfDivergenceIsZeroAndNeverNegative()
    {
        Distribution[] all =
        [
            new Bernoulli(0.3), new Binomial(7, 0.4), new Categorical([0.2, 0.8]), new Geometric(0.4), new Poisson(2.5),
            new Normal(1, 2), new LogNormal(0.3, 0.8), new HalfNormal(1.2), new Laplace(0.4, 0.9), new Gumbel(0.2, 1.3),
            new Exponential(0.7), new Gamma(2.2, 0.9), new Beta(1.5, 2.5), new Dirichlet([0.5, 1.5, 2.5]), new Uniform(-1, 3),
            new Pareto(1.5, 2.5), new MultivariateNormal([1.0, 2.0], [2.0, 0.3, 0.3, 1.0]),
        ];
        foreach (var d in all)
        {
            double self = KlRegistry.Default.Divergence(d, d);
            Assert.True(self is >= 0 and < 1e-14, $"D({d}‖{d}) = {self}");
        }
    }

    [Fact]
    public void ShapeMismatchIsAnErrorNamingBothSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => KlRegistry.Default.Divergence(MultivariateNormal.Diagonal([0.0, 0.0], [1.0, 1.0]), MultivariateNormal.Diagonal([0.0], [1.0])));
        Assert.Contains("dimension 2 but Q has 1", e.Message);
        Assert.Throws<ArgumentException>(() => KlRegistry.Default.Divergence(new Categorical([0.5, 0.5]), new Categorical([0.2, 0.3, 0.5])));
    }

    [Fact]
    public void DiagonalAndFullCovarianceAgree()
    {
        var full = new MultivariateNormal([0.5, -0.2], [1.44, 0.0, 0.0, 0.25]);
        var diagonal = MultivariateNormal.Diagonal([0.5, -0.2], [1.2, 0.5]);
        var other = new MultivariateNormal([0.0, 0.3], [2.0, 0.4, 0.4, 1.0]);
        Assert.Equal(KlRegistry.Default.Divergence(full, other), KlRegistry.Default.Divergence(diagonal, other), 1e-14);
        Assert.Equal(KlRegistry.Default.Divergence(other, full), KlRegistry.Default.Divergence(other, diagonal), 1e-14);
        Assert.Equal(full.LogProb([0.3, 0.1]), diagonal.LogProb([0.3, 0.1]), 1e-14);
    }
}
