using Kullback.Estimation;

namespace Kullback.Tests.Estimation;

public class KdTreeTests
{
    [Theory]
    [InlineData(1, 500, 1)]
    [InlineData(2, 800, 3)]
    [InlineData(5, 600, 4)]
    [InlineData(10, 400, 2)]
    public void KthNeighbourDistancesEqualBruteForce(int d, int n, int k)
    {
        var rng = new Random(42 + d);
        var points = new double[n * d];
        for (int i = 0; i < points.Length; i++) points[i] = Math.Round(rng.NextDouble() * 20) / 4; // ties on purpose
        var queries = new double[97 * d];
        for (int i = 0; i < queries.Length; i++) queries[i] = rng.NextDouble() * 5;
        var tree = new KdTree(points, d);
        var self = new double[n];
        tree.KthNeighbourDistances(points, k, queriesAreTreePoints: true, self);
        var other = new double[97];
        tree.KthNeighbourDistances(queries, k, queriesAreTreePoints: false, other);
        for (int i = 0; i < n; i++) Assert.Equal(Brute(points, d, points.AsSpan(i * d, d), k, i), self[i]);
        for (int i = 0; i < 97; i++) Assert.Equal(Brute(points, d, queries.AsSpan(i * d, d), k, -1), other[i]);
    }

    private static double Brute(double[] points, int d, ReadOnlySpan<double> q, int k, int exclude)
    {
        var all = new List<double>();
        for (int i = 0; i < points.Length / d; i++)
        {
            if (i == exclude) continue;
            double s = 0;
            // The same arithmetic as the tree's leaf scan (s ← fma(t, t, s) over coordinates in order), so equality is exact.
            for (int j = 0; j < d; j++) { double t = points[i * d + j] - q[j]; s = Math.FusedMultiplyAdd(t, t, s); }
            all.Add(s);
        }
        all.Sort();
        return Math.Sqrt(all[k - 1]);
    }

    [Fact]
    public void BadInputsAreErrors()
    {
        Assert.Throws<ArgumentException>(() => new KdTree([1, 2, 3], 2));
        var e = Assert.Throws<ArgumentException>(() => new KdTree([1, 2, double.NaN, 4], 2));
        Assert.Contains("points[1, 0]", e.Message);
        var tree = new KdTree([1, 2, 3, 4], 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.KthNeighbourDistances([1, 2, 3, 4], 2, true, new double[2]));
    }
}
