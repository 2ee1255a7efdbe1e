using Kullback.Measures;

namespace Kullback.Tests.Measures;

/// <summary>Every measure against mpmath (60 digits): within 8·ε·Σ|terms|, and exactly +∞ where the truth is infinite.</summary>
public class ReferenceFixtureTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Ids => MeasureFixtures.Ids;

    [Fact]
    public void FixturesNameTheirMaker()
    {
        Assert.StartsWith("mpmath", MeasureFixtures.Header.GetProperty("tool").GetString());
        Assert.True(MeasureFixtures.Header.GetProperty("dps").GetInt32() >= 50);
        Assert.Equal(MeasureFixtures.Header.GetProperty("cases").GetInt32(), MeasureFixtures.Cases.Count);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void AgreesWithMpmathWithinTheBound(string id)
    {
        var c = MeasureFixtures.Get(id);
        var unit = c.Base == Math.E ? LogBase.Nats : LogBase.Of(c.Base);
        var p = P(c);
        var q = Q(c);
        var computed = new Dictionary<string, double>
        {
            ["entropy"] = Entropy.Of(p, unit),
            ["cross_entropy"] = CrossEntropy.Of(p, q, unit),
            ["kl"] = KullbackLeibler.Divergence(p, q, unit),
            ["reverse_kl"] = KullbackLeibler.Reverse(p, q, unit),
            ["js"] = JensenShannon.Divergence(p, q, unit),
        };
        var decomposition = Decomposition.Of(p, q, unit);
        Assert.Equal(computed["entropy"], decomposition.Entropy);
        Assert.Equal(computed["cross_entropy"], decomposition.CrossEntropy);
        Assert.Equal(computed["kl"], decomposition.Divergence);
        foreach (var (measure, value) in computed)
        {
            double ratio = c.ErrorInBounds(measure, value);
            output.WriteLine($"{id} {measure}: computed {value:R}, expected {c.Expected(measure).Hi:R}, error/bound {ratio:G3}");
            Assert.True(ratio <= 1.0, $"{id} {measure}: computed {value:R}, expected {c.Json.GetProperty(measure)}, error/bound = {ratio}");
        }
    }

    internal static CategoricalSpan<double> P(MeasureCase c) =>
        c.P is { } p ? CategoricalSpan.Probabilities<double>(p)
        : c.PLogits is { } z ? CategoricalSpan.Logits<double>(z)
        : CategoricalSpan.OneHot<double>(c.PIndex!.Value, (c.Q ?? c.QLogits)!.Length);

    internal static CategoricalSpan<double> Q(MeasureCase c) =>
        c.Q is { } q ? CategoricalSpan.Probabilities<double>(q) : CategoricalSpan.Logits<double>(c.QLogits!);
}
