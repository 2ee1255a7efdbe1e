using Kullback.Estimation;
using Kullback.Kernels;
using Kullback.Losses;

namespace Kullback.Tests.Losses;

/// <summary>The one loss entry (objective as a parameter) and the one thread-count convention (docs/ARCHITECTURE.md).</summary>
public sealed class LogitLossEntryTests
{
    private static (float[] Z, int[] Y, float[] P) Batch(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        var z = Enumerable.Range(0, rows * cols).Select(_ => (float)(rng.NextDouble() * 8 - 4)).ToArray();
        var y = Enumerable.Range(0, rows).Select(_ => rng.Next(cols)).ToArray();
        var p = new float[rows * cols];
        for (int i = 0; i < rows; i++)
        {
            double s = 0;
            for (int c = 0; c < cols; c++) s += p[i * cols + c] = (float)rng.NextDouble();
            for (int c = 0; c < cols; c++) p[i * cols + c] = (float)(p[i * cols + c] / s);
        }
        return (z, y, p);
    }

    [Theory]
    [InlineData(LogitObjective.CrossEntropy)]
    [InlineData(LogitObjective.KullbackLeibler)]
    public void TheForwardersAreTheEntryWithTheirObjective(LogitObjective objective)
    {
        var (z, y, p) = Batch(300, 7, 3);
        var options = new LossOptions { Decompose = true, LabelSmoothing = 0.1 };
        var g1 = new float[z.Length];
        var g2 = new float[z.Length];
        var entry = LogitLoss.Evaluate(objective, z, 300, 7, y, g1, options);
        var named = objective == LogitObjective.CrossEntropy
            ? CrossEntropyLoss.Evaluate(z, 300, 7, y, g2, options)
            : KullbackLeiblerLoss.Evaluate(z, 300, 7, y, g2, options);
        Assert.Equal(named, entry);
        Assert.Equal(g2, g1);
        var soft = LogitLoss.Evaluate(objective, z, 300, 7, p, g1, options);
        var namedSoft = objective == LogitObjective.CrossEntropy
            ? CrossEntropyLoss.Evaluate(z, 300, 7, p, g2, options)
            : KullbackLeiblerLoss.Evaluate(z, 300, 7, p, g2, options);
        Assert.Equal(namedSoft, soft);
        Assert.Equal(g2, g1);
    }

    [Fact]
    public void CrossEntropyIsEntropyPlusDivergenceThroughTheEntry()
    {
        var (z, _, p) = Batch(50, 5, 4);
        double[] zd = z.Select(v => (double)v).ToArray(), pd = p.Select(v => (double)v).ToArray();
        var ce = LogitLoss.Evaluate(LogitObjective.CrossEntropy, zd, 50, 5, pd, Span<double>.Empty, new LossOptions { Decompose = true, Reduction = LossReduction.BatchMean });
        var kl = LogitLoss.Evaluate(LogitObjective.KullbackLeibler, zd, 50, 5, pd, Span<double>.Empty, new LossOptions { Decompose = true });
        Assert.Equal(ce.Loss, kl.Loss + ce.Entropy!.Value, 1e-12);
        Assert.Equal(kl.Loss, ce.Divergence!.Value, 1e-12);
    }

    [Fact]
    public void BadObjectiveAndTypeAreNamedBeforeWork()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LogitLoss.Evaluate((LogitObjective)7, new float[2], 1, 2, new[] { 0 }, Span<float>.Empty));
        Assert.Equal("objective", e.ParamName);
        Assert.StartsWith("objective = 7: must be CrossEntropy or KullbackLeibler", e.Message);
        Assert.Throws<NotSupportedException>(() => LogitLoss.Evaluate(LogitObjective.CrossEntropy, new Half[2], 1, 2, new[] { 0 }, Span<Half>.Empty));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(int.MinValue)]
    public void ThreadCountsOutsideTheConventionNameTheOption(int threads)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            CrossEntropyLoss.Evaluate(new float[2], 1, 2, new[] { 0 }, Span<float>.Empty, new LossOptions { Threads = threads }));
        Assert.Equal("options.Threads", e.ParamName);
        Assert.StartsWith($"options.Threads = {threads}: threads must be ≥ 1 (1 = the calling thread), or −1 for every processor", e.Message);
        var k = Assert.Throws<ArgumentOutOfRangeException>(() => LogitKullbackLeibler.Mean(new float[2], new float[2], 1, 2, threads: 0));
        Assert.Equal("threads", k.ParamName);
    }

    [Fact]
    public void UnsetLossThreadsReadAsOneAndMinusOneIsEveryProcessor()
    {
        Assert.Equal(1, default(LossOptions).Threads);
        Assert.Equal(1, new LossOptions { Threads = 0 }.Threads);
        Assert.Equal(Environment.ProcessorCount, RowPartition.ResolveThreads(-1));
        Assert.Equal(3, RowPartition.ResolveThreads(3));
    }

    [Fact]
    public void TheHarnessGivesTheSameAnswerOnOneAndEveryProcessor()
    {
        var rng = new Random(5);
        var points = Enumerable.Range(0, 2 * 900).Select(_ => rng.NextDouble()).ToArray();
        var tree = new KdTree(points, 2, NeighbourMetric.Chebyshev);
        var radii = Enumerable.Repeat(0.05, 900).ToArray();
        int[] one = new int[900], all = new int[900];
        tree.CountWithin(points, radii, true, one, 1);
        tree.CountWithin(points, radii, true, all, -1);
        Assert.Equal(one, all);
        double[] d1 = new double[900], dAll = new double[900];
        tree.KthNeighbourDistances(points, 3, true, d1, 1);
        tree.KthNeighbourDistances(points, 3, true, dAll, -1);
        Assert.Equal(d1, dAll);
        var blocks = new int[1000];
        RowPartition.Blocks(1000, 256, 3, (from, to) => { for (int i = from; i < to; i++) Interlocked.Increment(ref blocks[i]); });
        Assert.All(blocks, b => Assert.Equal(1, b));
        var scratchUsed = new int[10];
        RowPartition.RunWithScratch(10, 4, () => new int[1], (k, s) => { s[0]++; scratchUsed[k] = 1; });
        Assert.All(scratchUsed, b => Assert.Equal(1, b));
    }
}
