using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Tests.Support;

namespace Kullback.Tests.Cli.Compare;

/// <summary>
/// Histograms of finite samples whose range overflows (values x·2^1023 with |x| &lt; 2, so max − min &gt; 1.8e308; issue 10,
/// item 13: the edges were NaN and compare failed with "edges[0] = NaN … (Parameter 'edges')"). The reference is numpy and
/// SciPy on x with the exact power-of-two scaling (make_extreme_histogram_fixtures.py): edges × 2^1023, the same counts, KL,
/// JS and PSI, and differential entropies + 1023·ln 2.
/// </summary>
public class CompareExtremeValuesTests
{
    private static string F(string name) => TestPaths.Fixture(Path.Combine("Compare", name));

    private static JsonElement Reference() => JsonDocument.Parse(File.ReadAllText(F("extreme_histogram_reference.json"))).RootElement;

    private static void Close(double want, double got, double relative, string what) =>
        Assert.True(Math.Abs(got - want) <= relative * Math.Abs(want) + 1e-300, $"{what}: got {got:R}, reference {want:R}");

    [Theory]
    [InlineData("fd_jeffreys", new[] { "--smoothing", "jeffreys" })]
    [InlineData("sturges_jeffreys", new[] { "--bins", "sturges", "--smoothing", "jeffreys" })]
    [InlineData("one_bin", new[] { "--bins", "1" })]
    public void RangeBeyondTheLargestDoubleGivesNumpysHistogramScaled(string section, string[] options)
    {
        var root = Reference();
        var expected = root.GetProperty(section);
        int scale = root.GetProperty("scale_log2").GetInt32();
        var (code, output, error) = KullbackCli.Run(["compare", F("extreme_a.csv"), F("extreme_b.csv"), "--method", "histogram", "--json", .. options]);
        Assert.True(code == ExitCodes.Success, error);
        var r = JsonDocument.Parse(output).RootElement;
        var edges = r.GetProperty("edges").EnumerateArray().Select(e => JsonOut.ReadNumber(e, "edge")).ToArray();
        var want = expected.GetProperty("edges_unscaled").EnumerateArray().Select(e => Math.ScaleB(e.GetDouble(), scale)).ToArray();
        Assert.Equal(want.Length, edges.Length);
        double largest = want.Max(Math.Abs); // an edge near 0 is the difference of two large terms: within ulps of the largest
        for (int i = 0; i < want.Length; i++)
        {
            Assert.True(double.IsFinite(edges[i]), $"edges[{i}] = {edges[i]}");
            Assert.True(Math.Abs(edges[i] - want[i]) <= 1e-15 * largest, $"edges[{i}]: got {edges[i]:R}, reference {want[i]:R}");
        }
        Assert.Equal(want[0], edges[0]);
        Assert.Equal(want[^1], edges[^1]);
        foreach (var key in new[] { "kl", "reverse_kl", "js", "psi" })
            Close(expected.GetProperty(key).GetDouble(), JsonOut.ReadNumber(r.GetProperty(key), key), 1e-12, key);
        double shift = scale * Math.Log(2);
        foreach (var side in new[] { "a", "b" })
            Close(expected.GetProperty($"entropy_{side}_unscaled").GetDouble() + shift, JsonOut.ReadNumber(r.GetProperty($"entropy_{side}"), side), 1e-13, $"entropy_{side}");
        Assert.DoesNotContain("NaN", output);
    }

    [Fact]
    public void TheReportDrawsTheOverflowingRange()
    {
        string dir = Path.Combine(Path.GetTempPath(), "kullback-extreme-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, _, error) = KullbackCli.Run("compare", F("extreme_a.csv"), F("extreme_b.csv"), "--report", dir);
            Assert.True(code == ExitCodes.Success, error);
            Assert.True(new FileInfo(Path.Combine(dir, "histogram.png")).Length > 1000);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
