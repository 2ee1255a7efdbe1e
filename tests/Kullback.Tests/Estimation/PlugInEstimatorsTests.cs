using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Estimation;
using Kullback.Tests.Support;

namespace Kullback.Tests.Estimation;

public class PlugInEstimatorsTests
{
    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Fixture().GetProperty("cases").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    private static JsonElement Fixture() =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Estimation/plugin.json"))).RootElement;

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesScipyStatsEntropyOnTheSameCounts(int index)
    {
        var c = Fixture().GetProperty("cases")[index];
        var p = JsonOut.ReadNumberArray(c.GetProperty("counts_p"), "counts_p");
        var q = JsonOut.ReadNumberArray(c.GetProperty("counts_q"), "counts_q");
        double alpha = c.GetProperty("alpha").GetDouble();
        AssertClose(JsonOut.ReadNumber(c.GetProperty("entropy_p"), "h"), PlugInEstimators.Entropy(p, alpha));
        AssertClose(JsonOut.ReadNumber(c.GetProperty("entropy_p_miller_madow"), "hmm"), PlugInEstimators.Entropy(p, alpha, millerMadow: true));
        AssertClose(JsonOut.ReadNumber(c.GetProperty("kl"), "kl"), PlugInEstimators.KullbackLeibler(p, q, alpha));
        AssertClose(JsonOut.ReadNumber(c.GetProperty("js"), "js"), PlugInEstimators.JensenShannon(p, q, alpha));
        AssertClose(JsonOut.ReadNumber(c.GetProperty("psi"), "psi"), PlugInEstimators.PopulationStabilityIndex(p, q, alpha));
    }

    private static void AssertClose(double expected, double actual)
    {
        if (double.IsInfinity(expected)) Assert.Equal(expected, actual);
        else Assert.True(Math.Abs(actual - expected) <= 1e-13 * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
    }

    [Fact]
    public void UnseenCategoryInQIsInfiniteUnlessSmoothed()
    {
        double[] p = [7, 3, 2], q = [5, 5, 0];
        Assert.Equal(2, PlugInEstimators.FirstUnsupportedCategory(p, q));
        Assert.Equal(double.PositiveInfinity, PlugInEstimators.KullbackLeibler(p, q));
        Assert.True(double.IsFinite(PlugInEstimators.KullbackLeibler(p, q, PlugInEstimators.Laplace)));
        Assert.Equal(-1, PlugInEstimators.FirstUnsupportedCategory(q, p));
    }

    [Fact]
    public void BadCountsAreErrorsNamingTheIndex()
    {
        var e = Assert.Throws<ArgumentException>(() => PlugInEstimators.Entropy([1, -2, 3]));
        Assert.Contains("counts[1] = -2", e.Message);
        Assert.Throws<ArgumentException>(() => PlugInEstimators.KullbackLeibler([1, 2], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => PlugInEstimators.Entropy([0, 0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlugInEstimators.Entropy([1, 2], alpha: -1));
    }
}
