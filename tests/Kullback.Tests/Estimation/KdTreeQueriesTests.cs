using Kullback.Estimation;

namespace Kullback.Tests.Estimation;

public class KdTreeQueriesTests
{
    private static (double[] Points, double[] Queries) Data(int d, int n, int seed, bool ties)
    {
        var rng = new Random(seed);
        var points = new double[n * d];
        for (int i = 0; i < points.Length; i++) points[i] = ties ? Math.Round(rng.NextDouble() * 20) / 4 : rng.NextDouble() * 5;
        var queries = new double[61 * d];
        for (int i = 0; i < queries.Length; i++) queries[i] = rng.NextDouble() * 5;
        return (points, queries);
    }

    // Brute force with the tree's arithmetic: max |t| for the max-norm, √(fma Σ t²) for Euclidean.
    private static double Distance(double[] points, int d, int i, ReadOnlySpan<double> q, NeighbourMetric metric)
    {
        double s = 0;
        for (int j = 0; j < d; j++)
        {
            double t = points[i * d + j] - q[j];
            s = metric == NeighbourMetric.Chebyshev ? Math.Max(s, Math.Abs(t)) : Math.FusedMultiplyAdd(t, t, s);
        }
        return metric == NeighbourMetric.Chebyshev ? s : Math.Sqrt(s);
    }

    [Theory]
    [InlineData(1, 500, 1, true)]
    [InlineData(2, 700, 3, true)]
    [InlineData(3, 400, 5, false)]
    [InlineData(7, 300, 2, true)]
    [InlineData(12, 200, 4, false)]
    public void ChebyshevNeighboursEqualBruteForce(int d, int n, int k, bool ties)
    {
        var (points, queries) = Data(d, n, 7 + d, ties);
        var tree = new KdTree(points, d, NeighbourMetric.Chebyshev);
        Assert.Equal(NeighbourMetric.Chebyshev, tree.Metric);
        var self = new double[n];
        tree.KthNeighbourDistances(points, k, queriesAreTreePoints: true, self, threads: 2);
        for (int i = 0; i < n; i++)
        {
            var all = Enumerable.Range(0, n).Where(j => j != i).Select(j => Distance(points, d, j, points.AsSpan(i * d, d), NeighbourMetric.Chebyshev)).Order().ToArray();
            Assert.Equal(all[k - 1], self[i]);
        }
        for (int i = 0; i < 61; i++)
        {
            var all = Enumerable.Range(0, n).Select(j => Distance(points, d, j, queries.AsSpan(i * d, d), NeighbourMetric.Chebyshev)).Order().ToArray();
            Assert.Equal(all[k - 1], tree.KthNeighbourDistance(queries.AsSpan(i * d, d), k, -1, new double[k + d]));
        }
    }

    [Theory]
    [InlineData(1, 600, NeighbourMetric.Chebyshev, true)]
    [InlineData(1, 600, NeighbourMetric.Euclidean, false)]
    [InlineData(2, 500, NeighbourMetric.Chebyshev, true)]
    [InlineData(2, 500, NeighbourMetric.Euclidean, true)]
    [InlineData(4, 400, NeighbourMetric.Chebyshev, false)]
    [InlineData(5, 300, NeighbourMetric.Euclidean, true)]
    public void RangeCountsEqualBruteForce(int d, int n, NeighbourMetric metric, bool ties)
    {
        var (points, _) = Data(d, n, 100 + d, ties);
        var tree = new KdTree(points, d, metric);
        var rng = new Random(5);
        // Radii that are exactly some point's distance (the strict boundary matters), and random ones.
        var radii = new double[n];
        for (int i = 0; i < n; i++)
            radii[i] = i % 3 == 0 ? rng.NextDouble() * 2 : Distance(points, d, rng.Next(n), points.AsSpan(i * d, d), metric);
        var counts = new int[n];
        tree.CountWithin(points, radii, queriesAreTreePoints: true, counts, threads: 2);
        for (int i = 0; i < n; i++)
        {
            int brute = 0;
            for (int j = 0; j < n; j++)
                if (j != i && Distance(points, d, j, points.AsSpan(i * d, d), metric) < radii[i]) brute++;
            Assert.Equal(brute, counts[i]);
            Assert.Equal(brute + (radii[i] > 0 ? 1 : 0), tree.CountWithin(points.AsSpan(i * d, d), radii[i]));
        }
    }

    [Fact]
    public void OneThreadAndManyGiveTheSameAnswers()
    {
        var (points, _) = Data(3, 3000, 9, false);
        var tree = new KdTree(points, 3, NeighbourMetric.Chebyshev);
        double[] a = new double[3000], b = new double[3000];
        tree.KthNeighbourDistances(points, 4, true, a, threads: 1);
        tree.KthNeighbourDistances(points, 4, true, b, threads: 4);
        Assert.Equal(a, b);
        int[] ca = new int[3000], cb = new int[3000];
        tree.CountWithin(points, a, true, ca, threads: 1);
        tree.CountWithin(points, a, true, cb, threads: 3);
        Assert.Equal(ca, cb);
        Assert.All(ca, c => Assert.True(c <= 3)); // strictly inside the 4th neighbour distance (tie-free): at most 3
    }

    [Fact]
    public void BadQueriesAreErrors()
    {
        var tree = new KdTree([1, 2, 3, 4], 2, NeighbourMetric.Chebyshev);
        Assert.Contains("query has 1 coordinates; the tree has 2", Assert.Throws<ArgumentException>(() => tree.CountWithin([1.0], 1.0)).Message);
        Assert.Contains("radius is NaN", Assert.Throws<ArgumentException>(() => tree.CountWithin([1.0, 2.0], double.NaN)).Message);
        Assert.Equal(0, tree.CountWithin([1.0, 2.0], 0));
        Assert.Equal(0, tree.CountWithin([1.0, 2.0], -1));
        Assert.Equal(2, tree.CountWithin([1.0, 2.0], double.PositiveInfinity));
        Assert.Contains("radii holds 1; 2 queries need 2", Assert.Throws<ArgumentException>(() => tree.CountWithin([1, 2, 3, 4], [1.0], true, new int[2])).Message);
        Assert.Contains("threads must be ≥ 1", Assert.Throws<ArgumentOutOfRangeException>(() => tree.CountWithin([1, 2, 3, 4], [1.0, 1.0], true, new int[2], 0)).Message);
        Assert.Contains("3 queries cannot be the tree's 2 points", Assert.Throws<ArgumentException>(() => tree.CountWithin([1, 2, 3, 4, 5, 6], [1.0, 1, 1], true, new int[3])).Message);
        Assert.Contains("metric must be", Assert.Throws<ArgumentOutOfRangeException>(() => new KdTree([1.0], 1, (NeighbourMetric)7)).Message);
    }
}

public class SortedLineTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(17, false)]
    [InlineData(400, true)]
    [InlineData(1000, false)]
    [InlineData(4000, true)]  // radix-sorted line; windows that hold the run and windows that miss it
    [InlineData(4000, false)]
    public void CountsEqualBruteForceAndTheMaxNormTree(int n, bool ties)
    {
        var rng = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => ties ? Math.Round(rng.NextDouble() * 40) / 8 : rng.NextDouble() * 5).ToArray();
        var radii = Enumerable.Range(0, n).Select(i => i % 4 == 0 ? rng.NextDouble() : i % 4 == 1 ? Math.Abs(x[rng.Next(n)] - x[i]) : i % 4 == 2 ? 0 : 1e-300).ToArray();
        var line = new SortedLine(x);
        var counts = new int[n];
        line.CountOthersWithin(x, radii, counts, threads: 2);
        var tree = new int[n];
        new KdTree(x, 1, NeighbourMetric.Chebyshev).CountWithin(x, radii, true, tree);
        for (int i = 0; i < n; i++)
        {
            int brute = Enumerable.Range(0, n).Count(j => j != i && Math.Abs(x[j] - x[i]) < radii[i]);
            Assert.Equal(brute, counts[i]);
            Assert.Equal(brute, tree[i]);
            double v = rng.NextDouble() * 6 - 0.5, r = rng.NextDouble();
            Assert.Equal(x.Count(t => Math.Abs(t - v) < r), line.CountWithin(v, r));
        }
    }

    // The bucket guess on values it serves badly or not at all: heavy tails (most points in a few buckets), a range
    // too wide to scale (±1e308), clusters of equal values, values and radii one ulp apart (rounding at bucket edges),
    // and lines shorter than the four-point count. Every count must still equal brute force.
    [Theory]
    [InlineData("cauchy", 3000)]
    [InlineData("huge", 500)]
    [InlineData("clusters", 2000)]
    [InlineData("ulps", 1000)]
    [InlineData("gaussian", 5)]
    [InlineData("gaussian", 2)]
    [InlineData("gaussian", 3000)]
    public void CountsEqualBruteForceWhereTheBucketsGuessBadly(string kind, int n)
    {
        var rng = new Random(n + kind.Length);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var x = Enumerable.Range(0, n).Select(i => kind switch
        {
            "cauchy" => Math.Tan(Math.PI * (rng.NextDouble() - 0.5)),
            "huge" => i % 7 == 0 ? (i % 2 == 0 ? 1e308 : -1e308) : Gaussian(),
            "clusters" => rng.Next(5) * 0.1 + (i % 3 == 0 ? Gaussian() * 1e-3 : 0),
            "ulps" => Math.BitIncrement(1.0) + (rng.Next(40) - 20) * Math.BitIncrement(1.0) - 1.0 + 1.0,
            _ => Gaussian(),
        }).ToArray();
        var radii = Enumerable.Range(0, n).Select(i => (i % 5) switch
        {
            0 => rng.NextDouble() * (kind == "ulps" ? 1e-14 : 1),
            1 => Math.Abs(x[rng.Next(n)] - x[i]),
            2 => Math.BitIncrement(Math.Abs(x[rng.Next(n)] - x[i])),
            3 => Math.Abs(Gaussian()) * 1e-2,
            _ => Math.Pow(10, rng.Next(-6, 3)),
        }).ToArray();
        var counts = new int[n];
        new SortedLine(x).CountOthersWithin(x, radii, counts, threads: 1);
        for (int i = 0; i < n; i++)
            Assert.Equal(Enumerable.Range(0, n).Count(j => j != i && Math.Abs(x[j] - x[i]) < radii[i]), counts[i]);
    }
}
