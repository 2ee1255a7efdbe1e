using Kullback.Cli.Kl;
using Kullback.Distributions;

namespace Kullback.Tests.Cli.Kl;

public class DistributionSpecTests
{
    [Fact]
    public void PositionalArgumentsFollowTorchOrder()
    {
        var g = Assert.IsType<Gamma>(DistributionSpec.Parse("Gamma(2, 3)"));
        Assert.Equal((2.0, 3.0), (g.Concentration, g.Rate));
        var p = Assert.IsType<Pareto>(DistributionSpec.Parse("Pareto(1.5, 4)"));
        Assert.Equal((1.5, 4.0), (p.Scale, p.Alpha));
        var b = Assert.IsType<Binomial>(DistributionSpec.Parse("Binomial(10, 0.3)"));
        Assert.Equal((10, 0.3), (b.TotalCount, b.Probs));
        var t = Assert.IsType<StudentT>(DistributionSpec.Parse("StudentT(4)"));
        Assert.Equal((4.0, 0.0, 1.0), (t.Df, t.Loc, t.Scale));
    }

    [Fact]
    public void NamedArgumentsInAnyOrder()
    {
        var beta = Assert.IsType<Beta>(DistributionSpec.Parse(" Beta( concentration0 = 5 , concentration1=2 ) "));
        Assert.Equal((2.0, 5.0), (beta.Concentration1, beta.Concentration0));
        var t = Assert.IsType<StudentT>(DistributionSpec.Parse("StudentT(3, scale=2)"));
        Assert.Equal((3.0, 0.0, 2.0), (t.Df, t.Loc, t.Scale));
    }

    [Fact]
    public void VectorsAndMatrices()
    {
        var c = Assert.IsType<Categorical>(DistributionSpec.Parse("Categorical([0.2, 0.3, 0.5])"));
        Assert.Equal(3, c.Classes);
        var d = Assert.IsType<Dirichlet>(DistributionSpec.Parse("Dirichlet(concentration=[1, 2e-1])"));
        Assert.Equal([1.0, 0.2], d.Concentration.ToArray());
        var full = Assert.IsType<MultivariateNormal>(DistributionSpec.Parse("MultivariateNormal([0, 1], [[2, 0.5], [0.5, 1]])"));
        double[] covariance = full.Covariance();
        double[] given = [2.0, 0.5, 0.5, 1.0];
        Assert.Equal(given, covariance);
        var tril = Assert.IsType<MultivariateNormal>(DistributionSpec.Parse("MultivariateNormal([0, 1], scale_tril=[[2, 0], [0.5, 1]])"));
        Assert.Equal([4.0, 1.0, 1.0, 1.25], tril.Covariance());
        var diagonal = Assert.IsType<MultivariateNormal>(DistributionSpec.Parse("MultivariateNormal(loc=[0, 1], scale=[2, 3])"));
        Assert.True(diagonal.IsDiagonal);
        Assert.Equal([4.0, 9.0], diagonal.Variance.ToArray());
    }

    [Theory]
    [InlineData("Normal(0, 1", 12, "expected ')' but the spec ended")]
    [InlineData("Normal(0 1)", 10, "expected ')', got '1'")]
    [InlineData("Nromal(0, 1)", 1, "unknown family 'Nromal'")]
    [InlineData("normal(0, 1)", 1, "did you mean Normal?")]
    [InlineData("Normal(0, 1, 2)", 14, "Normal takes at most 2 arguments: loc, scale")]
    [InlineData("Normal(loc=0, 1)", 15, "a positional argument cannot follow a named one")]
    [InlineData("Normal(0, sigma=1)", 11, "Normal has no parameter 'sigma'; its parameters are loc, scale")]
    [InlineData("Normal(0, loc=1)", 11, "loc is given twice")]
    [InlineData("Normal([0], 1)", 8, "loc must be a number")]
    [InlineData("Categorical(0.5)", 13, "probs must be a list of numbers")]
    [InlineData("Normal(0)", 9, "Normal needs scale")]
    [InlineData("Normal(0, 1) x", 14, "unexpected 'x' after the closing parenthesis")]
    [InlineData("Binomial(2.5, 0.5)", 10, "total_count = 2.5 must be a whole number")]
    [InlineData("MultivariateNormal([0, 0], [[1, 0]])", 28, "covariance_matrix must be 2×2 to match loc")]
    [InlineData("MultivariateNormal([0, 0])", 1, "needs exactly one of covariance_matrix, scale_tril or scale; got none")]
    public void ParseErrorsNameTheColumn(string spec, int column, string problem)
    {
        var e = Assert.Throws<SpecFormatException>(() => DistributionSpec.Parse(spec));
        Assert.Equal(column, e.Column);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith($"\"{spec}\" column {column}: ", e.Message);
    }

    [Fact]
    public void ToStringRoundTrips()
    {
        foreach (var spec in new[] { "Normal(0.5, 2)", "StudentT(3, 1, 2)", "Categorical([0.25, 0.75])", "MultivariateNormal([0, 1], [[2, 0.5], [0.5, 1]])", "Binomial(7, 0.125)" })
        {
            var d = DistributionSpec.Parse(spec);
            var again = DistributionSpec.Parse(d.ToString());
            Assert.Equal(d.ToString(), again.ToString());
            Assert.Equal(0, KlRegistry.Default.Rules.Any(r => r.Matches(d.GetType(), d.GetType())) ? KlRegistry.Default.Divergence(d, again) : 0);
        }
    }

    [Fact]
    public void CountAboveInt32SaysItIsTheLimit()
    {
        // Issue 10, item 18: Binomial(1e10, 0.5) said "must be a whole number", which it is.
        var e = Assert.Throws<SpecFormatException>(() => DistributionSpec.Parse("Binomial(1e10, 0.5)"));
        Assert.Equal("\"Binomial(1e10, 0.5)\" column 10: total_count = 10000000000 is above the limit of counts, 2147483647 (2³¹ − 1)", e.Message);
    }
}
