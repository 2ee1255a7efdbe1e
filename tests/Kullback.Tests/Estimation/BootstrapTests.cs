using Kullback.Estimation;

namespace Kullback.Tests.Estimation;

public class BootstrapTests
{
    [Fact]
    public void PercentileIntervalsCoverTheTrueEntropyAtAboutTheirNominalRate()
    {
        // 300 seeded experiments: draw n = 400 from a known categorical, take the 90 % percentile interval of the
        // Miller–Madow entropy with 300 resamples, count how often it holds the true H. The count is Binomial(300, 0.9)
        // when the interval is calibrated: accept within 3 standard deviations, √(0.9·0.1/300) ≈ 0.017 each.
        double[] probabilities = [0.5, 0.25, 0.15, 0.1];
        double exact = -probabilities.Sum(p => p * Math.Log(p));
        const int experiments = 300, n = 400, resamples = 300;
        const double level = 0.9;
        var rng = new Random(2026);
        int covered = 0;
        for (int e = 0; e < experiments; e++)
        {
            var sample = new int[n];
            for (int i = 0; i < n; i++)
            {
                double u = rng.NextDouble(), c = 0;
                int cat = 0;
                while (cat < probabilities.Length - 1 && u >= (c += probabilities[cat])) cat++;
                sample[i] = cat;
            }
            var ci = Bootstrap.Percentile(n, 0, (ia, _) =>
            {
                var counts = new double[probabilities.Length];
                foreach (var i in ia) counts[sample[i]]++;
                return PlugInEstimators.Entropy(counts, millerMadow: true);
            }, resamples, level, seed: e);
            if (ci.Lower <= exact && exact <= ci.Upper) covered++;
        }
        double rate = covered / (double)experiments;
        double sd = Math.Sqrt(level * (1 - level) / experiments);
        Assert.True(Math.Abs(rate - level) <= 3 * sd, $"coverage {rate} vs nominal {level} (±{3 * sd})");
    }

    [Fact]
    public void SameSeedSameIntervalAndEstimateIsTheFullSampleStatistic()
    {
        double[] x = [1, 4, 2, 8, 5, 7, 3, 9];
        Func<int[], int[], double> mean = (ia, _) => ia.Average(i => x[i]);
        var a = Bootstrap.Percentile(x.Length, 0, mean, 200, 0.95, seed: 5);
        var b = Bootstrap.Percentile(x.Length, 0, mean, 200, 0.95, seed: 5);
        Assert.Equal(a, b);
        Assert.Equal(x.Average(), a.Estimate);
        Assert.True(a.Lower < a.Estimate && a.Estimate < a.Upper);
    }

    [Fact]
    public void TheIntervalIsTheSameBitsOnAnyThreadCount()
    {
        double[] x = [1, 4, 2, 8, 5, 7, 3, 9, 6, 0.5, 11, 2.25];
        double[] y = [3, 1, 4, 1, 5, 9, 2, 6];
        Func<int[], int[], double> diff = (ia, ib) => ia.Average(i => x[i]) - ib.Average(i => y[i]) + ia.Sum(i => x[i] * x[i]) * 1e-3;
        var one = Bootstrap.Percentile(x.Length, y.Length, diff, 301, 0.9, seed: 11, threads: 1);
        foreach (int t in new[] { 2, 3, 7, -1 })
        {
            var other = Bootstrap.Percentile(x.Length, y.Length, diff, 301, 0.9, seed: 11, threads: t);
            Assert.Equal(BitConverter.DoubleToInt64Bits(one.Lower), BitConverter.DoubleToInt64Bits(other.Lower));
            Assert.Equal(BitConverter.DoubleToInt64Bits(one.Upper), BitConverter.DoubleToInt64Bits(other.Upper));
            Assert.Equal(one, other);
        }
        Assert.NotEqual(one, Bootstrap.Percentile(x.Length, y.Length, diff, 301, 0.9, seed: 12, threads: 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void AThreadCountOutsideTheConventionIsNamedBeforeAnyWork(int threads)
    {
        int calls = 0;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Bootstrap.Percentile(4, 0, (_, _) => ++calls, 10, threads: threads));
        Assert.Equal("threads", e.ParamName);
        Assert.Contains($"threads = {threads}", e.Message);
        Assert.Equal(0, calls);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 2.5)]
    [InlineData(0.1, 1.3)]
    [InlineData(1.0, 4.0)]
    public void QuantileInterpolatesLinearlyLikeNumpy(double q, double expected)
    {
        // numpy.quantile([1, 2, 3, 4], q) = 1 + 3q
        Assert.Equal(expected, Bootstrap.Quantile([1, 2, 3, 4], q), 1e-14);
    }

    [Theory]
    [InlineData(0.5, 2.5)]
    [InlineData(0.7, double.PositiveInfinity)] // h = 2.1, t = 0.1: between 3 and +∞
    [InlineData(0.9, double.PositiveInfinity)] // h = 2.7: numpy's lerp from the upper end gives ∞ − ∞ = NaN
    [InlineData(1.0, double.PositiveInfinity)]
    public void QuantileAtOrAboveTheFirstInfinityIsInfinite(double q, double expected)
    {
        // Issue 10, item 2: compare --logits printed NaN percentiles when some KL values were +∞.
        Assert.Equal(expected, Bootstrap.Quantile([1, 2, 3, double.PositiveInfinity], q));
        Assert.Equal(double.NegativeInfinity, Bootstrap.Quantile([double.NegativeInfinity, 1, 2], 0.25));
    }
}
