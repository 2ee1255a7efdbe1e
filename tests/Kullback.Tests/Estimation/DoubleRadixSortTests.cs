using Kullback.Estimation;

namespace Kullback.Tests.Estimation;

public class DoubleRadixSortTests
{
    // The radix sort orders keys exactly as Array.Sort does (same sorted values, bit for bit apart from the order of
    // −0 and +0, which compare equal) and carries each key's item with it: negatives, both zeros, ties, subnormals,
    // huge and tiny magnitudes, and the small-input path.
    [Theory]
    [InlineData(10, 0)]
    [InlineData(511, 1)]
    [InlineData(512, 0)]
    [InlineData(5000, 0)]
    [InlineData(5000, 1)]
    [InlineData(20000, 2)]
    [InlineData(3000, 3)]
    public void SortsAsArraySortAndCarriesTheItems(int n, int kind)
    {
        var rng = new Random(n + kind);
        var keys = new double[n];
        for (int i = 0; i < n; i++)
            keys[i] = kind switch
            {
                0 => rng.NextDouble() * 2 - 1,
                1 => Math.Round(rng.NextDouble() * 20 - 10) / 4, // many ties; both zeros below
                2 => Math.Pow(10, rng.Next(-320, 300)) * (rng.Next(2) == 0 ? -1 : 1),     // subnormals to 1e300
                _ => 7.25,                                                                // one value: every pass skipped
            };
        if (kind == 1)
            for (int i = 0; i < n; i += 13) keys[i] = i % 2 == 0 ? 0.0 : -0.0;
        var original = (double[])keys.Clone();
        var items = Enumerable.Range(0, n).ToArray();
        var expected = (double[])keys.Clone();
        Array.Sort(expected);
        DoubleRadixSort.Sort(keys, items);
        for (int p = 0; p < n; p++)
        {
            Assert.Equal(expected[p], keys[p]); // −0 == +0
            Assert.Equal(BitConverter.DoubleToInt64Bits(original[items[p]]), BitConverter.DoubleToInt64Bits(keys[p]));
            if (p > 0) Assert.True(keys[p - 1] <= keys[p]);
        }
        Assert.Equal(Enumerable.Range(0, n), items.Order());
    }
}
