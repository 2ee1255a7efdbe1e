using Kullback.Distributions;
using static Kullback.Tests.Distributions.DistributionFixtures;

namespace Kullback.Tests.Distributions;

/// <summary>
/// torch's ExponentialFamily‖ExponentialFamily (Bregman) rule, <see cref="KlClosedForms.ExponentialFamilyBregman"/>, against the
/// torch values of the same-family fixtures (kl.json, kl_parity.json): a second formula for each exponential family.
/// </summary>
public class BregmanRuleTests
{
    private const double Relative = 1e-12;

    private static readonly HashSet<string> Families = ["Bernoulli", "Poisson", "Exponential", "Normal", "Gamma", "Chi2", "Beta", "Dirichlet", "ContinuousBernoulli"];

    public static IEnumerable<object[]> SameFamilyRows() =>
        KlPairs("kl.json").Concat(KlPairs("kl_parity.json"))
            .Where(r => double.IsFinite((double)r[2]) && Make((string)r[0]).GetType() == Make((string)r[1]).GetType() && Families.Contains(Make((string)r[0]).Family));

    [Theory]
    [MemberData(nameof(SameFamilyRows))]
    public void BregmanDivergenceOfTheLogNormaliserMatchesTorch(string p, string q, double expected) =>
        AssertRelative(expected, KlClosedForms.ExponentialFamilyBregman(Make(p), Make(q)), Relative, $"Bregman D({p}‖{q})");

    [Fact]
    public void CoversEveryExponentialFamily() =>
        Assert.Equal(Families.Order(), SameFamilyRows().Select(r => Make((string)r[0]).Family).Distinct().Order());

    [Fact]
    public void DifferentFamiliesAreNotSupportedAsInTorch()
    {
        Assert.Throws<NotSupportedException>(() => KlClosedForms.ExponentialFamilyBregman(new Chi2(3), new Gamma(1.5, 0.5)));
        Assert.Throws<NotSupportedException>(() => KlClosedForms.ExponentialFamilyBregman(new Laplace(0, 1), new Laplace(1, 1)));
        Assert.Throws<ArgumentException>(() => KlClosedForms.ExponentialFamilyBregman(new Bernoulli(0), new Bernoulli(0.5)));
    }
}
