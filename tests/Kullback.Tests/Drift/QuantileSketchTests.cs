using Kullback.Drift;

namespace Kullback.Tests.Drift;

/// <summary>
/// The quantile sketch's guarantee, checked against the exact ranks of the sorted input (a closed form): for every
/// distinct input value y, |R̂(y) − #{x ≤ y}| ≤ RankErrorBound and |R̂(y⁻) − #{x &lt; y}| ≤ RankErrorBound (both step
/// functions jump only at input values, so this covers every y), and RankErrorBound ≤ L·n/(k − 1).
/// </summary>
public class QuantileSketchTests
{
    /// <summary>The largest |R̂ − R| over all distinct input values, for ≤ and for &lt;.</summary>
    private static long MaxRankError(QuantileSketch sketch, double[] input)
    {
        var sorted = (double[])input.Clone();
        Array.Sort(sorted);
        var (values, cum) = sketch.SortedItems();
        long RankHat(double y, bool strict)
        {
            // Weight of items ≤ y (or < y).
            int lo = 0, hi = values.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (strict ? values[mid] < y : values[mid] <= y) lo = mid + 1;
                else hi = mid;
            }
            return lo == 0 ? 0 : cum[lo - 1];
        }
        long worst = 0;
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j < sorted.Length && sorted[j] == sorted[i]) j++;
            worst = Math.Max(worst, Math.Abs(RankHat(sorted[i], strict: false) - j));
            worst = Math.Max(worst, Math.Abs(RankHat(sorted[i], strict: true) - i));
            i = j;
        }
        return worst;
    }

    private static void AssertGuarantee(QuantileSketch sketch, double[] input)
    {
        Assert.Equal(input.LongLength, sketch.Count);
        long error = MaxRankError(sketch, input);
        Assert.True(error <= sketch.RankErrorBound, $"rank error {error} > stated bound {sketch.RankErrorBound}");
        // The a-priori bound: every compaction at level h consumes ≥ k − 1 items, at most n/2ʰ reach level h.
        double prior = (double)sketch.Levels * sketch.Count / (sketch.Capacity - 1);
        Assert.True(sketch.RankErrorBound <= prior, $"bound {sketch.RankErrorBound} > L·n/(k−1) = {prior}");
        Assert.True(sketch.ItemCount <= (long)sketch.Levels * sketch.Capacity);
        Assert.Equal(input.Min(), sketch.Min);
        Assert.Equal(input.Max(), sketch.Max);
        Assert.Equal(input.LongLength, sketch.SortedItems().Cumulative[^1]);
    }

    public static TheoryData<string, int, int> Inputs => new()
    {
        { "random", 100_000, 64 },
        { "sorted", 100_000, 64 },
        { "reversed", 100_000, 64 },
        { "duplicates", 100_000, 64 },
        { "sawtooth", 100_000, 50 },
        { "random", 1_000_000, QuantileSketch.DefaultCapacity },
        { "sorted", 1_000_000, QuantileSketch.DefaultCapacity },
        { "reversed", 1_000_000, 256 },
        { "duplicates", 1_000_000, 256 },
    };

    private static double[] Make(string kind, int n)
    {
        var rng = new Random(12);
        return kind switch
        {
            "random" => Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray(),
            "sorted" => Enumerable.Range(0, n).Select(i => (double)i).ToArray(),
            "reversed" => Enumerable.Range(0, n).Select(i => (double)(n - i)).ToArray(),
            // Few distinct values, long runs of each.
            "duplicates" => Enumerable.Range(0, n).Select(_ => (double)rng.Next(7)).ToArray(),
            // Ascending runs that restart: every compaction sees the same pattern.
            _ => Enumerable.Range(0, n).Select(i => (double)(i % 997)).ToArray(),
        };
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void RankErrorIsWithinTheStatedBound(string kind, int n, int capacity)
    {
        var input = Make(kind, n);
        var sketch = new QuantileSketch(capacity);
        sketch.AddRange(input);
        AssertGuarantee(sketch, input);
        Assert.True(sketch.RankErrorBound > 0, "the sketch compacted nothing: the test would not test the bound");
        if (kind == "random") Assert.True(MaxRankError(sketch, input) > 0, "the sketch is exact here: the bound is not exercised");
    }

    [Fact]
    public void DefaultCapacityAtAMillionValuesIsAsDocumented()
    {
        var input = Make("random", 1_000_000);
        var sketch = new QuantileSketch();
        sketch.AddRange(input);
        // docs/drift.md and the XML docs: ≈ 7 levels, ε ≤ 7/8191 ≈ 0.00085, ≤ 57,344 items (of 1,000,000: 8 MB → < 0.5 MB).
        Assert.True(sketch.Levels <= 8, $"{sketch.Levels} levels");
        Assert.True(sketch.NormalizedRankError <= 7.0 / 8191, $"ε = {sketch.NormalizedRankError}");
        Assert.True(sketch.ItemCount <= 57_344, $"{sketch.ItemCount} items");
    }

    [Fact]
    public void FourPartitionsMergeWithinTheSummedBound()
    {
        var input = Make("random", 400_000);
        int[] cuts = [0, 40_000, 120_000, 240_000, 400_000];
        var parts = new QuantileSketch[4];
        for (int p = 0; p < 4; p++)
        {
            parts[p] = new QuantileSketch(128);
            parts[p].AddRange(input.AsSpan(cuts[p], cuts[p + 1] - cuts[p]));
        }
        var merged = new QuantileSketch(128);
        foreach (var p in parts) merged.Merge(p);
        Assert.True(merged.RankErrorBound >= parts.Sum(p => p.RankErrorBound));
        AssertGuarantee(merged, input);
        // A merge tree ((0+1)+(2+3)) holds too.
        var left = new QuantileSketch(128);
        left.Merge(parts[0]);
        left.Merge(parts[1]);
        var right = new QuantileSketch(128);
        right.Merge(parts[2]);
        right.Merge(parts[3]);
        left.Merge(right);
        AssertGuarantee(left, input);
        // Moments: the merged mean and σ equal the whole input's (Chan's formula), within rounding.
        var whole = new QuantileSketch(128);
        whole.AddRange(input);
        Assert.Equal(Wasserstein.PopulationStandardDeviation(input), whole.PopulationStandardDeviation);
        Assert.Equal(whole.PopulationStandardDeviation, merged.PopulationStandardDeviation, 1e-12);
        Assert.Equal(whole.Mean, merged.Mean, 1e-12);
        Assert.Throws<ArgumentException>(() => merged.Merge(new QuantileSketch(64)));
    }

    [Fact]
    public void SameInputsGiveTheSameBytesAndReadBack()
    {
        byte[] Bytes(QuantileSketch s)
        {
            using var m = new MemoryStream();
            using (var w = new BinaryWriter(m, System.Text.Encoding.UTF8, leaveOpen: true)) s.Write(w);
            return m.ToArray();
        }
        var input = Make("random", 50_000);
        var a = new QuantileSketch(100);
        var b = new QuantileSketch(100);
        a.AddRange(input);
        b.AddRange(input);
        var bytes = Bytes(a);
        Assert.Equal(bytes, Bytes(b));
        using var stream = new MemoryStream(bytes);
        var back = QuantileSketch.Read(new BinaryReader(stream));
        Assert.Equal(bytes, Bytes(back));
        // A read-back sketch merges like the original.
        var more = Make("sorted", 10_000);
        var extra = new QuantileSketch(100);
        extra.AddRange(more);
        a.Merge(extra);
        back.Merge(extra);
        Assert.Equal(Bytes(a), Bytes(back));
        // Corruption: a count that the levels' weights do not sum to.
        var bad = (byte[])bytes.Clone();
        BitConverter.GetBytes(a.Count + 12345).CopyTo(bad, sizeof(int));
        Assert.Throws<InvalidDataException>(() => QuantileSketch.Read(new BinaryReader(new MemoryStream(bad))));
        Assert.Throws<EndOfStreamException>(() => QuantileSketch.Read(new BinaryReader(new MemoryStream(bytes[..(bytes.Length - 9)]))));
        Assert.Throws<ArgumentException>(() => new QuantileSketch().AddRange([1.0, double.NaN]));
    }

    [Fact]
    public void StatisticsFromASketchAreWithinTheirBounds()
    {
        var rng = new Random(3);
        var reference = Enumerable.Range(0, 200_000).Select(_ => Normal(rng)).ToArray();
        var current = Enumerable.Range(0, 20_000).Select(_ => Normal(rng) * 1.1 + 0.05).ToArray();
        var sketch = new QuantileSketch(64);
        sketch.AddRange(reference);
        Array.Sort(reference);
        Array.Sort(current);
        double eps = sketch.NormalizedRankError;
        Assert.True(eps > 0);

        var ks = SketchComparison.KolmogorovSmirnovStatistic(sketch, current);
        double exactKs = KolmogorovSmirnovTest.TwoSampleSorted(reference, current).Statistic;
        Assert.Equal(eps, ks.Bound);
        Assert.True(Math.Abs(ks.Statistic - exactKs) <= eps, $"KS {ks.Statistic} vs {exactKs}, ε {eps}");
        Assert.NotEqual(exactKs, ks.Statistic); // the sketch is really approximate here

        var w = SketchComparison.WassersteinDistance(sketch, current);
        double exactW = Wasserstein.DistanceSorted(reference, current);
        Assert.Equal(eps * (reference[^1] - reference[0]), w.Bound!.Value, 1e-12);
        Assert.True(Math.Abs(w.Statistic - exactW) <= w.Bound, $"W1 {w.Statistic} vs {exactW}, bound {w.Bound}");

        var e = SketchComparison.EnergyDistance(sketch, current);
        double exactE = NumericTests.EnergyDistanceSorted(reference, current);
        Assert.True(Math.Abs(e.Statistic - exactE) <= e.Bound, $"energy {e.Statistic} vs {exactE}, bound {e.Bound}");

        var t = SketchComparison.WelchT(sketch, current);
        var exactT = NumericTests.WelchT(reference, current);
        Assert.Equal(exactT.Statistic, t.Statistic, 1e-9);
        Assert.Equal(exactT.PValue, t.PValue, 1e-9);

        // Bins at the sketch's quantiles: each edge's true rank within E of k·n/B; each bin's weight within 2E of the exact count.
        var edges = SketchComparison.QuantileEdges(sketch, 10);
        Assert.Equal(9, edges.Length);
        var weights = SketchComparison.Counts(sketch, edges);
        var exactCounts = BinnedDistances.Counts(reference, edges);
        Assert.Equal(reference.LongLength, weights.Sum());
        for (int i = 0; i < weights.Length; i++)
            Assert.True(Math.Abs(weights[i] - exactCounts[i]) <= 2 * sketch.RankErrorBound, $"bin {i}: {weights[i]} vs {exactCounts[i]}");
        for (int k = 1; k < 10; k++)
        {
            long below = BinnedDistances.Counts(reference, [edges[k - 1]])[0], atOrBelow = reference.LongLength - BinnedDistances.Counts(reference, [BitIncrement(edges[k - 1])])[1];
            double target = k * reference.Length / 10.0;
            Assert.True(below <= target + sketch.RankErrorBound && atOrBelow >= target - sketch.RankErrorBound, $"edge {k}");
        }
    }

    [Fact]
    public void AnUncompactedSketchGivesTheExactStatistics()
    {
        var rng = new Random(5);
        var reference = Enumerable.Range(0, 3000).Select(_ => Math.Round(Normal(rng), 2)).ToArray();
        var current = Enumerable.Range(0, 2500).Select(_ => Math.Round(Normal(rng) + 0.1, 2)).ToArray();
        var sketch = new QuantileSketch();
        sketch.AddRange(reference);
        Assert.Equal(0, sketch.RankErrorBound);
        Array.Sort(reference);
        Array.Sort(current);
        Assert.Equal(KolmogorovSmirnovTest.TwoSampleSorted(reference, current), KolmogorovSmirnovTest.FromStatistic(SketchComparison.KolmogorovSmirnovStatistic(sketch, current).Statistic, 3000, 2500));
        Assert.Equal(Wasserstein.DistanceSorted(reference, current), SketchComparison.WassersteinDistance(sketch, current).Statistic, 1e-12);
        Assert.Equal(NumericTests.EnergyDistanceSorted(reference, current), SketchComparison.EnergyDistance(sketch, current).Statistic, 1e-12);
    }

    private static double BitIncrement(double x) => Math.BitIncrement(x);

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
