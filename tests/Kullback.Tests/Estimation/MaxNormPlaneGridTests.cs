using Kullback.Estimation;

namespace Kullback.Tests.Estimation;

public class MaxNormPlaneGridTests
{
    // The grid's k-th max-norm neighbour distances equal brute force and the max-norm KdTree exactly, on tie-free
    // data, on heavy ties (values on a coarse lattice, duplicated points), on a strongly dependent pair (points on a
    // line: crowded diagonal cells) and on tiny n, with one and several threads.
    [Theory]
    [InlineData(2, 1, 0)]
    [InlineData(3, 2, 1)]
    [InlineData(5, 4, 2)]
    [InlineData(17, 3, 0)]
    [InlineData(64, 3, 1)]
    [InlineData(400, 5, 2)]
    [InlineData(2000, 3, 0)]
    [InlineData(2000, 3, 1)]
    [InlineData(2000, 1, 2)]
    [InlineData(3001, 7, 3)]
    public void KthNeighbourDistancesEqualBruteForceAndTheTree(int n, int k, int kind)
    {
        var rng = new Random(n * 31 + kind);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double a = rng.NextDouble() * 4 - 2, b = rng.NextDouble() * 4 - 2;
            (x[i], y[i]) = kind switch
            {
                0 => (a, b),
                1 => (Math.Round(a * 4) / 4, Math.Round(b * 2) / 2),   // lattice: many equal distances and duplicate points
                2 => (a, a + 1e-3 * b),                                // nearly a line
                _ => (Math.Round(a * 8) / 8, Math.Round(a * 8) / 8 * 3 + (i % 5 == 0 ? 0 : Math.Round(b))),
            };
        }
        foreach (int threads in new[] { 1, 2 })
        {
            var eps = MaxNormPlaneGrid.KthNeighbourDistances(x, y, new SortedLine(x), new SortedLine(y), k, threads);
            var joint = new double[2 * n];
            for (int i = 0; i < n; i++) (joint[2 * i], joint[2 * i + 1]) = (x[i], y[i]);
            var tree = new double[n];
            new KdTree(joint, 2, NeighbourMetric.Chebyshev).KthNeighbourDistances(joint, k, queriesAreTreePoints: true, tree);
            for (int i = 0; i < n; i++)
            {
                var d = Enumerable.Range(0, n).Where(j => j != i).Select(j => Math.Max(Math.Abs(x[j] - x[i]), Math.Abs(y[j] - y[i]))).Order().ToArray();
                Assert.Equal(d[k - 1], eps[i]);
                Assert.Equal(tree[i], eps[i]);
            }
        }
    }
}
