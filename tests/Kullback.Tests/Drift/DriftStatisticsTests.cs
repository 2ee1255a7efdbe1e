using System.Text.Json;
using Kullback.Drift;
using Kullback.Tests.Support;

namespace Kullback.Tests.Drift;

/// <summary>Drift statistics against SciPy 1.10.1 (Fixtures/Drift/make_drift_fixtures.py).</summary>
public class DriftStatisticsTests
{
    private const double Tolerance = 1e-9;

    private static readonly JsonElement Reference =
        JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Drift/drift_reference.json"))).RootElement;

    private static double[] Numbers(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    private static long[] Counts(JsonElement e) => e.EnumerateArray().Select(x => (long)x.GetDouble()).ToArray();

    private static void Close(double expected, double actual, string what)
    {
        double scale = Math.Max(Math.Abs(expected), double.Epsilon);
        Assert.True(Math.Abs(actual - expected) <= Tolerance * scale || actual == expected,
            $"{what}: expected {expected:R}, got {actual:R} (relative {Math.Abs(actual - expected) / scale:E2})");
    }

    private static double[] Sorted(double[] x)
    {
        var y = (double[])x.Clone();
        Array.Sort(y);
        return y;
    }

    [Fact]
    public void KsTwoSampleMatchesScipyExactPath()
    {
        int i = 0;
        foreach (var c in Reference.GetProperty("ks").EnumerateArray())
        {
            var r = KolmogorovSmirnovTest.TwoSampleSorted(Sorted(Numbers(c.GetProperty("a"))), Sorted(Numbers(c.GetProperty("b"))));
            Close(c.GetProperty("statistic").GetDouble(), r.Statistic, $"ks[{i}].statistic");
            Close(c.GetProperty("p_value").GetDouble(), r.PValue, $"ks[{i}].p");
            i++;
        }
        Assert.Equal(12, i);
    }

    private static double[] Formula(JsonElement spec)
    {
        var s = spec.EnumerateArray().Select(x => x.GetDouble()).ToArray();
        long n = (long)s[0], p = (long)s[1], q = (long)s[2];
        var x = new double[n];
        for (long k = 0; k < n; k++) x[k] = (double)(k * p % q) / q + s[3];
        return Sorted(x);
    }

    [Fact]
    public void KsTwoSampleMatchesScipyAsymptoticPath()
    {
        int i = 0;
        foreach (var c in Reference.GetProperty("ks_formula").EnumerateArray())
        {
            var r = KolmogorovSmirnovTest.TwoSampleSorted(Formula(c.GetProperty("a")), Formula(c.GetProperty("b")));
            Close(c.GetProperty("statistic").GetDouble(), r.Statistic, $"ks_formula[{i}].statistic");
            Close(c.GetProperty("p_value").GetDouble(), r.PValue, $"ks_formula[{i}].p");
            i++;
        }
        Assert.Equal(4, i);
    }

    [Fact]
    public void KolmogorovSurvivalMatchesScipyKstwo()
    {
        var failures = new List<string>();
        foreach (var c in Reference.GetProperty("kstwo").EnumerateArray())
        {
            int n = c.GetProperty("n").GetInt32();
            double d = c.GetProperty("d").GetDouble(), expected = c.GetProperty("sf").GetDouble();
            double actual = KolmogorovDistribution.Survival(n, d);
            if (!(Math.Abs(actual - expected) <= Tolerance * Math.Abs(expected)) && actual != expected)
                failures.Add($"n={n} d={d}: scipy {expected:R}, ours {actual:R}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void ZTestMatchesScipy()
    {
        foreach (var c in Reference.GetProperty("z").EnumerateArray())
        {
            var r = CategoryTests.TwoProportionZ(c.GetProperty("xr").GetInt64(), c.GetProperty("nr").GetInt64(), c.GetProperty("xc").GetInt64(), c.GetProperty("nc").GetInt64());
            Close(c.GetProperty("statistic").GetDouble(), r.Statistic, "z");
            Close(c.GetProperty("p_value").GetDouble(), r.PValue, "z.p");
        }
    }

    [Fact]
    public void ChiSquareContingencyMatchesScipy()
    {
        foreach (var c in Reference.GetProperty("chi2").EnumerateArray())
        {
            var r = CategoryTests.ChiSquareContingency(Counts(c.GetProperty("r")), Counts(c.GetProperty("c")));
            Close(c.GetProperty("statistic").GetDouble(), r.Statistic, "chi2");
            Close(c.GetProperty("p_value").GetDouble(), r.PValue, "chi2.p");
        }
    }

    [Fact]
    public void WassersteinOverStdMatchesScipy()
    {
        foreach (var c in Reference.GetProperty("wasserstein").EnumerateArray())
        {
            var a = Sorted(Numbers(c.GetProperty("a")));
            var b = Sorted(Numbers(c.GetProperty("b")));
            Close(c.GetProperty("distance").GetDouble(), Wasserstein.DistanceSorted(a, b), "w1");
            Close(c.GetProperty("std").GetDouble(), Wasserstein.PopulationStandardDeviation(a), "std");
            var col = DriftPreset.Numeric("x", a, b, DriftMethods.Wasserstein);
            Close(c.GetProperty("normalized").GetDouble(), col.Statistic, "w1/std");
        }
    }

    [Fact]
    public void JensenShannonDistanceMatchesScipy()
    {
        foreach (var c in Reference.GetProperty("js").EnumerateArray())
        {
            var r = Counts(c.GetProperty("r"));
            var col = DriftPreset.Categorical("x", r.Length, r, Counts(c.GetProperty("c")), DriftMethods.JensenShannon);
            Close(c.GetProperty("distance").GetDouble(), col.Statistic, "js");
        }
    }

    [Fact]
    public void EmptySamplesAreErrorsNamingTheColumn()
    {
        var e = Assert.Throws<ArgumentException>(() => DriftPreset.Numeric("age", [], [1.0], DriftMethods.KolmogorovSmirnov));
        Assert.Contains("age", e.Message);
        Assert.Throws<ArgumentException>(() => DriftPreset.Categorical("c", 3, [1, 2, 3], [1, 2, 3], DriftMethods.ZTest));
    }
}

/// <summary>The radix sort against Array.Sort.</summary>
public class SampleSortTests
{
    [Theory]
    [InlineData(100)]
    [InlineData(5000)]
    [InlineData(100000)]
    public void SortsLikeArraySort(int n)
    {
        var rng = new Random(n);
        var x = new double[n];
        for (int i = 0; i < n; i++)
            x[i] = (i % 7) switch
            {
                0 => rng.NextDouble() * 1e-300,
                1 => -rng.NextDouble() * 1e6,
                2 => Math.Round(rng.NextDouble() * 10),
                3 => double.NegativeInfinity,
                4 => double.PositiveInfinity,
                _ => rng.NextDouble() * 2 - 1,
            };
        var expected = (double[])x.Clone();
        Array.Sort(expected);
        SampleSort.Sort(x);
        Assert.Equal(expected, x);
    }

    /// <summary>The bucket-sort path (spread values) and its fallbacks (crowded buckets), against Array.Sort.</summary>
    [Theory]
    [InlineData(0, 1_000_000)] // normal: the bucket path, ~4 values per bucket
    [InlineData(1, 200_000)]   // normal with ±∞ and −0.0/0.0: ∞ go to the end buckets
    [InlineData(2, 200_000)]   // Cauchy: heavy tails crowd the middle buckets → radix fallback
    [InlineData(3, 200_000)]   // 1 % of the values tied at 0.5, the rest uniform: one large bucket sorted by introsort
    [InlineData(4, 200_000)]   // uniform plus one huge outlier: crowded → radix
    [InlineData(5, 100_003)]   // values 1 ulp apart around 1: a range too small for equal-width buckets
    [InlineData(6, 200_000)]   // descending uniform: insertion sorts see reversed buckets
    public void BucketSortAndItsFallbacksSortLikeArraySort(int kind, int n)
    {
        var rng = new Random(100 + kind);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var x = new double[n];
        for (int i = 0; i < n; i++)
            x[i] = kind switch
            {
                0 => Normal(),
                1 => (i % 1000) switch { 0 => double.PositiveInfinity, 1 => double.NegativeInfinity, 2 => -0.0, 3 => 0.0, _ => Normal() },
                2 => Math.Tan(Math.PI * (rng.NextDouble() - 0.5)),
                3 => i % 100 == 0 ? 0.5 : rng.NextDouble(),
                4 => i == n / 2 ? 1e300 : rng.NextDouble(),
                5 => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(1.0) + rng.Next(0, 3000)),
                _ => (double)(n - i) / n,
            };
        var expected = (double[])x.Clone();
        Array.Sort(expected);
        SampleSort.Sort(x);
        Assert.Equal(expected, x);
        for (int i = 1; i < n; i++) Assert.True(x[i - 1] <= x[i]);
    }

    /// <summary>Keys that share digits skip radix passes (0, odd and even numbers of active passes).</summary>
    [Theory]
    [InlineData(0)] // one value: no pass
    [InlineData(1)] // integers 0…999: low mantissa digits constant
    [InlineData(2)] // two values
    [InlineData(3)] // powers of two: only exponent digits vary
    public void SortsWithSkippedPasses(int kind)
    {
        var rng = new Random(kind);
        var x = new double[20000];
        for (int i = 0; i < x.Length; i++)
            x[i] = kind switch
            {
                0 => 3.25,
                1 => rng.Next(1000),
                2 => rng.Next(2) == 0 ? -1.5 : 7.0,
                _ => Math.ScaleB(rng.Next(2) == 0 ? 1.0 : -1.0, rng.Next(-40, 40)),
            };
        var expected = (double[])x.Clone();
        Array.Sort(expected);
        SampleSort.Sort(x);
        Assert.Equal(expected, x);
    }
}

/// <summary>Energy distance and Welch's t test against SciPy 1.10.1 (Fixtures/Drift/make_numeric_test_fixtures.py).</summary>
public class NumericTestsTests
{
    [Fact]
    public void EnergyAndWelchMatchScipy()
    {
        var root = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Drift/numeric_tests_reference.json"))).RootElement;
        int n = 0;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            var a = c.GetProperty("a").EnumerateArray().Select(x => x.GetDouble()).Order().ToArray();
            var b = c.GetProperty("b").EnumerateArray().Select(x => x.GetDouble()).Order().ToArray();
            var checks = new (string Key, double Actual)[]
            {
                ("energy", NumericTests.EnergyDistanceSorted(a, b)),
                ("t", NumericTests.WelchT(a, b).Statistic),
                ("t_p", DriftPreset.Numeric("x", a, b, DriftMethods.TTest).PValue!.Value),
            };
            foreach (var (key, actual) in checks)
            {
                double expected = c.GetProperty(key).GetDouble();
                Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected), $"case {n} {key}: scipy {expected:R}, ours {actual:R}");
            }
            n++;
        }
        Assert.Equal(5, n);
    }
}

/// <summary>Mann–Whitney U against SciPy 1.10.1 mannwhitneyu(method='auto'), exact and asymptotic paths.</summary>
public class MannWhitneyTests
{
    [Fact]
    public void MatchesScipy()
    {
        var root = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Drift/numeric_tests_reference.json"))).RootElement;
        int n = 0;
        foreach (var c in root.GetProperty("mwu").EnumerateArray())
        {
            var a = c.GetProperty("a").EnumerateArray().Select(x => x.GetDouble()).Order().ToArray();
            var b = c.GetProperty("b").EnumerateArray().Select(x => x.GetDouble()).Order().ToArray();
            var r = MannWhitney.TwoSampleSorted(a, b);
            double eu = c.GetProperty("u").GetDouble(), ep = c.GetProperty("p").GetDouble();
            Assert.True(Math.Abs(r.Statistic - eu) <= 1e-9 * Math.Abs(eu), $"case {n} U: scipy {eu:R}, ours {r.Statistic:R}");
            Assert.True(Math.Abs(r.PValue - ep) <= 1e-9 * Math.Abs(ep), $"case {n} p: scipy {ep:R}, ours {r.PValue:R}");
            n++;
        }
        Assert.Equal(7, n);
    }
}
