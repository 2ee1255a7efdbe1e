using System.Text.Json;
using Kullback.Drift;
using Kullback.Tests.Support;

namespace Kullback.Tests.Drift;

/// <summary>
/// Cramér–von Mises, Anderson–Darling and the binned distances (psi, kl, hellinger, total_variation) against SciPy 1.10.1
/// (Fixtures/Drift/make_more_methods_fixtures.py).
/// </summary>
public class MoreMethodsTests
{
    private static readonly JsonElement Reference =
        JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Drift/more_methods_reference.json"))).RootElement;

    private static double[] Sorted(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).Order().ToArray();

    private static double Value(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? e.GetString() == "Infinity" ? double.PositiveInfinity : double.NaN : e.GetDouble();

    private static void Close(double expected, double actual, string what)
    {
        if (double.IsInfinity(expected)) { Assert.True(expected == actual, $"{what}: scipy {expected}, ours {actual:R}"); return; }
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Max(Math.Abs(expected), 1e-300), $"{what}: scipy {expected:R}, ours {actual:R}");
    }

    [Fact]
    public void CramerVonMisesMatchesScipyExactAndAsymptotic()
    {
        int n = 0;
        foreach (var c in Reference.GetProperty("cvm").EnumerateArray())
        {
            var r = CramerVonMises.TwoSampleSorted(Sorted(c.GetProperty("a")), Sorted(c.GetProperty("b")));
            Close(Value(c.GetProperty("t")), r.Statistic, $"cvm case {n} T");
            // The asymptotic p is 1 − C∞(t): SciPy forms it the same way, so both carry the cancellation error of a few
            // ulp of 1 (≈ 1e-15 absolute); 1e-9 relative applies wherever that is smaller (p ≳ 1e-6, every case but the last).
            double p = Value(c.GetProperty("p"));
            Assert.True(Math.Abs(r.PValue - p) <= Math.Max(1e-9 * p, 4 * Math.ScaleB(1.0, -52)), $"cvm case {n} p: scipy {p:R}, ours {r.PValue:R}");
            n++;
        }
        Assert.Equal(9, n);
    }

    [Fact]
    public void AndersonKSampleMatchesScipyIncludingCaps()
    {
        int n = 0;
        foreach (var c in Reference.GetProperty("anderson").EnumerateArray())
        {
            var r = AndersonDarling.TwoSampleSorted(Sorted(c.GetProperty("a")), Sorted(c.GetProperty("b")));
            Close(Value(c.GetProperty("statistic")), r.Statistic, $"anderson case {n} A2");
            Close(Value(c.GetProperty("p")), r.PValue, $"anderson case {n} p");
            n++;
        }
        Assert.Equal(7, n);
    }

    private static readonly string[] Binned = [DriftMethods.Psi, DriftMethods.KullbackLeibler, DriftMethods.Hellinger, DriftMethods.TotalVariation];

    [Fact]
    public void ReferenceQuantileBinsAndDistancesMatchNumpy()
    {
        int n = 0;
        foreach (var c in Reference.GetProperty("binned").EnumerateArray())
        {
            var a = Sorted(c.GetProperty("a"));
            var b = Sorted(c.GetProperty("b"));
            int bins = c.GetProperty("bins").GetInt32();
            var edges = BinnedDistances.QuantileEdges(a, bins);
            Assert.Equal(c.GetProperty("edges").EnumerateArray().Select(x => x.GetDouble()).ToArray(), edges);
            Assert.Equal(c.GetProperty("ref_counts").EnumerateArray().Select(x => x.GetInt64()).ToArray(), BinnedDistances.Counts(a, edges));
            Assert.Equal(c.GetProperty("cur_counts").EnumerateArray().Select(x => x.GetInt64()).ToArray(), BinnedDistances.Counts(b, edges));
            foreach (var method in Binned)
            {
                var r = DriftPreset.Numeric("x", a, b, method, bins: bins);
                Close(Value(c.GetProperty(method)), r.Statistic, $"binned case {n} {method}");
                Assert.Null(r.PValue);
                Assert.Equal(r.Statistic >= 0.1, r.Drift);
            }
            n++;
        }
        Assert.Equal(5, n);
    }

    [Fact]
    public void CategoryDistancesMatchScipy()
    {
        int n = 0;
        foreach (var c in Reference.GetProperty("categorical").EnumerateArray())
        {
            var cr = c.GetProperty("ref_counts").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            var cc = c.GetProperty("cur_counts").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            foreach (var method in Binned)
                Close(Value(c.GetProperty(method)), DriftPreset.Categorical("x", cr.Length, cr, cc, method).Statistic, $"categorical case {n} {method}");
            n++;
        }
        Assert.Equal(4, n);
    }

    [Fact]
    public void TestsRejectTooSmallSamples()
    {
        Assert.Throws<ArgumentException>(() => CramerVonMises.TwoSampleSorted([1.0], [1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => AndersonDarling.TwoSampleSorted([1.0, 1.0], [1.0, 1.0]));
        Assert.Throws<ArgumentException>(() => BinnedDistances.QuantileEdges([1.0, 2.0], 1));
    }
}

/// <summary>Bonferroni and Benjamini–Hochberg against the formula in NumPy (Fixtures/Drift/make_multiple_testing_fixtures.py).</summary>
public class MultipleTestingTests
{
    [Fact]
    public void MatchesTheStatsmodelsFormula()
    {
        var root = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Drift/multiple_testing_reference.json"))).RootElement;
        int n = 0;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            double[] Get(string key) => c.GetProperty(key).EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var p = Get("p");
            foreach (var (key, actual) in new[] { ("bonferroni", MultipleTesting.Bonferroni(p)), ("bh", MultipleTesting.BenjaminiHochberg(p)) })
            {
                var expected = Get(key);
                for (int i = 0; i < p.Length; i++)
                    Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-12 * expected[i], $"case {n} {key}[{i}]: numpy {expected[i]:R}, ours {actual[i]:R}");
            }
            n++;
        }
        Assert.Equal(5, n);
        Assert.Throws<ArgumentException>(() => MultipleTesting.BenjaminiHochberg([0.5, 1.5]));
        var withNaN = MultipleTesting.Bonferroni([0.01, double.NaN, 0.2]);
        Assert.True(double.IsNaN(withNaN[1]));
        Assert.Equal(0.02, withNaN[0], 1e-15);
    }
}

/// <summary>The pooled permutation test against scipy.stats.permutation_test (exact enumeration) and its seeded random mode.</summary>
public class PermutationTestTests
{
    [Fact]
    public void ExactSplitsMatchScipy()
    {
        var root = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Drift/permutation_reference.json"))).RootElement;
        int n = 0;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            var a = c.GetProperty("a").EnumerateArray().Select(x => x.GetDouble()).Order().ToArray();
            var b = c.GetProperty("b").EnumerateArray().Select(x => x.GetDouble()).Order().ToArray();
            string method = c.GetProperty("method").GetString()!;
            var r = PermutationTest.PValue(a, b, (x, y) => DriftPreset.Numeric("x", x, y, method).Statistic, 10000, seed: 1);
            double es = c.GetProperty("statistic").GetDouble(), ep = c.GetProperty("p").GetDouble();
            Assert.True(Math.Abs(r.Statistic - es) <= 1e-9 * es, $"case {n} T: scipy {es:R}, ours {r.Statistic:R}");
            Assert.True(Math.Abs(r.PValue - ep) <= 1e-12 * ep, $"case {n} p: scipy {ep:R}, ours {r.PValue:R}");
            n++;
        }
        Assert.Equal(4, n);
    }

    [Fact]
    public void RandomSplitsAreSeededAndSeeAShift()
    {
        var rng = new Random(3);
        double[] Normal(int count, double mean) => Enumerable.Range(0, count).Select(_ => mean + Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).Order().ToArray();
        var a = Normal(200, 0);
        var same = Normal(150, 0);
        var shifted = Normal(150, 1);
        Func<double[], double[], double> w = (x, y) => DriftPreset.Numeric("x", x, y, DriftMethods.Wasserstein).Statistic;
        var first = PermutationTest.PValue(a, same, w, 199, seed: 7);
        Assert.Equal(first, PermutationTest.PValue(a, same, w, 199, seed: 7));
        Assert.True(first.PValue > 0.01, $"same distribution: p = {first.PValue}");
        Assert.Equal(1.0 / 200, PermutationTest.PValue(a, shifted, w, 199, seed: 7).PValue); // no random split beats a 1σ shift
        Assert.Throws<ArgumentException>(() => PermutationTest.PValue(a, same, w, 0, seed: 7));
    }
}
