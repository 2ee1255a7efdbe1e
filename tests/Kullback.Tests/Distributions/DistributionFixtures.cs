using System.Text.Json;
using Kullback.Cli.Kl;
using Kullback.Distributions;
using Kullback.Tests.Support;

namespace Kullback.Tests.Distributions;

/// <summary>Reads the reference values made by Fixtures/Distributions/make_fixtures.py (torch 1.13, SciPy 1.10, mpmath).</summary>
public static class DistributionFixtures
{
    public static JsonElement Load(string file)
    {
        using var stream = File.OpenRead(TestPaths.Fixture(Path.Combine("Distributions", file)));
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.Clone();
    }

    public static double Number(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String when e.GetString() == "Infinity" => double.PositiveInfinity,
        JsonValueKind.String when e.GetString() == "-Infinity" => double.NegativeInfinity,
        JsonValueKind.String when e.GetString() == "NaN" => double.NaN,
        _ => throw new FormatException($"not a number: {e}"),
    };

    /// <summary>(spec P, spec Q, D(P‖Q)) rows of a KL fixture file.</summary>
    public static IEnumerable<object[]> KlPairs(string file) =>
        Load(file).GetProperty("pairs").EnumerateArray()
            .Select(p => new object[] { p.GetProperty("p").GetString()!, p.GetProperty("q").GetString()!, Number(p.GetProperty("kl")) });

    public static Distribution Make(string spec) => DistributionSpec.Parse(spec);

    /// <summary>|actual − expected| ≤ relative · |expected|, with +∞ and NaN required to match exactly.</summary>
    public static void AssertRelative(double expected, double actual, double relative, string what)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected))
        {
            Assert.True(expected.Equals(actual), $"{what}: expected {expected}, got {actual}");
            return;
        }
        double error = Math.Abs(actual - expected);
        Assert.True(error <= relative * Math.Abs(expected),
            $"{what}: expected {expected:R}, got {actual:R}, relative error {error / Math.Abs(expected):E2} > {relative:E0}");
    }
}
