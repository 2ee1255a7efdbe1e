using System.Text.Json;
using Kullback.Distributions;
using static Kullback.Tests.Distributions.DistributionFixtures;

namespace Kullback.Tests.Distributions;

/// <summary>Samplers: the sample mean lies within 4.5 standard errors √(Var/n) of the (torch-checked) mean; the generator decides the draws.</summary>
public class SamplingTests
{
    public static IEnumerable<object[]> Specs() =>
        Load("properties.json").GetProperty("distributions").EnumerateArray().Select(e => new object[] { e.GetProperty("spec").GetString()! });

    public static IEnumerable<object[]> ParitySpecs() =>
        Load("properties_parity.json").GetProperty("distributions").EnumerateArray().Select(e => new object[] { e.GetProperty("spec").GetString()! });

    [Theory]
    [MemberData(nameof(Specs))]
    [MemberData(nameof(ParitySpecs))]
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
    public void CauchyQuartilesAreLocMinusAndPlusScale()
    {
        // The Cauchy mean does not exist, so check the CDF instead: F(x₀ − γ) = ¼, F(x₀) = ½, F(x₀ + γ) = ¾; binomial SE √(pq/n).
        const int n = 100_000;
        var d = new Cauchy(1.5, 0.7);
        var rng = new Random(3);
        int below1 = 0, below2 = 0, below3 = 0;
        for (int i = 0; i < n; i++)
        {
            double x = d.Sample(rng);
            if (x < 0.8) below1++;
            if (x < 1.5) below2++;
            if (x < 2.2) below3++;
        }
        foreach (var (count, p) in new[] { (below1, 0.25), (below2, 0.5), (below3, 0.75) })
            Assert.True(Math.Abs((double)count / n - p) <= 4.5 * Math.Sqrt(p * (1 - p) / n), $"Cauchy: F = {(double)count / n} where {p} is expected");
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
