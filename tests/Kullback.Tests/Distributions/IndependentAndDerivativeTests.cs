using Kullback.Distributions;

namespace Kullback.Tests.Distributions;

public class IndependentAndDerivativeTests
{
    [Fact]
    public void IndependentIsAProductOfItsBase()
    {
        var baseDistribution = new Laplace(0.3, 1.2);
        var d = new Independent(baseDistribution, 3);
        double[] x = [0.1, -2.0, 4.0];
        Assert.Equal(x.Sum(baseDistribution.LogProb), d.LogProb(x), 1e-14);
        Assert.Equal(3 * baseDistribution.Entropy(), d.Entropy(), 1e-14);
        Assert.Equal([0.3, 0.3, 0.3], d.Mean.ToArray());
        var other = new Independent(new Laplace(-0.5, 0.7), 3);
        Assert.Equal(3 * KlRegistry.Default.Divergence(baseDistribution, new Laplace(-0.5, 0.7)), KlRegistry.Default.Divergence(d, other), 1e-14);
        Assert.Throws<ArgumentException>(() => KlRegistry.Default.Divergence(d, new Independent(baseDistribution, 2)));
        Assert.Throws<NotSupportedException>(() => KlRegistry.Default.Divergence(new Independent(new StudentT(3), 2), new Independent(new Normal(0, 1), 2)));
        var e = Assert.Throws<ParameterDomainException>(() => new Independent(baseDistribution, 0));
        Assert.Equal("Independent: count = 0 is outside its domain: count ≥ 1", e.Message);
    }

    [Fact]
    public void LogProbDerivativesMatchFiniteDifferences()
    {
        (ContinuousDistribution D, double[] At)[] cases =
        [
            (new Normal(0.4, 1.7), [-3.0, 0.0, 2.5]),
            (new Laplace(-0.2, 0.8), [-3.0, 0.5, 2.5]),
            (new StudentT(3.5, 0.3, 1.4), [-6.0, 0.0, 0.9, 12.0]),
        ];
        const double h = 1e-6;
        foreach (var (d, at) in cases)
            foreach (double x in at)
            {
                double numeric = (d.LogProb(x + h) - d.LogProb(x - h)) / (2 * h);
                double analytic = ((IDifferentiableLogDensity)d).LogProbDerivative(x);
                Assert.True(Math.Abs(numeric - analytic) <= 1e-7 * Math.Max(1, Math.Abs(analytic)), $"{d} at {x}: {analytic} vs {numeric}");
            }
    }
}
