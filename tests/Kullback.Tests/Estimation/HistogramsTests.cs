using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Estimation;
using Kullback.Tests.Support;

namespace Kullback.Tests.Estimation;

public class HistogramsTests
{
    [Theory]
    [InlineData(0, BinningRule.FreedmanDiaconis)]
    [InlineData(1, BinningRule.Sturges)]
    public void EdgesAndCountsMatchNumpy(int index, BinningRule rule)
    {
        var c = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Estimation/histogram.json"))).RootElement.GetProperty("cases")[index];
        var a = JsonOut.ReadNumberArray(c.GetProperty("a"), "a");
        var b = JsonOut.ReadNumberArray(c.GetProperty("b"), "b");
        var expected = JsonOut.ReadNumberArray(c.GetProperty("edges"), "edges");
        var edges = Histograms.Edges(a, b, rule);
        Assert.Equal(expected.Length, edges.Length);
        for (int i = 0; i < edges.Length; i++) Assert.True(Math.Abs(edges[i] - expected[i]) <= 1e-12, $"edge {i}: {edges[i]:R} vs {expected[i]:R}");
        Assert.Equal(JsonOut.ReadNumberArray(c.GetProperty("counts_a"), "ca"), Histograms.Counts(a, edges));
        Assert.Equal(JsonOut.ReadNumberArray(c.GetProperty("counts_b"), "cb"), Histograms.Counts(b, edges));
    }

    [Fact]
    public void HistogramEntropyOfUniformSampleIsLogOfItsRange()
    {
        // Equal counts over [0, 4] in 4 bins: density ¼, so h = log 4 exactly.
        Assert.Equal(Math.Log(4), Histograms.DifferentialEntropy([5, 5, 5, 5], [0, 1, 2, 3, 4]), 1e-14);
    }

    [Fact]
    public void ValuesOutsideGivenEdgesAndBadEdgesAreErrors()
    {
        var e = Assert.Throws<ArgumentException>(() => Histograms.Counts([0.5, 7], [0, 1, 2]));
        Assert.Contains("x[1] = 7", e.Message);
        Assert.Throws<ArgumentException>(() => Histograms.Counts([0.5], [0, 2, 1]));
        Assert.Equal([1, 0, 2], Histograms.Counts([0, 2, 3], [0, 1, 2, 3]));
    }
}
