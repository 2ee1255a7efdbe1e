using System.Globalization;
using System.Text.Json;
using Kullback.Kernels;
using Kullback.Losses;
using Kullback.Tests.Support;

namespace Kullback.Tests.Kernels;

/// <summary>The one log1p / softplus / sigmoid / x·log y against mpmath at 60 digits (Fixtures/Kernels/elementary.json).</summary>
public sealed class ElementaryTests
{
    private static readonly JsonElement Fixture =
        JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Kernels/elementary.json"))).RootElement;

    private static double D(JsonElement e) => double.Parse(e.GetString()!, CultureInfo.InvariantCulture);

    private static void Close(double expected, double actual, double ulps, string what)
    {
        if (expected == 0) { Assert.True(actual == 0, $"{what}: {actual}, expected 0"); return; }
        double relative = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(relative <= ulps * 1.1102230246251565e-16, $"{what}: {actual:R}, expected {expected:R} (relative {relative:E2})");
    }

    [Fact]
    public void Log1PIsAccurateFromTinyToHuge()
    {
        foreach (var row in Fixture.GetProperty("log1p").EnumerateArray())
        {
            double x = D(row[0]), expected = D(row[1]);
            Close(expected, Elementary.Log1P(x), 4, $"log1p({x:R})");
        }
    }

    [Fact]
    public void SoftplusKeepsItsTailsAtPlusMinusAThousand()
    {
        foreach (var row in Fixture.GetProperty("softplus").EnumerateArray())
        {
            double x = D(row[0]), expected = D(row[1]);
            Close(expected, Elementary.Softplus(x), 4, $"softplus({x:R})");
            
        }
        // The old Math.Log(1 + e^−|x|) returned 0 here.
        Assert.True(Elementary.Softplus(-40) > 4e-18);
        Assert.Equal(double.PositiveInfinity, Elementary.Softplus(double.PositiveInfinity));
        Assert.Equal(0.0, Elementary.Softplus(double.NegativeInfinity));
    }

    [Fact]
    public void SigmoidIsAccurateOnBothSides()
    {
        foreach (var row in Fixture.GetProperty("sigmoid").EnumerateArray())
        {
            double x = D(row[0]), expected = D(row[1]);
            Close(expected, Elementary.Sigmoid(x), 4, $"sigmoid({x:R})");
            
        }
    }

    [Fact]
    public void XLogYHasZeroTimesLogZeroEqualToZero()
    {
        foreach (var row in Fixture.GetProperty("xlogy").EnumerateArray())
        {
            double x = D(row[0]), y = D(row[1]), expected = D(row[2]);
            Close(expected, Elementary.XLogY(x, y), 4, $"xlogy({x:R}, {y:R})");
            if (x == y) Assert.Equal(Elementary.XLogY(x, y), Elementary.XLogX(x));
        }
    }
}
