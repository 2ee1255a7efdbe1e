using Kullback.Distributions;

namespace Kullback.Tests.Distributions;

/// <summary>Supports, shapes and validation of the families added for torch parity.</summary>
public class ParityFamilyTests
{
    [Fact]
    public void OneHotLogProbIsMinusInfinityOffTheOneHotVectors()
    {
        var d = new OneHotCategorical([0.2, 0.3, 0.5]);
        Assert.Equal(Math.Log(0.3), d.LogProb([0.0, 1.0, 0.0]));
        Assert.Equal(double.NegativeInfinity, d.LogProb([0.0, 0.0, 0.0]));
        Assert.Equal(double.NegativeInfinity, d.LogProb([1.0, 1.0, 0.0]));
        Assert.Equal(double.NegativeInfinity, d.LogProb([0.0, 0.5, 0.0]));
        Assert.Throws<ArgumentException>(() => d.LogProb([1.0, 0.0]));
    }

    [Fact]
    public void ContinuousBernoulliLivesOnTheUnitInterval()
    {
        var d = new ContinuousBernoulli(0.3);
        Assert.Equal(double.NegativeInfinity, d.LogProb(-0.01));
        Assert.Equal(double.NegativeInfinity, d.LogProb(1.01));
        Assert.True(double.IsFinite(d.LogProb(0)) && double.IsFinite(d.LogProb(1)));
    }

    [Fact]
    public void ContinuousBernoulliFromLogitsAndFromProbsAgree()
    {
        var byProbs = new ContinuousBernoulli(0.3);
        var byLogits = ContinuousBernoulli.FromLogits(byProbs.Logits);
        Assert.Equal(byProbs.Entropy(), byLogits.Entropy(), 1e-14);
        Assert.Equal(byProbs.LogProb(0.7), byLogits.LogProb(0.7), 1e-14);
        Assert.Equal(0, KlRegistry.Default.Divergence(byProbs, byLogits), 1e-14);
    }

    [Fact]
    public void LowRankCovarianceIsFactorTimesFactorTransposedPlusDiagonal()
    {
        var low = new LowRankMultivariateNormal([0.5, -0.3], [1.0, 0.2, 0.3, -0.5], 2, [0.5, 1.2]);
        double[] expected = [1.0 + 0.04 + 0.5, 0.3 - 0.1, 0.3 - 0.1, 0.09 + 0.25 + 1.2];
        var covariance = low.AsMultivariateNormal.Covariance();
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], covariance[i], 1e-15);
    }

    [Fact]
    public void ShapesThatDisagreeAreErrors()
    {
        Assert.Throws<ArgumentException>(() => new LowRankMultivariateNormal([0.0, 0.0], [1.0, 2.0, 3.0], 2, [1.0, 1.0]));
        Assert.Throws<ArgumentException>(() => new LowRankMultivariateNormal([0.0, 0.0], [1.0, 2.0], 1, [1.0]));
        Assert.ThrowsAny<ArgumentException>(() => new LowRankMultivariateNormal([0.0], [1.0], 0, [1.0]));
        var two = new LowRankMultivariateNormal([0.0, 0.0], [1.0, 2.0], 1, [1.0, 1.0]);
        var three = MultivariateNormal.Diagonal([0.0, 0.0, 0.0], [1.0, 1.0, 1.0]);
        Assert.ThrowsAny<ArgumentException>(() => KlRegistry.Default.Divergence(two, three));
        Assert.ThrowsAny<ArgumentException>(() => KlRegistry.Default.Divergence(new OneHotCategorical([0.5, 0.5]), new OneHotCategorical([0.2, 0.3, 0.5])));
    }

    [Fact]
    public void LogitsMustBeFinite()
    {
        Assert.ThrowsAny<ArgumentException>(() => Categorical.FromLogits([0.0, double.NaN]));
        Assert.ThrowsAny<ArgumentException>(() => Bernoulli.FromLogits(double.PositiveInfinity));
        Assert.ThrowsAny<ArgumentException>(() => ContinuousBernoulli.FromLogits(double.NegativeInfinity));
        Assert.ThrowsAny<ArgumentException>(() => OneHotCategorical.FromLogits([]));
    }

    [Fact]
    public void CauchyMomentsAreUndefinedAsInTorch()
    {
        var c = new Cauchy(0, 1);
        Assert.True(double.IsNaN(c.Mean));
        Assert.Equal(double.PositiveInfinity, c.Variance);
    }

    [Fact]
    public void ContinuousBernoulliAgainstTheUnitUniformIsFiniteWhereTorchSaysInfinity()
    {
        // torch 1.13 returns +∞ for both (its support test uses ≥ / ≤); P has no mass outside [0, 1], so D = −H(P) + log 1.
        var cb = new ContinuousBernoulli(0.3);
        Assert.Equal(-cb.Entropy(), KlRegistry.Default.Divergence(cb, new Uniform(0, 1)), 1e-15);
        Assert.Equal(-Math.Log(1.0) - cb.LogNormalizer - 0.5 * cb.Logits - Math.Log(0.7), KlRegistry.Default.Divergence(new Uniform(0, 1), cb), 1e-14);
        Assert.Equal(double.PositiveInfinity, KlRegistry.Default.Divergence(cb, new Uniform(0.01, 1)));
        Assert.Equal(double.PositiveInfinity, KlRegistry.Default.Divergence(new Uniform(0, 1.01), cb));
    }

    [Fact]
    public void BernoulliFromLargeLogitsKeepsAFiniteLogMass()
    {
        // σ(40) rounds to 1, so log(1 − p) would be −∞; torch's −softplus(40) = −40 − log(1 + e^{−40}).
        var b = Bernoulli.FromLogits(40);
        Assert.Equal(1.0, b.Probs);
        Assert.Equal(-40 - Math.Exp(-40), b.LogProb(0), 1e-12);
        Assert.Equal(-Math.Exp(-40), b.LogProb(1), 1e-300);
        Assert.Null(new Bernoulli(0.3).Logits);
    }
}
