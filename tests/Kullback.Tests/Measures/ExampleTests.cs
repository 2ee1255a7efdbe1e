using Kullback.Measures;

namespace Kullback.Tests.Measures;

/// <summary>Worked examples and the conventions, with values known in closed form.</summary>
public class ExampleTests
{
    private const double DogCatNats = 0.105360515657826301227500980839; // −ln 0.9 (mpmath)

    [Fact]
    public void DogAndCat()
    {
        double[] p = [1, 0], q = [0.9, 0.1];
        var d = Decomposition.Of(p, q);
        Assert.Equal(0.0, d.Entropy);
        Assert.Equal(DogCatNats, d.CrossEntropy, 1e-16);
        Assert.Equal(DogCatNats, d.Divergence, 1e-16);
        Assert.Equal(LogBase.Nats, d.Unit);
        // P as a class index and Q as logits (ln 9, 0) say the same.
        Assert.Equal(DogCatNats, CrossEntropy.Of(CategoricalSpan.OneHot<double>(0, 2), (ReadOnlySpan<double>)q), 1e-16);
        Assert.Equal(DogCatNats, KullbackLeibler.Divergence(CategoricalSpan.OneHot<double>(0, 2), CategoricalSpan.Logits<double>([Math.Log(9), 0])), 1e-15);
        Assert.Equal(double.PositiveInfinity, KullbackLeibler.Reverse(p, q)); // q puts mass on the cat, p does not
    }

    [Fact]
    public void Units()
    {
        double[] p = [0.5, 0.5];
        Assert.Equal(1.0, Entropy.Of(p, LogBase.Bits), 1e-15);
        Assert.Equal(Math.Log10(2), Entropy.Of(p, LogBase.Bans), 1e-15);
        Assert.Equal(Math.Log(2) / Math.Log(3), Entropy.Of(p, LogBase.Of(3)), 1e-15);
        Assert.Equal("bits", LogBase.Of(2).Name);
        Assert.Equal("nats", LogBase.Of(Math.E).Name);
        Assert.Equal("nats", default(LogBase).Name);
        Assert.Equal("bans", LogBase.Of(10).Name);
        Assert.Equal("base-3 units", LogBase.Of(3).Name);
        Assert.Equal(-1.0, Entropy.Of(p, LogBase.Of(0.5)), 1e-15); // base < 1 flips the sign
    }

    [Fact]
    public void Conventions()
    {
        Assert.Equal(0.0, Entropy.Of([1.0, 0.0, 0.0]));                                         // 0·log 0 = 0
        Assert.Equal(double.PositiveInfinity, CrossEntropy.Of([0.5, 0.5], [1.0, 0.0]));         // p > 0, q = 0: +∞, not NaN
        Assert.Equal(double.PositiveInfinity, KullbackLeibler.Divergence([0.5, 0.5], [1.0, 0.0]));
        Assert.Equal(Math.Log(2), KullbackLeibler.Divergence([1.0, 0.0], [0.5, 0.5]), 1e-15);      // p = 0 terms vanish
        Assert.Equal(Math.Log(2), JensenShannon.Divergence([1.0, 0.0], [0.0, 1.0]), 1e-15);        // disjoint: JS = log 2, finite
        Assert.Equal(1.0, JensenShannon.Distance([1.0, 0.0], [0.0, 1.0], LogBase.Bits), 1e-15);
        // A masked class (−∞ logit) has probability 0: no mass there, no +∞ unless P needs it.
        var masked = CategoricalSpan.Logits<double>([0.0, double.NegativeInfinity]);
        Assert.Equal(0.0, CrossEntropy.Of(CategoricalSpan.OneHot<double>(0, 2), masked));
        Assert.Equal(double.PositiveInfinity, CrossEntropy.Of(CategoricalSpan.OneHot<double>(1, 2), masked));
        // Extreme logits do not overflow (max shift).
        Assert.Equal(Math.Log(2), Entropy.Of(CategoricalSpan.Logits<double>([1e308, 1e308])), 1e-15);
        // Rounding below zero is clamped: identical inputs give exactly 0.
        double[] p = [0.1, 0.2, 0.7];
        Assert.Equal(0.0, KullbackLeibler.Divergence(p, p));
    }

    [Fact]
    public void UniformEntropyIsLogN()
    {
        var p = Enumerable.Repeat(1.0 / 32000, 32000).ToArray();
        Assert.Equal(Math.Log(32000), Entropy.Of(p), 1e-13);
        Assert.Equal(Math.Log2(32000), Entropy.Of(p, LogBase.Bits), 1e-13);
        var pf = Enumerable.Repeat(1f / 32000, 32000).ToArray();
        Assert.Equal(Math.Log(32000), Entropy.Of(pf), 1e-6);
    }

    [Fact]
    public void RowsOfLogitsAndLabels()
    {
        // Two images: a dog predicted at 90 %, a cat predicted at 20 %.
        double[] logits = [Math.Log(9), 0, Math.Log(4), 0];
        int[] labels = [0, 1];
        var perRow = new double[2];
        double mean = CrossEntropy.OfRows(CategoricalRows.ClassIndices<double>(labels, 2), CategoricalRows.Logits<double>(logits, 2), perRow);
        Assert.Equal(-Math.Log(0.9), perRow[0], 1e-15);
        Assert.Equal(-Math.Log(0.2), perRow[1], 1e-15);
        Assert.Equal((-Math.Log(0.9) - Math.Log(0.2)) / 2, mean, 1e-15);
        var decompositions = new Decomposition[2];
        var meanDecomposition = Decomposition.OfRows(CategoricalRows.ClassIndices<double>(labels, 2), CategoricalRows.Logits<double>(logits, 2), decompositions);
        Assert.Equal(mean, meanDecomposition.CrossEntropy, 1e-15);
        Assert.Equal(0.0, meanDecomposition.Entropy);
        Assert.Equal(perRow[1], decompositions[1].Divergence, 1e-15);
        var entropies = new double[2];
        Entropy.OfRows(CategoricalRows.Logits<float>([0f, 0f, 0f, float.NegativeInfinity], 2), entropies, LogBase.Bits);
        Assert.Equal([1.0, 0.0], entropies);
    }
}
