using System.Text.Json;
using Kullback.Distributions;
using static Kullback.Tests.Distributions.DistributionFixtures;

namespace Kullback.Tests.Distributions;

/// <summary>
/// The families and pairs added for torch parity (Cauchy, ContinuousBernoulli, Chi2, OneHotCategorical, LowRankMultivariateNormal,
/// logits) against torch 1.13 float64 on torch's own TestKL cases (Fixtures/Distributions/make_parity_fixtures.py), and
/// Normal‖Laplace / Laplace‖Normal against mpmath quadrature.
/// </summary>
public class TorchParityTests
{
    private const double Relative = 1e-12;

    public static IEnumerable<object[]> TorchKl() => KlPairs("kl_parity.json");
    public static IEnumerable<object[]> TorchTestKlForEarlierPairs() => KlPairs("kl_testkl.json");
    public static IEnumerable<object[]> QuadratureKl() => KlPairs("quadrature_kl.json");

    public static IEnumerable<object[]> Properties() =>
        Load("properties_parity.json").GetProperty("distributions").EnumerateArray().Select(e => new object[] { e.GetProperty("spec").GetString()! });

    [Theory]
    [MemberData(nameof(TorchKl))]
    public void ClosedFormMatchesTorchOnItsTestKlCases(string p, string q, double expected) =>
        AssertRelative(expected, KlRegistry.Default.Divergence(Make(p), Make(q)), Relative, $"D({p}‖{q})");

    [Theory]
    [MemberData(nameof(TorchTestKlForEarlierPairs))]
    public void EarlierClosedFormsMatchTorchOnItsTestKlCases(string p, string q, double expected) =>
        AssertRelative(expected, KlRegistry.Default.Divergence(Make(p), Make(q)), Relative, $"D({p}‖{q})");

    [Theory]
    [MemberData(nameof(QuadratureKl))]
    public void NormalAndLaplaceMatchQuadrature(string p, string q, double expected) =>
        AssertRelative(expected, KlRegistry.Default.Divergence(Make(p), Make(q)), Relative, $"D({p}‖{q})");

    [Fact]
    public void EveryPairTorchRegistersWithANewFamilyIsRegisteredExactlyAndHasAFixture()
    {
        var torchPairs = Load("kl_parity.json").GetProperty("torch_registered_pairs").EnumerateArray()
            .Select(p => (P: p[0].GetString()!, Q: p[1].GetString()!)).ToList();
        Assert.Equal(18, torchPairs.Count);
        var registered = KlRegistry.Default.Rules.Select(r => (r.P.Name, r.Q.Name)).ToHashSet();
        var unregistered = torchPairs.Where(p => !registered.Contains(p)).ToList();
        Assert.True(unregistered.Count == 0, $"torch registers but Kullback does not: {string.Join(", ", unregistered)}");
        var withFixture = KlPairs("kl_parity.json").Select(r => (Make((string)r[0]).GetType().Name, Make((string)r[1]).GetType().Name)).ToHashSet();
        var untested = torchPairs.Where(p => !withFixture.Contains(p)).ToList();
        Assert.True(untested.Count == 0, $"no torch fixture for: {string.Join(", ", untested)}");
    }

    [Fact]
    public void Chi2ReachesTheGammaFormsAsInTorch()
    {
        var rule = KlRegistry.Default.Resolve(typeof(Chi2), typeof(Exponential));
        Assert.NotNull(rule);
        Assert.Equal((typeof(Gamma), typeof(Exponential)), (rule.P, rule.Q));
        Assert.Equal(KlRegistry.Default.Divergence(new Gamma(1.5, 0.5), new Normal(0, 2)), KlRegistry.Default.Divergence(new Chi2(3), new Normal(0, 2)));
    }

    [Theory]
    [MemberData(nameof(Properties))]
    public void EntropyMomentsAndLogProbMatchTorch(string spec)
    {
        var expected = Load("properties_parity.json").GetProperty("distributions").EnumerateArray().Single(e => e.GetProperty("spec").GetString() == spec);
        var d = Make(spec);
        AssertRelative(Number(expected.GetProperty("entropy")), d.Entropy(), Relative, $"H({spec})");
        switch (d)
        {
            case UnivariateDistribution u:
                AssertRelative(Number(expected.GetProperty("mean")), u.Mean, Relative, $"mean of {spec}");
                AssertRelative(Number(expected.GetProperty("variance")), u.Variance, Relative, $"variance of {spec}");
                break;
            case MultivariateDistribution m:
                var mean = expected.GetProperty("mean").EnumerateArray().Select(Number).ToArray();
                var variance = expected.GetProperty("variance").EnumerateArray().Select(Number).ToArray();
                Assert.Equal(mean.Length, m.EventSize);
                for (int i = 0; i < mean.Length; i++)
                {
                    AssertRelative(mean[i], m.Mean[i], Relative, $"mean[{i}] of {spec}");
                    AssertRelative(variance[i], m.Variance[i], Relative, $"variance[{i}] of {spec}");
                }
                break;
        }
        foreach (var point in expected.GetProperty("log_prob").EnumerateArray())
        {
            double[] at = point.GetProperty("x").EnumerateArray().Select(Number).ToArray();
            double value = Number(point.GetProperty("value")), actual = d.LogProb(at);
            // log p near 0 is a difference of O(1) terms, so torch's float64 value is itself only good to an absolute ulp
            // or so there: at ContinuousBernoulli(0.5002), x = 0.5 it is 1.6e-16 from mpmath's −2.66666693688833e-8 (ours
            // 6e-17 since the accurate log1p). Relative 1e-12, or 2.3e-16 absolute (one ulp of 1).
            if (Math.Abs(actual - value) > 2.3e-16)
                AssertRelative(value, actual, Relative, $"log p({string.Join(",", at)}) of {spec}");
        }
    }
}
