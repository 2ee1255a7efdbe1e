using Kullback.Drift;
using Kullback.Kernels;

namespace Kullback.Tests.Drift;

/// <summary>
/// A sketch built in two passes over batches (<see cref="QuantileSketch.TwoPassBuilder"/>) is the sketch one
/// <see cref="QuantileSketch.AddRange"/> of all the values gives, byte for byte; the streamed Σx is
/// <c>CompensatedSum.Of</c> of all the values, bit for bit, for every split into batches.
/// </summary>
public class QuantileSketchTwoPassTests
{
    private static double[] Values(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new double[n];
        for (int i = 0; i < n; i++)
            v[i] = (i % 7) switch
            {
                0 => rng.NextDouble() * 1e12,
                1 => -rng.NextDouble(),
                2 => Math.Round(rng.NextDouble() * 5),
                3 => i % 2 == 0 ? 0.0 : -0.0,
                4 => rng.NextDouble() * 1e-300,
                _ => rng.NextDouble() * 1e3 - 500,
            };
        return v;
    }

    /// <summary>Random batch lengths (0 … 3·k), covering every remainder modulo the vector width.</summary>
    private static IEnumerable<(int Start, int Length)> Batches(int n, int seed, int most)
    {
        var rng = new Random(seed);
        for (int i = 0; i < n;)
        {
            int len = Math.Min(n - i, rng.Next(0, most + 1));
            yield return (i, len);
            i += len;
        }
    }

    private static byte[] Bytes(QuantileSketch s)
    {
        using var m = new MemoryStream();
        using (var w = new BinaryWriter(m)) s.Write(w);
        return m.ToArray();
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(7, 16)]
    [InlineData(8, 16)]
    [InlineData(9, 2)]
    [InlineData(1000, 16)]
    [InlineData(20_003, 64)]
    [InlineData(100_000, 8192)]
    public void TwoPassesGiveTheBytesOfOneAddRange(int n, int capacity)
    {
        var values = Values(n, n);
        var once = new QuantileSketch(capacity);
        once.AddRange(values);
        foreach (int most in new[] { 1, 5, 3 * capacity })
        {
            var builder = new QuantileSketch.TwoPassBuilder(capacity);
            foreach (var (start, len) in Batches(n, most, most)) builder.Add(values.AsSpan(start, len));
            Assert.Equal(n, builder.Count);
            builder.EndFirstPass();
            foreach (var (start, len) in Batches(n, most + 1, most)) builder.Add(values.AsSpan(start, len));
            var twice = builder.Finish();
            Assert.Equal(Bytes(once), Bytes(twice));
            Assert.True(n < 100 || twice.RankErrorBound > 0 || capacity > n, "the sketch compacted");
        }
    }

    [Fact]
    public void AShortOrLongSecondPassIsAnError()
    {
        var values = Values(50, 1);
        var builder = new QuantileSketch.TwoPassBuilder(16);
        builder.Add(values);
        builder.EndFirstPass();
        builder.Add(values.AsSpan(0, 49));
        Assert.Throws<InvalidOperationException>(() => builder.Finish());
        Assert.Throws<InvalidOperationException>(() => builder.Add(values.AsSpan(0, 2)));
        Assert.Throws<ArgumentException>(() => new QuantileSketch.TwoPassBuilder(16).Add([1.0, double.NaN]));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(15)]
    [InlineData(1001)]
    [InlineData(65_539)]
    public void StreamedSumIsTheCompensatedSumBitForBit(int n)
    {
        var values = Values(n, 7 * n);
        values[n / 2] = 1e300; // large cancellation: the compensation matters
        values[n - 1] = -1e300;
        double expected = CompensatedSum.Of(values);
        foreach (int most in new[] { 1, 3, 8, 100 })
        {
            var sum = StreamedSum.Create();
            foreach (var (start, len) in Batches(n, most, most)) sum.Add(values.AsSpan(start, len));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(sum.Value));
        }
    }
}
