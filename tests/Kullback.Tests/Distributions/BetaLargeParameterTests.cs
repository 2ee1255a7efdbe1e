using Kullback.Distributions;

namespace Kullback.Tests.Distributions;

/// <summary>
/// Beta with large concentrations (issue 10, item 9): H(Beta) and D(Beta‖N(0,1)) to 1e-14 relative, where the
/// closed form's terms cancel (Beta(1e16, 1e16)‖N(0,1) was 1.0439; exact 19.0854). Expected values:
/// Fixtures/Distributions/make_beta_large.py (mpmath 1.2.1, 400 digits).
/// </summary>
public class BetaLargeParameterTests
{
    [Theory]
    [InlineData(50.0, 60.0, -1.6332875337801411, 2.6566486714074182)]
    [InlineData(100.0, 3000.0, -4.33721263920305, 5.256676497224898)]
    [InlineData(1e6, 2e6, -6.790161810721964, 7.764655936519217)]
    [InlineData(1e12, 1e12, -13.436292795599769, 14.480231328804505)]
    [InlineData(1e16, 1e16, -18.04146298158761, 19.085401514792284)]
    [InlineData(1e300, 1e300, -345.0085461867421, 346.0524847199468)]
    public void EntropyAndKlAgainstNormalMatchMpmath(double a, double b, double entropy, double klToStandardNormal)
    {
        var beta = new Beta(a, b);
        double h = beta.Entropy();
        Assert.True(Math.Abs(h - entropy) <= 1e-14 * Math.Abs(entropy), $"H: {h:R} vs mpmath {entropy:R}");
        double d = KlRegistry.Default.Divergence(beta, new Normal(0, 1));
        Assert.True(Math.Abs(d - klToStandardNormal) <= 1e-14 * klToStandardNormal, $"D: {d:R} vs mpmath {klToStandardNormal:R}");
    }
}
