using Kullback.Kernels;

namespace Kullback.Tests.Kernels;

/// <summary>The short-row blocks of the logit-row KL (<see cref="LogitKullbackLeiblerSmallRows"/>, one row per lane) at every
/// width they run at, row by row against the scalar double form of the one logit-row KL kernel: every row length 1…16, with
/// classes masked (−∞) in both rows or in a only; faulty rows make a block decline; and every row count 0…257 through the API.</summary>
public unsafe class LogitKullbackLeiblerBlockTests
{
    private static IEnumerable<VectorWidth> Widths()
    {
        foreach (var w in new[] { VectorWidth.V128, VectorWidth.V256, VectorWidth.V512 })
            if (SimdWidth.IsAccelerated(w)) yield return w;
    }

    [Fact]
    public void EveryWidthMatchesTheScalarFormRowByRow()
    {
        var rng = new Random(31);
        float* scratch = stackalloc float[LogitKullbackLeiblerSmallRows.ScratchFloats];
        double* d = stackalloc double[16];
        int tested = 0;
        foreach (var width in Widths())
        {
            int rows = SmallRowBlock.RowsPerBlock(width);
            for (int cols = 1; cols <= SmallRowBlock.MaxCols; cols++)
            foreach (double spread in new[] { 0.5, 6.0 })
            {
                var a = Enumerable.Range(0, rows * cols).Select(_ => (float)(rng.NextDouble() * 18 - 9)).ToArray();
                var b = a.Select(v => v + (float)((rng.NextDouble() - 0.5) * spread)).ToArray();
                if (cols > 2)
                {
                    a[cols + 1] = b[cols + 1] = float.NegativeInfinity;          // masked in both rows
                    a[(rows - 1) * cols + 2] = float.NegativeInfinity;           // p = 0 where q > 0
                }
                fixed (float* pa = a, pb = b)
                {
                    Assert.True(LogitKullbackLeiblerSmallRows.Block(pa, pb, cols, width, scratch, d), $"{width} cols={cols}");
                    for (int r = 0; r < rows; r++)
                    {
                        double want = LogitKullbackLeibler.Row(pa + r * cols, pb + r * cols, cols);
                        Assert.True(Math.Abs(d[r] - want) <= 2e-6 * Math.Max(1, want), $"{width} cols={cols} row {r}: block {d[r]:R}, scalar {want:R}");
                    }
                }
                tested++;
            }
        }
        Assert.True(tested > 0 || !SimdWidth.IsAccelerated(VectorWidth.V128));
    }

    [Fact]
    public void AFaultyRowMakesTheBlockDecline()
    {
        float* scratch = stackalloc float[LogitKullbackLeiblerSmallRows.ScratchFloats];
        double* d = stackalloc double[16];
        foreach (var width in Widths())
        {
            int rows = SmallRowBlock.RowsPerBlock(width), cols = 10;
            foreach (int kind in new[] { 0, 1, 2, 3 })
            {
                var a = new float[rows * cols];
                var b = new float[rows * cols];
                int bad = rows - 1;
                if (kind == 0) a[bad * cols + 3] = float.NaN;
                if (kind == 1) b[bad * cols + 3] = float.PositiveInfinity;
                if (kind == 2) for (int c = 0; c < cols; c++) a[bad * cols + c] = float.NegativeInfinity;
                if (kind == 3) for (int c = 0; c < cols; c++) b[bad * cols + c] = float.NegativeInfinity;
                fixed (float* pa = a, pb = b)
                    Assert.False(LogitKullbackLeiblerSmallRows.Block(pa, pb, cols, width, scratch, d), $"{width} kind {kind}");
            }
        }
    }

    [Fact]
    public void EveryRowCountMatchesTheDoubleForm()
    {
        var rng = new Random(37);
        foreach (int cols in new[] { 3, 10, 16 })
            for (int rows = 0; rows <= 257; rows++)
            {
                var a = Enumerable.Range(0, rows * cols).Select(_ => (float)(rng.NextDouble() * 12 - 6)).ToArray();
                var b = a.Select(v => v + (float)(rng.NextDouble() - 0.5)).ToArray();
                var df = new double[rows];
                var dd = new double[rows];
                LogitKullbackLeibler.RowDivergences(a, b, cols, df);
                LogitKullbackLeibler.RowDivergences(a.Select(v => (double)v).ToArray(), b.Select(v => (double)v).ToArray(), cols, dd);
                for (int i = 0; i < rows; i++)
                    Assert.True(Math.Abs(df[i] - dd[i]) <= 2e-6, $"cols={cols} rows={rows} row {i}: {df[i]} vs {dd[i]}");
            }
    }
}
