using Kullback.Distributions;
using static Kullback.Tests.Distributions.DistributionFixtures;

namespace Kullback.Tests.Distributions;

/// <summary>
/// log Γ and ψ against mpmath (Fixtures/Distributions/gamma_functions.json, make_gamma_series.py) to about an ulp: within
/// 4e-16 relative or 2.3e-16 absolute (log Γ and ψ pass through 0 at 1, 2 and 1.4616…, where only an absolute bound is
/// meaningful). Math.NET's GammaLn/DiGamma, used before, were up to 4e-14 off (issue 10, item 9).
/// </summary>
public class GammaFunctionsTests
{
    public static IEnumerable<object[]> Points() =>
        Load("gamma_functions.json").GetProperty("points").EnumerateArray()
            .Select(p => new object[] { p.GetProperty("x").GetDouble(), Number(p.GetProperty("log_gamma")), Number(p.GetProperty("digamma")) });

    [Theory]
    [MemberData(nameof(Points))]
    public void LogGammaAndDigammaMatchMpmath(double x, double logGamma, double digamma)
    {
        AssertClose(logGamma, GammaFunctions.LogGamma(x), $"log Γ({x:R})");
        AssertClose(digamma, GammaFunctions.Digamma(x), $"ψ({x:R})");
    }

    // Exact values: ψ(b + 1) − ψ(b) = 1/b; ψ(4.5) − ψ(3.5) = 1/3.5; ψ(1 + 3.5) − ψ(1) from mpmath.digamma(4.5) − mpmath.digamma(1);
    // 1.5040... below is mpmath.digamma(4.5) − mpmath.digamma(1)); ψ(2 + 1e-20) − ψ(2) = 1e-20 ψ′(2) = 1e-20 (π²/6 − 1).
    [Theory]
    [InlineData(3.5, 1.0, 1 / 3.5)]
    [InlineData(1.0, 3.5, 1.9660865912610617)]
    [InlineData(1e16, 1.0, 1e-16)]
    [InlineData(2.0, 1e-20, 6.449340668482264e-21)]
    public void DigammaIncrementKeepsItsDigitsWhereBPlusARoundsToB(double b, double a, double expected)
    {
        double increment = GammaFunctions.DigammaIncrement(b, a);
        Assert.True(Math.Abs(increment - expected) <= 4e-16 * expected, $"ψ({b} + {a}) − ψ({b}) = {increment:R}, exact {expected:R}");
    }

    [Fact]
    public void LogGammaAtOneAndTwoIsExactlyZero()
    {
        Assert.Equal(0.0, GammaFunctions.LogGamma(1));
        Assert.Equal(0.0, GammaFunctions.LogGamma(2));
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= Math.Max(4e-16 * Math.Abs(expected), 2.3e-16),
            $"{what}: {actual:R} vs mpmath {expected:R} ({Math.Abs(actual - expected):E2} off)");
}
