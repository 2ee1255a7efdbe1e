using System.Text.Json;
using Kullback.Distributions;
using static Kullback.Tests.Distributions.DistributionFixtures;

namespace Kullback.Tests.Distributions;

/// <summary>Samplers: the sample mean lies within 4.5 standard errors √(Var/n) of the (torch-checked) mean; the generator decides the draws.</summary>
public class SamplingTests
{
    public static IEnumerable<object[]> Specs() =>
        Load("properties.json").GetProperty("distributions").EnumerateArray().Select(e => new object[] { e.GetProperty("spec").GetString()! });

    [Theory]
    [MemberData(nameof(Specs))]
    public void SampleMeanMatchesMean(string spec)
    {
        const int n = 100_000;
        var d = Make(spec);
        var rng = new Random(spec.Length);
        var sum = new double[d.EventSize];
        var x = new double[d.EventSize];
        for (int i = 0; i < n; i++)
        {
            d.Sample(rng, x);
            Assert.True(d.LogProb(x) > double.NegativeInfinity, $"{spec} drew {string.Join(",", x)} outside its support");
            for (int j = 0; j < x.Length; j++) sum[j] += x[j];
        }
        double[] mean = d is UnivariateDistribution u ? [u.Mean] : ((MultivariateDistribution)d).Mean.ToArray();
        double[] variance = d is UnivariateDistribution v ? [v.Variance] : ((MultivariateDistribution)d).Variance.ToArray();
        for (int j = 0; j < mean.Length; j++)
        {
            if (!double.IsFinite(variance[j])) continue; // heavy tails (StudentT ν ≤ 2): no CLT error bar
            double se = Math.Sqrt(variance[j] / n);
            Assert.True(Math.Abs(sum[j] / n - mean[j]) <= 4.5 * se, $"{spec}: sample mean[{j}] {sum[j] / n} vs {mean[j]} ± {se}");
        }
    }

    [Fact]
    public void SameSeedSameDraws()
    {
        var d = new Gamma(2.5, 1.5);
        var rngA = new Random(42);
        var rngB = new Random(42);
        for (int i = 0; i < 5; i++) Assert.Equal(d.Sample(rngA), d.Sample(rngB));
    }
}
