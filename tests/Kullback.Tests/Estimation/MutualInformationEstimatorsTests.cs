using System.Text.Json;
using CsCheck;
using Kullback.Estimation;
using Kullback.Tests.Support;

namespace Kullback.Tests.Estimation;

public class MutualInformationEstimatorsTests
{
    // Standard normals by Box–Muller from a seeded System.Random (deterministic on every runtime).
    private static double[] Normals(int n, Random rng)
    {
        var z = new double[n];
        for (int i = 0; i < n; i += 2)
        {
            double u = 1 - rng.NextDouble(), v = rng.NextDouble(), r = Math.Sqrt(-2 * Math.Log(u));
            z[i] = r * Math.Cos(2 * Math.PI * v);
            if (i + 1 < n) z[i + 1] = r * Math.Sin(2 * Math.PI * v);
        }
        return z;
    }

    private static (double[] X, double[] Y) Bivariate(int n, double rho, int seed)
    {
        var rng = new Random(seed);
        var a = Normals(n, rng);
        var b = Normals(n, rng);
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = rho * a[i] + Math.Sqrt(1 - rho * rho) * b[i];
        return (a, y);
    }

    [Theory]
    [InlineData(0.0, 1000)]
    [InlineData(0.5, 1000)]
    [InlineData(0.9, 1000)]
    [InlineData(0.0, 10000)]
    [InlineData(0.5, 10000)]
    [InlineData(0.9, 10000)]
    public void KsgOnBivariateGaussiansIsWithinFourStandardErrors(double rho, int n)
    {
        var (x, y) = Bivariate(n, rho, 1234 + n + (int)(rho * 10));
        var mi = KraskovMutualInformation.Estimate(x, 1, y, 1, k: 3, threads: 2);
        double truth = -0.5 * Math.Log(1 - rho * rho);
        Assert.Equal(n, mi.Samples);
        Assert.True(mi.StandardError > 0);
        Assert.True(Math.Abs(mi.Value - truth) <= 4 * mi.StandardError, $"Î = {mi.Value}, I = {truth}, se = {mi.StandardError}");
    }

    [Theory]
    [InlineData(2000)]
    [InlineData(10000)]
    public void RossOnOverlappingUniformsIsWithinFourStandardErrors(int n)
    {
        // D ∈ {0, 1} equally likely, C | D = d ~ U(d, d + 2): p(c) = ¼, ½, ¼ on [0,1), [1,2), [2,3]; h(C) = 1.5 ln 2,
        // h(C|D) = ln 2, so I(C;D) = ½ ln 2.
        var rng = new Random(n);
        var c = new double[n];
        var d = new int[n];
        for (int i = 0; i < n; i++)
        {
            d[i] = rng.Next(2);
            c[i] = d[i] + 2 * rng.NextDouble();
        }
        var mi = RossMutualInformation.Estimate(c, 1, d, k: 3, threads: 2);
        double truth = 0.5 * Math.Log(2);
        Assert.True(Math.Abs(mi.Value - truth) <= 4 * mi.StandardError, $"Î = {mi.Value}, I = {truth}, se = {mi.StandardError}");
    }

    [Theory]
    [InlineData(0.0, 3000)]
    [InlineData(0.6, 3000)]
    [InlineData(0.6, 10000)]
    public void FrenzelPompeOnGaussiansIsWithinFourStandardErrors(double rho, int n)
    {
        // X = Z + e₁, Y = Z + e₂ with corr(e₁, e₂) = ρ: the partial correlation of X, Y given Z is ρ, so
        // I(X;Y|Z) = −½ ln(1 − ρ²).
        var rng = new Random(77 + n);
        var z = Normals(n, rng);
        var (e1, e2) = Bivariate(n, rho, 99 + n);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = z[i] + e1[i];
            y[i] = z[i] + e2[i];
        }
        var mi = FrenzelPompeMutualInformation.Estimate(x, 1, y, 1, z, 1, k: 4, threads: 2);
        double truth = -0.5 * Math.Log(1 - rho * rho);
        Assert.True(Math.Abs(mi.Value - truth) <= 4 * mi.StandardError, $"Î = {mi.Value}, I = {truth}, se = {mi.StandardError}");
    }

    [Fact]
    public void KsgIsSymmetricAndMultivariate()
    {
        var (x, y) = Bivariate(1500, 0.7, 5);
        Assert.Equal(KraskovMutualInformation.Estimate(x, 1, y, 1).Value, KraskovMutualInformation.Estimate(y, 1, x, 1).Value, 1e-12);
        // I((X, W); Y) with an independent W: near I(X;Y) (a 2-D x side through the same tree code).
        var w = Normals(1500, new Random(6));
        var xw = new double[3000];
        for (int i = 0; i < 1500; i++) { xw[2 * i] = x[i]; xw[2 * i + 1] = w[i]; }
        var joint = KraskovMutualInformation.Estimate(xw, 2, y, 1);
        double truth = -0.5 * Math.Log(1 - 0.49);
        Assert.True(Math.Abs(joint.Value - truth) <= 4 * joint.StandardError, $"Î = {joint.Value}, I = {truth}");
    }

    private static readonly JsonElement Discrete =
        JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("MutualInformation/discrete.json"))).RootElement;

    [Fact]
    public void DiscreteEstimatorsMatchSklearnScipyAndMpmath()
    {
        Assert.StartsWith("scikit-learn 1.2.1", Discrete.GetProperty("made_by").GetString());
        foreach (var c in Discrete.GetProperty("cases").EnumerateArray())
        {
            var x = c.GetProperty("x").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var y = c.GetProperty("y").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(c.GetProperty("plugin").GetDouble(), DiscreteMutualInformation.Estimate(x, y), 1e-13);
            Assert.Equal(c.GetProperty("miller_madow").GetDouble(), DiscreteMutualInformation.Estimate(x, y, DiscreteEstimator.MillerMadow), 1e-13);
            Assert.Equal(c.GetProperty("chao_shen").GetDouble(), DiscreteMutualInformation.Estimate(x, y, DiscreteEstimator.ChaoShen), 1e-13);
            var counts = x.GroupBy(v => v).Select(g => (double)g.Count()).ToArray();
            Assert.Equal(c.GetProperty("chao_shen_entropy_x").GetDouble(), ChaoShenEntropy.Of(counts), 1e-13);
        }
    }

    [Fact]
    public void HandComputedDiscreteValues()
    {
        // X = Y, two equally likely values: I = H(X) = ln 2. Independent 2 × 2 (each cell once): I = 0.
        Assert.Equal(Math.Log(2), DiscreteMutualInformation.Estimate([0, 0, 1, 1], [5, 5, 9, 9]), 1e-15);
        Assert.Equal(0, DiscreteMutualInformation.Estimate([0, 1, 0, 1], [0, 0, 1, 1]));
        // Miller–Madow for X = Y over 2 values, N = 4: ln 2 + (2 + 2 − 2 − 1)/8.
        Assert.Equal(Math.Log(2) + 1.0 / 8, DiscreteMutualInformation.Estimate([0, 0, 1, 1], [0, 0, 1, 1], DiscreteEstimator.MillerMadow), 1e-15);
        // Chao–Shen of counts (2, 2): no singletons, C = 1, each term −½ ln ½ / (1 − ½⁴).
        Assert.Equal(Math.Log(2) / (1 - 1.0 / 16), ChaoShenEntropy.Of([2, 2]), 1e-15);
        // All singletons (f₁ = N → N − 1): C = 1/N; N = 4: Ĥ = −4 · (1/16) ln(1/16) / (1 − (15/16)⁴).
        Assert.Equal(-0.25 * Math.Log(1.0 / 16) / (1 - Math.Pow(15.0 / 16, 4)), ChaoShenEntropy.Of([1, 1, 1, 1]), 1e-14);
    }

    [Fact]
    public void PlugInPropertiesHold()
    {
        Gen.Int[1, 120].SelectMany(n => Gen.Select(Gen.Int[0, 5].Array[n], Gen.Int[-3, 3].Array[n])).Sample(t =>
        {
            var (x, y) = t;
            double ixy = DiscreteMutualInformation.Estimate(x, y);
            Assert.True(ixy >= 0);
            Assert.Equal(ixy, DiscreteMutualInformation.Estimate(y, x), 1e-12);               // symmetry
            var counts = x.GroupBy(v => v).Select(g => (double)g.Count()).ToArray();
            Assert.Equal(PlugInEstimators.Entropy(counts), DiscreteMutualInformation.Estimate(x, x), 1e-12); // I(X;X) = H(X)
            Assert.True(ixy <= PlugInEstimators.Entropy(counts) + 1e-12);                 // I ≤ H(X)
        });
    }

    [Fact]
    public void IndependentVariablesGiveNearZero()
    {
        var rng = new Random(3);
        var a = Enumerable.Range(0, 20000).Select(_ => rng.Next(4)).ToArray();
        var b = Enumerable.Range(0, 20000).Select(_ => rng.Next(3)).ToArray();
        // Plug-in bias ≈ (4 − 1)(3 − 1)/(2N) = 1.5e-4; Miller–Madow removes it to first order.
        Assert.InRange(DiscreteMutualInformation.Estimate(a, b), 0, 1e-3);
        Assert.InRange(DiscreteMutualInformation.Estimate(a, b, DiscreteEstimator.MillerMadow), -5e-4, 5e-4);
        var (x, _) = Bivariate(4000, 0, 1);
        var (y, _) = Bivariate(4000, 0, 2);
        var mi = KraskovMutualInformation.Estimate(x, 1, y, 1);
        Assert.True(Math.Abs(mi.Value) <= 4 * mi.StandardError, $"Î = {mi.Value}");
    }

    [Fact]
    public void PermutationPValuesAreSeededAndSeparateDependenceFromIndependence()
    {
        var (x, y) = Bivariate(400, 0.6, 11);
        double Stat(double[] yy) => KraskovMutualInformation.Estimate(x, 1, yy, 1).Value;
        double Shuffled(int[] order) => Stat(order.Select(i => y[i]).ToArray());
        double dependent = PermutationTest.PValue(Stat(y), 400, 99, 7, Shuffled);
        Assert.Equal(0.01, dependent, 1e-15);                                        // nothing beats the real pairing
        Assert.Equal(dependent, PermutationTest.PValue(Stat(y), 400, 99, 7, Shuffled)); // same seed, same p
        var (w, _) = Bivariate(400, 0, 12);
        double Independent(int[] order) => KraskovMutualInformation.Estimate(w, 1, order.Select(i => y[i]).ToArray(), 1).Value;
        Assert.True(PermutationTest.PValue(KraskovMutualInformation.Estimate(w, 1, y, 1).Value, 400, 99, 7, Independent) > 0.05);
        Assert.Contains("permutations must be ≥ 1", Assert.Throws<ArgumentOutOfRangeException>(() => PermutationTest.PValue(0, 3, 0, 1, _ => 0)).Message);
        Assert.Contains("samples must be ≥ 1", Assert.Throws<ArgumentOutOfRangeException>(() => PermutationTest.PValue(0, 0, 3, 1, _ => 0)).Message);
        Assert.Contains("observed statistic is NaN", Assert.Throws<ArgumentException>(() => PermutationTest.PValue(double.NaN, 3, 3, 1, _ => 0)).Message);
    }

    [Fact]
    public void BadInputsAreErrorsThatSayWhat()
    {
        double[] five = [1, 2, 3, 4, 5];
        Assert.Contains("x has 5 samples, y has 4: they must be paired",
            Assert.Throws<ArgumentException>(() => KraskovMutualInformation.Estimate(five, 1, [1, 2, 3, 4], 1)).Message);
        Assert.Contains("5 samples: kNN estimators with k = 5 need at least k + 1 = 6",
            Assert.Throws<ArgumentException>(() => KraskovMutualInformation.Estimate(five, 1, five, 1, k: 5)).Message);
        Assert.Contains("k must be ≥ 1", Assert.Throws<ArgumentOutOfRangeException>(() => KraskovMutualInformation.Estimate(five, 1, five, 1, k: 0)).Message);
        Assert.Contains("x has 5 values, not a multiple of 2 dimensions",
            Assert.Throws<ArgumentException>(() => KraskovMutualInformation.Estimate(five, 2, five, 1)).Message);
        Assert.Contains("dimensions must be ≥ 1", Assert.Throws<ArgumentOutOfRangeException>(() => KraskovMutualInformation.Estimate(five, 0, five, 1)).Message);
        Assert.Contains("points[2, 0] = NaN", Assert.Throws<ArgumentException>(() => KraskovMutualInformation.Estimate([1, 2, double.NaN, 4, 5], 1, five, 1)).Message);
        Assert.Contains("x has 5 samples, z has 4", Assert.Throws<ArgumentException>(() => FrenzelPompeMutualInformation.Estimate(five, 1, five, 1, [1, 2, 3, 4], 1)).Message);
        Assert.Contains("x has 5 samples, y has 4", Assert.Throws<ArgumentException>(() => FrenzelPompeMutualInformation.Estimate(five, 1, [1, 2, 3, 4], 1, five, 1)).Message);
        Assert.Contains("continuous has 5 samples, labels has 2", Assert.Throws<ArgumentException>(() => RossMutualInformation.Estimate(five, 1, [1, 2])).Message);
        Assert.Contains("no label occurs twice", Assert.Throws<ArgumentException>(() => RossMutualInformation.Estimate(five, 1, [1, 2, 3, 4, 5])).Message);
        Assert.Contains("k must be ≥ 1", Assert.Throws<ArgumentOutOfRangeException>(() => RossMutualInformation.Estimate(five, 1, [1, 1, 1, 1, 1], 0)).Message);
        Assert.Contains("x has 2 labels, y has 1", Assert.Throws<ArgumentException>(() => DiscreteMutualInformation.Estimate([1, 2], [1])).Message);
        Assert.Contains("no samples", Assert.Throws<ArgumentException>(() => DiscreteMutualInformation.Estimate([], [])).Message);
        Assert.Contains("counts[1] = 1.5: counts must be non-negative integers", Assert.Throws<ArgumentException>(() => ChaoShenEntropy.Of([1, 1.5])).Message);
        Assert.Contains("counts[0] = -1", Assert.Throws<ArgumentException>(() => ChaoShenEntropy.Of([-1])).Message);
        Assert.Contains("counts are all zero", Assert.Throws<ArgumentException>(() => ChaoShenEntropy.Of([0, 0])).Message);
    }
}
