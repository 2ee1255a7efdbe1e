using Kullback.Measures;

namespace Kullback.Tests.Measures;

/// <summary>Properties, limits, other input forms and validation of the divergence families.</summary>
public class DivergenceFamilyTests
{
    private static double[] Dirichlet(Random rng, int n, bool zeros = false)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = zeros && rng.NextDouble() < 0.3 ? 0 : -Math.Log(1 - rng.NextDouble());
        if (x.Sum() == 0) x[0] = 1;
        double s = x.Sum();
        for (int i = 0; i < n; i++) x[i] /= s;
        return x;
    }

    private struct KlGenerator : IFDivergenceGenerator
    {
        public readonly double Value(double t) => t == 0 ? 0 : t * Math.Log(t);

        public readonly double SlopeAtInfinity => double.PositiveInfinity;
    }

    private struct ChiSquaredGenerator : IFDivergenceGenerator
    {
        public readonly double Value(double t) => (t - 1) * (t - 1);

        public readonly double SlopeAtInfinity => double.PositiveInfinity;
    }

    private struct TotalVariationGenerator : IFDivergenceGenerator
    {
        public readonly double Value(double t) => 0.5 * Math.Abs(t - 1);

        public readonly double SlopeAtInfinity => 0.5;
    }

    [Fact]
    public void FDivergenceWithKnownGeneratorsGivesKlChiSquaredAndTv()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 50; trial++)
        {
            var p = Dirichlet(rng, 1 + rng.Next(30), zeros: true);
            var q = Dirichlet(rng, p.Length, zeros: true);
            Assert.Equal(KullbackLeibler.Divergence(p, q), FDivergence.Of<KlGenerator>(p, q), 1e-12);
            Assert.Equal(TotalVariation.PearsonChiSquared(p, q), FDivergence.Of<ChiSquaredGenerator>(p, q), 1e-9);
            Assert.Equal(TotalVariation.Distance(p, q), FDivergence.Of<TotalVariationGenerator>(p, q), 1e-12);
        }
    }

    [Fact]
    public void RenyiTendsToKlAsAlphaTendsToOneAndIsMonotoneInAlpha()
    {
        var rng = new Random(12);
        for (int trial = 0; trial < 30; trial++)
        {
            var p = Dirichlet(rng, 2 + rng.Next(20));
            var q = Dirichlet(rng, p.Length);
            double kl = KullbackLeibler.Divergence(p, q);
            Assert.Equal(kl, Renyi.Divergence(p, q, 1.0));
            Assert.Equal(kl, Renyi.Divergence(p, q, 1 - 1e-7), 1e-6 * (1 + kl));
            Assert.Equal(kl, Renyi.Divergence(p, q, 1 + 1e-7), 1e-6 * (1 + kl));
            Assert.Equal(kl, Tsallis.RelativeEntropy(p, q, 1 + 1e-7), 1e-6 * (1 + kl));
            double previous = 0;
            foreach (double alpha in new[] { 0.1, 0.5, 0.9, 1.0, 1.5, 2, 5, 20, double.PositiveInfinity })
            {
                double d = Renyi.Divergence(p, q, alpha);
                Assert.True(d >= previous - 1e-12, $"D_α must not decrease in α: D_{alpha} = {d} < {previous}");
                previous = d;
            }
            Assert.Equal(-2 * Math.Log(1 - Math.Pow(Hellinger.Distance(p, q), 2)), Renyi.Divergence(p, q, 0.5), 1e-12);
            Assert.Equal(Math.Log(1 + TotalVariation.PearsonChiSquared(p, q)), Renyi.Divergence(p, q, 2), 1e-12);
            Assert.Equal(TotalVariation.PearsonChiSquared(p, q), Tsallis.RelativeEntropy(p, q, 2), 1e-12);
        }
    }

    [Fact]
    public void EntropiesMeetShannonAndTheirBounds()
    {
        var rng = new Random(13);
        for (int trial = 0; trial < 30; trial++)
        {
            var p = Dirichlet(rng, 1 + rng.Next(40), zeros: true);
            double h = Entropy.Of(p);
            Assert.Equal(h, Renyi.Entropy(p, 1.0));
            Assert.Equal(h, Renyi.Entropy(p, 1 + 1e-8), 1e-6);
            Assert.Equal(h, Tsallis.Entropy(p, 1 - 1e-8), 1e-6);
            Assert.Equal(Math.Log(p.Count(v => v > 0)), Renyi.Entropy(p, 0), 1e-14);
            Assert.Equal(p.Count(v => v > 0) - 1, Tsallis.Entropy(p, 0), 1e-12);
            Assert.Equal(-Math.Log(p.Max()), Renyi.Entropy(p, double.PositiveInfinity), 1e-14);
            Assert.True(Renyi.Entropy(p, 2) <= h + 1e-12 && Renyi.Entropy(p, 2) >= Renyi.Entropy(p, double.PositiveInfinity) - 1e-12);
        }
    }

    [Fact]
    public void OtherFormsAndUnitsAgreeWithProbabilities()
    {
        double[] z = [0.3, -1.2, 2.0, double.NegativeInfinity];
        double[] p = Softmax(z);
        double[] q = [0.1, 0.2, 0.3, 0.4];
        var logits = CategoricalSpan.Logits<double>(z);
        Assert.Equal(Renyi.Divergence(p, q, 0.5), Renyi.Divergence(logits, q, 0.5), 1e-14);
        Assert.Equal(Hellinger.Distance(p, q), Hellinger.Distance(logits, q), 1e-14);
        float[] pf = [0.25f, 0.75f], qf = [0.5f, 0.5f];
        Assert.Equal(TotalVariation.Distance([0.25, 0.75], [0.5, 0.5]), TotalVariation.Distance<float>(pf, qf), 1e-15);
        Assert.Equal(-Math.Log(0.5), Renyi.Divergence(CategoricalSpan.OneHot<double>(1, 2), CategoricalSpan.Probabilities<double>([0.5, 0.5]), 2.0), 1e-15);
        Assert.Equal(Renyi.Divergence(p, q, 3.0) / Math.Log(2), Renyi.Divergence(p, q, 3.0, LogBase.Bits), 1e-15);
        Assert.Equal(Hellinger.Bhattacharyya(p, q) / Math.Log(10), Hellinger.Bhattacharyya(p, q, LogBase.Bans), 1e-15);
        Assert.Equal(1 - 0.0625 - 0.5625, Tsallis.Entropy([2.0, 6.0], 2, normalize: true), 1e-15);
    }

    [Fact]
    public void GeneralisedJensenShannonIsHOfTheMixtureMinusTheMeanEntropy()
    {
        var rng = new Random(14);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = 2 + rng.Next(4), c = 1 + rng.Next(20);
            var rows = Enumerable.Range(0, n).Select(_ => Dirichlet(rng, c, zeros: true)).ToArray();
            var w = Dirichlet(rng, n);
            var mixture = new double[c];
            for (int j = 0; j < n; j++) for (int i = 0; i < c; i++) mixture[i] += w[j] * rows[j][i];
            double expected = Entropy.Of(mixture, normalize: true) - Enumerable.Range(0, n).Sum(j => w[j] * Entropy.Of(rows[j]));
            double js = GeneralisedJensenShannon.Divergence(rows.SelectMany(r => r).ToArray(), c, w);
            Assert.Equal(expected, js, 1e-12);
            Assert.True(js >= 0 && js <= Entropy.Of(w) + 1e-12);
        }
    }

    [Fact]
    public void BadInputIsRejectedWithClearMessages()
    {
        double[] p = [0.5, 0.5], q = [0.2, 0.8];
        Assert.Contains("α > 0", Assert.Throws<ArgumentOutOfRangeException>(() => Renyi.Divergence(p, q, 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Renyi.Divergence(p, q, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tsallis.RelativeEntropy(p, q, double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => Renyi.Entropy(p, -0.5));
        Assert.Contains("q[1]", Assert.ThrowsAny<ArgumentException>(() => Hellinger.Distance(p, [0.5, double.NaN])).Message);
        Assert.Contains("lengths must match", Assert.ThrowsAny<ArgumentException>(() => TotalVariation.Distance(p, [1.0])).Message);
        Assert.Contains("sums to", Assert.ThrowsAny<ArgumentException>(() => TotalVariation.PearsonChiSquared([0.5, 0.6], q)).Message);
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => GeneralisedJensenShannon.Divergence(p, 2)).Message);
        Assert.Contains("weights[1]", Assert.Throws<ArgumentException>(() => GeneralisedJensenShannon.Divergence([0.5, 0.5, 1, 0], 2, [0.5, -0.5])).Message);
        Assert.Contains("p[1, 0]", Assert.ThrowsAny<ArgumentException>(() => GeneralisedJensenShannon.Divergence([0.5, 0.5, -1, 2], 2)).Message);
    }

    [Fact]
    public void InfinitiesAreExact()
    {
        double[] p = [0.5, 0.5], q = [1.0, 0.0];
        Assert.Equal(double.PositiveInfinity, TotalVariation.PearsonChiSquared(p, q));
        Assert.Equal(double.PositiveInfinity, Renyi.Divergence(p, q, 2));
        Assert.Equal(double.PositiveInfinity, Renyi.Divergence(p, q, double.PositiveInfinity));
        Assert.True(double.IsFinite(Renyi.Divergence(p, q, 0.5)));
        Assert.Equal(double.PositiveInfinity, Hellinger.Bhattacharyya([1.0, 0.0], [0.0, 1.0]));
        Assert.Equal(double.PositiveInfinity, Renyi.Divergence([1.0, 0.0], [0.0, 1.0], 0.5));
        Assert.Equal(1.0, Hellinger.Distance([1.0, 0.0], [0.0, 1.0]));
    }

    private static double[] Softmax(double[] z)
    {
        double m = z.Max();
        var e = z.Select(v => Math.Exp(v - m)).ToArray();
        double s = e.Sum();
        return e.Select(v => v / s).ToArray();
    }
}
