using System.Text.Json;
using Kullback.Distributions;
using static Kullback.Tests.Distributions.DistributionFixtures;

namespace Kullback.Tests.Distributions;

/// <summary>Every registered closed form, entropy, moment and log-density against torch.distributions / SciPy (fixtures).</summary>
public class TorchAgreementTests
{
    private const double Relative = 1e-9;

    public static IEnumerable<object[]> TorchKl() => KlPairs("kl.json");
    public static IEnumerable<object[]> ExactBinomialKl() => KlPairs("binomial_kl.json");

    public static IEnumerable<object[]> Properties() =>
        Load("properties.json").GetProperty("distributions").EnumerateArray().Select(e => new object[] { e.GetProperty("spec").GetString()! });

    private static JsonElement PropertiesOf(string spec) =>
        Load("properties.json").GetProperty("distributions").EnumerateArray().Single(e => e.GetProperty("spec").GetString() == spec);

    [Theory]
    [MemberData(nameof(TorchKl))]
    public void ClosedFormMatchesTorch(string p, string q, double expected) =>
        AssertRelative(expected, KlRegistry.Default.Divergence(Make(p), Make(q)), Relative, $"D({p}‖{q})");

    [Theory]
    [MemberData(nameof(ExactBinomialKl))]
    public void BinomialWithFewerTrialsMatchesExactSum(string p, string q, double expected) =>
        AssertRelative(expected, KlRegistry.Default.Divergence(Make(p), Make(q)), Relative, $"D({p}‖{q})");

    [Fact]
    public void EveryPairTorchRegistersAmongTheFamiliesIsRegisteredExactlyAndHasAFixture()
    {
        var torchPairs = Load("kl.json").GetProperty("torch_registered_pairs").EnumerateArray()
            .Select(p => (P: p[0].GetString()!, Q: p[1].GetString()!))
            .Append(("LogNormal", "LogNormal")) // torch: via TransformedDistribution with the same transform
            .ToList();
        Assert.Equal(67, torchPairs.Count);
        var registered = KlRegistry.Default.Rules.Select(r => (r.P.Name, r.Q.Name)).ToHashSet();
        var unregistered = torchPairs.Where(p => !registered.Contains(p)).ToList();
        Assert.True(unregistered.Count == 0, $"torch registers but Kullback does not: {string.Join(", ", unregistered)}");
        var withFixture = KlPairs("kl.json").Select(r => (Make((string)r[0]).Family, Make((string)r[1]).Family)).ToHashSet();
        var untested = torchPairs.Where(p => !withFixture.Contains(p)).ToList();
        Assert.True(untested.Count == 0, $"no torch fixture for: {string.Join(", ", untested)}");
    }

    [Theory]
    [MemberData(nameof(Properties))]
    public void EntropyMomentsAndLogProbMatchReference(string spec)
    {
        var expected = PropertiesOf(spec);
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
                for (int i = 0; i < mean.Length; i++)
                {
                    AssertRelative(mean[i], m.Mean[i], Relative, $"mean[{i}] of {spec}");
                    AssertRelative(variance[i], m.Variance[i], Relative, $"variance[{i}] of {spec}");
                }
                break;
        }
        foreach (var point in expected.GetProperty("log_prob").EnumerateArray())
        {
            var x = point.GetProperty("x");
            double[] at = x.ValueKind == JsonValueKind.Array ? x.EnumerateArray().Select(Number).ToArray() : [x.GetDouble()];
            AssertRelative(Number(point.GetProperty("value")), d.LogProb(at), Relative, $"log p({string.Join(",", at)}) of {spec}");
        }
    }
}
