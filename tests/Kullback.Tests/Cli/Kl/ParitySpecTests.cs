using System.Text.Json;
using Kullback.Cli;
using Kullback.Cli.Common;
using Kullback.Cli.Kl;
using Kullback.Distributions;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Kl;

/// <summary>Specs of the families added for torch parity, probs-or-logits, and <c>kullback kl</c> on them.</summary>
public class ParitySpecTests
{
    [Fact]
    public void NewFamiliesParseWithTorchNames()
    {
        var c = Assert.IsType<Cauchy>(DistributionSpec.Parse("Cauchy(0, 1)"));
        Assert.Equal((0.0, 1.0), (c.Loc, c.Scale));
        var cb = Assert.IsType<ContinuousBernoulli>(DistributionSpec.Parse("ContinuousBernoulli(0.3)"));
        Assert.Equal(0.3, cb.Probs);
        Assert.False(cb.GivenByLogits);
        var cbl = Assert.IsType<ContinuousBernoulli>(DistributionSpec.Parse("ContinuousBernoulli(logits=0.2)"));
        Assert.Equal(0.2, cbl.Logits);
        Assert.Equal(1 / (1 + Math.Exp(-0.2)), cbl.Probs, 1e-15);
        var chi2 = Assert.IsType<Chi2>(DistributionSpec.Parse("Chi2(3)"));
        Assert.Equal((3.0, 1.5, 0.5), (chi2.Df, chi2.Concentration, chi2.Rate));
        var oh = Assert.IsType<OneHotCategorical>(DistributionSpec.Parse("OneHotCategorical([0.2, 0.8])"));
        Assert.Equal(2, oh.EventSize);
        var lr = Assert.IsType<LowRankMultivariateNormal>(DistributionSpec.Parse("LowRankMultivariateNormal([0, 1, 2], cov_factor=[[1, 0], [0.5, 1], [0, 2]], cov_diag=[1, 2, 3])"));
        Assert.Equal((3, 2), (lr.EventSize, lr.Rank));
        Assert.Equal([2.0, 3.25, 7.0], lr.Variance.ToArray());
    }

    [Fact]
    public void CategoricalAndBernoulliFromLogitsAreSoftmaxAndSigmoid()
    {
        var c = Assert.IsType<Categorical>(DistributionSpec.Parse("Categorical(logits=[0, 0, 1.0986122886681098])"));
        Assert.Equal(0.2, c.Probs[0], 1e-15);
        Assert.Equal(0.6, c.Probs[2], 1e-15);
        var b = Assert.IsType<Bernoulli>(DistributionSpec.Parse("Bernoulli(logits=-0.4054651081081644)"));
        Assert.Equal(0.4, b.Probs, 1e-15);
        var oh = Assert.IsType<OneHotCategorical>(DistributionSpec.Parse("OneHotCategorical(logits=[1, 1])"));
        Assert.Equal([0.5, 0.5], oh.Probs.ToArray());
    }

    [Theory]
    [InlineData("Bernoulli(0.3, logits=1)", 1, "Bernoulli needs exactly one of probs or logits; got both")]
    [InlineData("Categorical()", 1, "Categorical needs exactly one of probs or logits; got neither")]
    [InlineData("ContinuousBernoulli(logits=[1])", 28, "logits must be a number")]
    [InlineData("LowRankMultivariateNormal([0, 0], cov_factor=[[1], [1, 2]], cov_diag=[1, 1])", 46, "cov_factor must have 2 rows (one per entry of loc) of one common length ≥ 1, got 2 rows of lengths 1/2")]
    [InlineData("LowRankMultivariateNormal([0, 0], cov_factor=[[1]], cov_diag=[1, 1])", 46, "cov_factor must have 2 rows")]
    [InlineData("Chi2(df=[3])", 9, "df must be a number")]
    public void ParseErrorsNameTheColumn(string spec, int column, string problem)
    {
        var e = Assert.Throws<SpecFormatException>(() => DistributionSpec.Parse(spec));
        Assert.Contains(problem, e.Message);
        Assert.Equal(column, e.Column);
    }

    [Theory]
    [InlineData("Cauchy(0, -1)", "Cauchy: scale = -1 is outside its domain: scale > 0 and finite")]
    [InlineData("ContinuousBernoulli(1)", "ContinuousBernoulli: probs = 1 is outside its domain: 0 < probs < 1")]
    [InlineData("Chi2(0)", "Chi2: df = 0 is outside its domain: df > 0 and finite")]
    [InlineData("OneHotCategorical([0.5, 0.6])", "OneHotCategorical: probs sum to 1.1, not 1")]
    [InlineData("LowRankMultivariateNormal([0, 0], cov_factor=[[1], [1]], cov_diag=[1, 0])", "LowRankMultivariateNormal: cov_diag[1] = 0 is outside its domain: cov_diag[i] > 0 and finite")]
    public void DomainErrorsNameFamilyParameterAndValue(string spec, string message) =>
        Assert.StartsWith(message, Assert.ThrowsAny<ArgumentException>(() => DistributionSpec.Parse(spec)).Message);

    [Fact]
    public void ToStringRoundTrips()
    {
        foreach (var spec in new[] { "Cauchy(0.5, 2)", "ContinuousBernoulli(0.3)", "ContinuousBernoulli(logits=0.2)", "Chi2(3)", "OneHotCategorical([0.25, 0.75])",
                     "LowRankMultivariateNormal([0, 1], cov_factor=[[1], [0.5]], cov_diag=[0.5, 1])" })
        {
            var d = DistributionSpec.Parse(spec);
            var again = DistributionSpec.Parse(d.ToString());
            Assert.Equal(d.ToString(), again.ToString());
            Assert.Equal(0, KlRegistry.Default.Divergence(d, again));
        }
    }

    [Theory]
    // Each value is torch 1.13 float64 (Fixtures/Distributions/kl_parity.json or computed there the same way).
    [InlineData("ContinuousBernoulli(0.3)", "ContinuousBernoulli(logits=0.2)", 0.04500781346694366, "_kl_continuous_bernoulli_continuous_bernoulli")]
    [InlineData("Cauchy(0.3, 0.05)", "Cauchy(-40, 7)", 7.08637505214544, "_kl_cauchy_cauchy")]
    [InlineData("Categorical(logits=[0.1, -0.4, 1.2])", "Categorical(logits=[2, 0, -1])", 1.510204161345984, "_kl_categorical_categorical")]
    [InlineData("Bernoulli(logits=-0.3)", "Bernoulli(logits=1.7)", 0.46231581854105674, "_kl_bernoulli_bernoulli")]
    [InlineData("OneHotCategorical(logits=[0.1, -0.4, 1.2])", "OneHotCategorical([0.2, 0.3, 0.5])", 0.0816447090274245, "_kl_onehotcategorical_onehotcategorical")]
    [InlineData("Chi2(5)", "Exponential(1)", 2.576904909935, "_kl_gamma_exponential")]
    public void KlCommandOnNewSpecs(string p, string q, double torch, string function)
    {
        var (code, output, error) = Run("kl", p, q, "--json");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("", error);
        using var doc = JsonDocument.Parse(output);
        double kl = doc.RootElement.GetProperty("kl").GetDouble();
        Assert.True(Math.Abs(kl - torch) <= 1e-12 * torch, $"{kl:R} vs torch {torch:R}");
        Assert.Contains(function, doc.RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public void KlCommandOnLowRankAgainstDense()
    {
        // Σ_p = [[1.5, 0.5], [0.5, 1.25]]: the low-rank spec and the dense one are the same law, so D = 0 either way round.
        var (code, output, _) = Run("kl", "LowRankMultivariateNormal([0, 1], cov_factor=[[1], [0.5]], cov_diag=[0.5, 1])",
            "MultivariateNormal([0, 1], [[1.5, 0.5], [0.5, 1.25]])", "--json");
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(output);
        Assert.True(Math.Abs(doc.RootElement.GetProperty("kl").GetDouble()) < 1e-15);
        Assert.Contains("_kl_lowrankmultivariatenormal_multivariatenormal", doc.RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public void BadNewSpecIsAnErrorOnStderr()
    {
        var (code, output, error) = Run("kl", "ContinuousBernoulli(probs=0.3, logits=0.1)", "Normal(0, 1)");
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Equal("", output);
        Assert.Contains("ContinuousBernoulli needs exactly one of probs or logits; got both", error);
    }
}
