using Kullback.Kernels;
using Kullback.Losses;

namespace Kullback.Tests.Kernels;

/// <summary>The 8-rows-at-a-time kernel for short rows (C ≤ 16) against the scalar double form, through the public API.</summary>
public class SmallRowBlockTests
{
    [Fact]
    public void BlocksMatchTheScalarFormForEveryShortRowLength()
    {
        Assert.True(SoftmaxCrossEntropySmallRows.IsSupported(10) || !System.Runtime.Intrinsics.X86.Avx2.IsSupported);
        var rng = new Random(13);
        for (int cols = 1; cols <= 17; cols++)
        foreach (int rows in new[] { 8, 19, 40 })
        foreach (bool withIgnore in new[] { false, true })
        {
            var z = new float[rows * cols];
            for (int k = 0; k < z.Length; k++) z[k] = (float)(rng.NextDouble() * 18 - 9);
            var y = new int[rows];
            for (int i = 0; i < rows; i++) y[i] = rng.Next(cols);
            if (cols > 2) z[3 * cols + (y[3] + 1) % cols] = float.NegativeInfinity;   // a masked class
            if (withIgnore) y[rows / 2] = -1;
            var options = new LossOptions { Reduction = LossReduction.Sum, IgnoreIndex = withIgnore ? -1 : null, Decompose = true };
            var g = new float[z.Length];
            var gd = new double[z.Length];
            var rowF = new double[rows];
            var rowD = new double[rows];
            var rf = CrossEntropyLoss.Evaluate(z, rows, cols, y, g, options, default, new RowTerms { Loss = rowF });
            var rd = CrossEntropyLoss.Evaluate(z.Select(v => (double)v).ToArray(), rows, cols, y, gd, options, default, new RowTerms { Loss = rowD });
            for (int i = 0; i < rows; i++)
                Assert.True(Math.Abs(rowF[i] - rowD[i]) <= 1e-6 * Math.Max(1, rowD[i]), $"cols={cols} rows={rows} row {i}: {rowF[i]} vs {rowD[i]}");
            for (int k = 0; k < g.Length; k++)
                Assert.True(Math.Abs(g[k] - gd[k]) <= 1e-6, $"cols={cols} rows={rows} g[{k}]: {g[k]} vs {gd[k]}");
            Assert.Equal(rd.CountedRows, rf.CountedRows);
            Assert.Equal(rd.CrossEntropy!.Value, rf.CrossEntropy!.Value, 1e-5);
            Assert.Equal(0, rf.Entropy!.Value);
        }
    }

    [Fact]
    public void AFaultInsideABlockIsReportedWithItsRow()
    {
        var z = new float[16 * 10];
        z[13 * 10 + 4] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => CrossEntropyLoss.Evaluate(z, 16, 10, new int[16], default));
        Assert.Contains("row 13", e.Message);
    }
}
