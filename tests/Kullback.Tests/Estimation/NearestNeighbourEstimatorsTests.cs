using Kullback.Estimation;
using MathNet.Numerics.Distributions;

namespace Kullback.Tests.Estimation;

/// <summary>
/// kNN estimates on seeded Gaussian samples against closed forms. Tolerances come from the sample size: each estimator
/// is a mean of n nearly independent summands whose variance is Var(log density term) + ψ′(k) per k-NN distance
/// (log of a Gamma(k) variable), so its standard error is √(that / n); we accept 4 standard errors.
/// </summary>
public class NearestNeighbourEstimatorsTests
{
    /// <summary>ψ′(k) = π²/6 − Σ_{j&lt;k} 1/j² for integer k ≥ 1: the variance of log of a Gamma(k, 1) variable.</summary>
    private static double TriGamma(int k) => Math.PI * Math.PI / 6 - Enumerable.Range(1, k - 1).Sum(j => 1.0 / ((double)j * j));

    private static double[] Gaussian(int n, int d, double mean, double sd, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n * d];
        Normal.Samples(rng, x, mean, sd);
        return x;
    }

    [Theory]
    [InlineData(1, 2_000, 3)]
    [InlineData(1, 50_000, 3)]
    [InlineData(2, 2_000, 3)]
    [InlineData(2, 50_000, 3)]
    [InlineData(3, 20_000, 4)]
    public void KozachenkoLeonenkoConvergesToGaussianEntropy(int d, int n, int k)
    {
        const double sd = 1.7;
        var x = Gaussian(n, d, 0, sd, 100 + d + n);
        double exact = 0.5 * d * Math.Log(2 * Math.PI * Math.E * sd * sd); // H = ½ log((2πe)^d |Σ|)
        double se = Math.Sqrt((0.5 * d + TriGamma(k)) / n); // Var log f(X) = d/2 for a Gaussian
        double h = NearestNeighbourEstimators.Entropy(x, d, k);
        Assert.True(Math.Abs(h - exact) <= 4 * se, $"Ĥ = {h}, H = {exact}, |error| {Math.Abs(h - exact)} > 4·SE = {4 * se}");
    }

    [Theory]
    [InlineData(1, 5_000, 3)]
    [InlineData(1, 50_000, 3)]
    [InlineData(2, 20_000, 3)]
    [InlineData(3, 20_000, 3)]
    public void WangKulkarniVerduConvergesToGaussianKl(int d, int n, int k)
    {
        const double mu = 0.8, s = 1.5; // P = N(0, I), Q = N(μ·1, s²I)
        var p = Gaussian(n, d, 0, 1, 7 + d + n);
        var q = Gaussian(n, d, mu, s, 9000 + d + n);
        // D(P‖Q) = ½ [d/s² + d·μ²/s² − d + 2d·log s]
        double exact = 0.5 * (d / (s * s) + d * mu * mu / (s * s) - d + 2 * d * Math.Log(s));
        // log p(x) − log q(x) = a|x|² − x·μ/s² + const with a = 1/(2s²) − ½: variance 2d·a² + d·μ²/s⁴ under P.
        double a = 1 / (2 * s * s) - 0.5;
        double variance = 2 * d * a * a + d * mu * mu / Math.Pow(s, 4) + 2 * TriGamma(k);
        double se = Math.Sqrt(variance / n);
        double kl = NearestNeighbourEstimators.KullbackLeibler(p, q, d, k);
        Assert.True(Math.Abs(kl - exact) <= 4 * se, $"D̂ = {kl}, D = {exact}, |error| {Math.Abs(kl - exact)} > 4·SE = {4 * se}");
    }

    [Fact]
    public void CombinedCompareEqualsTheSeparateEstimators()
    {
        var p = Gaussian(700, 3, 0, 1, 1);
        var q = Gaussian(500, 3, 0.2, 1.3, 2);
        var (hp, hq, dpq, dqp) = NearestNeighbourEstimators.Compare(p, q, 3, 2);
        Assert.Equal(NearestNeighbourEstimators.Entropy(p, 3, 2), hp, 1e-12);
        Assert.Equal(NearestNeighbourEstimators.Entropy(q, 3, 2), hq, 1e-12);
        Assert.Equal(NearestNeighbourEstimators.KullbackLeibler(p, q, 3, 2), dpq, 1e-12);
        Assert.Equal(NearestNeighbourEstimators.KullbackLeibler(q, p, 3, 2), dqp, 1e-12);
    }

    [Fact]
    public void RepeatedPointsAreAClearError()
    {
        double[] x = [1, 1, 1, 2, 3];
        var e = Assert.Throws<ArgumentException>(() => NearestNeighbourEstimators.Entropy(x, 1, 1));
        Assert.Contains("distance 0", e.Message);
    }

    [Fact]
    public void UnitBallVolumesAreTheKnownOnes()
    {
        Assert.Equal(Math.Log(2), NearestNeighbourEstimators.LogUnitBallVolume(1), 1e-14);
        Assert.Equal(Math.Log(Math.PI), NearestNeighbourEstimators.LogUnitBallVolume(2), 1e-14);
        Assert.Equal(Math.Log(4 * Math.PI / 3), NearestNeighbourEstimators.LogUnitBallVolume(3), 1e-14);
    }

    [Fact]
    public void DistancesThatOverflowAreAnErrorNotNaN()
    {
        // Issue 10, item 8: ±1e308 values gave kl "NaN" and entropy "Infinity" with exit 0.
        double[] p = [-1e308, 1e308, 1e308 * 0.5];
        double[] q = [0.0, 1.0, 2.0];
        var e = Assert.Throws<ArgumentException>(() => NearestNeighbourEstimators.Compare(p, q, 1, k: 1));
        Assert.Contains("overflows a double (values near ±1.8e308); rescale the data", e.Message);
        Assert.Throws<ArgumentException>(() => NearestNeighbourEstimators.Entropy(p, 1, k: 1));
    }
}
