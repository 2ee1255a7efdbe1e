using Kullback.Kernels;
using Kullback.Learning.LinearAlgebra;

namespace Kullback.Tests.Learning.LinearAlgebra;

/// <summary>
/// Every register tile (2 and 4 vectors per row) at every accelerated lane width (Vector512, Vector256, Vector128 —
/// the NEON width): against a double-precision product, bit-identical for 1, 2, 3 and 8 threads, and — since each element
/// is summed over k in the same order whatever the tile — bit-identical between the two tiles of a width.
/// </summary>
public sealed class GemmTilingTests
{
    private static IEnumerable<Gemm.Tiling> Tilings() =>
        new[] { VectorWidth.V512, VectorWidth.V256, VectorWidth.V128 }.Where(SimdWidth.IsAccelerated)
            .SelectMany(w => new[] { new Gemm.Tiling(w, 2), new Gemm.Tiling(w, 4) });

    private static float[] RandomMatrix(int length, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
    }

    [Theory]
    [InlineData(7, 33, 17)]
    [InlineData(97, 65, 300)]
    [InlineData(128, 256, 784)]
    [InlineData(784, 256, 128)]
    [InlineData(31, 257, 19)]
    [InlineData(13, 10, 64)]
    public void EveryTileAndWidthIsRightAndThreadIndependent(int m, int n, int k)
    {
        var a = RandomMatrix(m * k, m + k);
        var b = RandomMatrix(k * n, n + k);
        foreach (bool ta in new[] { false, true })
        foreach (bool tb in new[] { false, true })
        {
            var want = new double[m * n];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += (double)(ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                    want[i * n + j] = s;
                }
            var byWidth = new Dictionary<VectorWidth, float[]>();
            foreach (var tiling in Tilings())
            {
                var one = new float[m * n];
                Gemm.Multiply(ta, tb, m, n, k, a, b, one, accumulate: false, threads: 1, tiling);
                for (int i = 0; i < one.Length; i++)
                    Assert.True(Math.Abs(one[i] - want[i]) <= 1e-5 * k, $"{tiling} ta={ta} tb={tb} c[{i}] = {one[i]}, want {want[i]}");
                foreach (int t in new[] { 2, 3, 8 })
                {
                    var many = new float[m * n];
                    Gemm.Multiply(ta, tb, m, n, k, a, b, many, accumulate: false, threads: t, tiling);
                    Assert.True(one.AsSpan().SequenceEqual(many), $"{tiling} ta={ta} tb={tb}: {t} threads differ from 1");
                }
                if (byWidth.TryGetValue(tiling.Width, out var other))
                    Assert.True(other.AsSpan().SequenceEqual(one), $"{tiling} ta={ta} tb={tb}: the tiles of one width differ");
                else byWidth[tiling.Width] = one;
            }
        }
    }
    /// <summary>
    /// The narrow kernel (n ≤ 16, one generic kernel at every width) against the blocked micro-kernel of the same width:
    /// its product is, bit for bit, the first n columns of a product too wide for it (B with more columns appended), for
    /// every row count 1…40 (every partial row block of 8, 4 and 2 rows), k across the panels of 256, and every transposition.
    /// </summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 37)]
    [InlineData(16, 256)]
    [InlineData(3, 600)]
    public void NarrowProductsAreTheBlockedProductsColumns(int n, int k)
    {
        const int wide = 40;
        foreach (var tiling in Tilings())
        foreach (bool ta in new[] { false, true })
        foreach (bool tb in new[] { false, true })
        for (int m = 1; m <= 40; m += m < 10 ? 1 : 7)
        {
            var a = RandomMatrix(m * k, m + k);
            var bw = RandomMatrix(k * wide, n + k);
            // B (k, n) is the first n columns of the wide B (k, 40); stored transposed, its first n rows
            var b = new float[k * n];
            for (int p = 0; p < k; p++)
                for (int j = 0; j < n; j++)
                    if (tb) b[j * k + p] = bw[j * k + p];
                    else b[p * n + j] = bw[p * wide + j];
            var narrow = new float[m * n];
            var blocked = new float[m * wide];
            Gemm.Multiply(ta, tb, m, n, k, a, b, narrow, accumulate: false, threads: 1, tiling);
            Gemm.Multiply(ta, tb, m, wide, k, a, bw, blocked, accumulate: false, threads: 1, tiling);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    Assert.True(BitConverter.SingleToInt32Bits(narrow[i * n + j]) == BitConverter.SingleToInt32Bits(blocked[i * wide + j]),
                        $"{tiling} ta={ta} tb={tb} m={m} c[{i},{j}]: narrow {narrow[i * n + j]:R}, blocked {blocked[i * wide + j]:R}");
        }
    }
}
