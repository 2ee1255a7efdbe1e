using Kullback.Learning.LinearAlgebra;

namespace Kullback.Tests.Learning.LinearAlgebra;

public sealed class GemmTests
{
    private static float[] RandomMatrix(int length, int seed)
    {
        var r = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(r.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>Reference C = op(A)·op(B) summed in double, element by element.</summary>
    private static double[] Naive(bool ta, bool tb, int m, int n, int k, float[] a, float[] b)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += (double)(ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                c[i * n + j] = s;
            }
        return c;
    }

    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 1, 1, 1 }, { 5, 7, 3 }, { 6, 16, 8 }, { 6, 32, 1 }, { 7, 33, 17 }, { 13, 10, 64 }, { 128, 10, 784 },
        { 97, 65, 300 }, { 200, 40, 513 }, { 31, 257, 19 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesNaiveForEveryTransposition(int m, int n, int k)
    {
        var a = RandomMatrix(m * k, m + 31 * k);
        var b = RandomMatrix(k * n, n + 17 * k);
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
            {
                var want = Naive(ta, tb, m, n, k, a, b);
                var c = new float[m * n];
                Gemm.Multiply(ta, tb, m, n, k, a, b, c);
                for (int i = 0; i < c.Length; i++)
                    Assert.True(Math.Abs(c[i] - want[i]) <= 1e-5 * k, $"ta={ta} tb={tb} c[{i}] = {c[i]}, want {want[i]}");
                // Accumulate adds the same product once more.
                Gemm.Multiply(ta, tb, m, n, k, a, b, c, accumulate: true, threads: 2);
                for (int i = 0; i < c.Length; i++)
                    Assert.True(Math.Abs(c[i] - 2 * want[i]) <= 2e-5 * k, $"accumulate ta={ta} tb={tb} c[{i}] = {c[i]}, want {2 * want[i]}");
            }
    }

    [Theory]
    [InlineData(128, 256, 784)]
    [InlineData(784, 256, 128)]
    [InlineData(300, 7, 600)]
    [InlineData(1000, 10, 784)]
    public void BitIdenticalForAnyThreadCount(int m, int n, int k)
    {
        var a = RandomMatrix(m * k, 1);
        var b = RandomMatrix(k * n, 2);
        var one = new float[m * n];
        Gemm.Multiply(true, false, m, n, k, a, b, one, threads: 1);
        foreach (int t in new[] { 2, 3, 8, -1 })
        {
            var many = new float[m * n];
            Gemm.Multiply(true, false, m, n, k, a, b, many, threads: t);
            Assert.Equal(one, many);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void ThreadCountFollowsTheOneConvention(int threads)
    {
        // T ≥ 1 or −1 (every processor), as everywhere in the library (RowPartition.ResolveThreads); named before any work.
        var c = new float[4];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, 2, 2, 2, new float[4], new float[4], c, threads: threads));
        Assert.Equal("threads", e.ParamName);
        Assert.StartsWith($"threads = {threads}: threads must be ≥ 1 (1 = the calling thread), or −1 for every processor", e.Message);
    }

    [Fact]
    public void ZeroInnerDimensionClearsOrKeeps()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Gemm.Multiply(false, false, 2, 2, 0, [], [], c, accumulate: true);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, c);
        Gemm.Multiply(false, false, 2, 2, 0, [], [], c);
        Assert.Equal(new float[4], c);
    }

    [Fact]
    public void WrongLengthNamesTheSpan()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 3, 4, new float[8], new float[11], new float[6]));
        Assert.Equal("b", e.ParamName);
        Assert.Contains("4×3", e.Message);
    }
}
