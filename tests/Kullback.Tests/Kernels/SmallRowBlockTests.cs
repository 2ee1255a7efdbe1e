using Kullback.Kernels;
using Kullback.Losses;

namespace Kullback.Tests.Kernels;

/// <summary>The 8-rows-at-a-time kernel for short rows (C ≤ 16) against the scalar double form, through the public API.</summary>
public class SmallRowBlockTests
{
    [Fact]
    public void BlocksMatchTheScalarFormForEveryShortRowLength()
    {
        Assert.True(SmallRowBlock.IsSupported(10) || !System.Runtime.Intrinsics.X86.Avx2.IsSupported);
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
    public void ProbabilityTargetBlocksMatchTheScalarForm()
    {
        var rng = new Random(17);
        for (int cols = 1; cols <= 17; cols++)
        foreach (int rows in new[] { 8, 19, 40 })
        foreach (double eps in new[] { 0.0, 0.2 })
        foreach (bool withMask in new[] { false, true })
        {
            var z = new float[rows * cols];
            var p = new float[rows * cols];
            for (int i = 0; i < rows; i++)
            {
                double sum = 0;
                for (int c = 0; c < cols; c++) { z[i * cols + c] = (float)(rng.NextDouble() * 18 - 9); p[i * cols + c] = c % 4 == 2 ? 0 : (float)rng.NextDouble(); sum += p[i * cols + c]; }
                if (sum == 0) { p[i * cols] = 1; sum = 1; }
                for (int c = 0; c < cols; c++) p[i * cols + c] = (float)(p[i * cols + c] / sum);
            }
            if (cols > 3 && eps == 0) z[5 * cols + 2] = float.NegativeInfinity;      // masked class where p = 0
            bool[]? mask = withMask ? Enumerable.Range(0, rows).Select(i => i % 7 != 3).ToArray() : null;
            var options = new LossOptions { Reduction = LossReduction.None, LabelSmoothing = eps };
            var g = new float[z.Length];
            var gd = new double[z.Length];
            var rowF = new double[rows];
            var rowD = new double[rows];
            CrossEntropyLoss.Evaluate(z, rows, cols, p, g, options, default, mask, new RowTerms { Loss = rowF });
            CrossEntropyLoss.Evaluate(z.Select(v => (double)v).ToArray(), rows, cols, p.Select(v => (double)v).ToArray(), gd, options with { }, default, mask, new RowTerms { Loss = rowD });
            for (int i = 0; i < rows; i++)
                Assert.True(Math.Abs(rowF[i] - rowD[i]) <= 1e-5 * Math.Max(1, rowD[i]), $"cols={cols} rows={rows} ε={eps} row {i}: {rowF[i]} vs {rowD[i]}");
            for (int k = 0; k < g.Length; k++)
                Assert.True(Math.Abs(g[k] - gd[k]) <= 1e-6, $"cols={cols} rows={rows} ε={eps} g[{k}]: {g[k]} vs {gd[k]}");
        }
    }

    [Fact]
    public void CrossEntropyAndKullbackLeiblerGiveTheSameGradientBitsInBlocksAndRows()
    {
        var rng = new Random(23);
        foreach (int cols in new[] { 3, 10, 16, 17, 40 })
        foreach (double eps in new[] { 0.0, 0.1 })
        {
            int rows = 27;
            var z = Enumerable.Range(0, rows * cols).Select(_ => (float)(rng.NextDouble() * 12 - 6)).ToArray();
            var p = new float[z.Length];
            for (int i = 0; i < rows; i++)
            {
                double sum = 0;
                for (int c = 0; c < cols; c++) { p[i * cols + c] = (float)rng.NextDouble(); sum += p[i * cols + c]; }
                for (int c = 0; c < cols; c++) p[i * cols + c] = (float)(p[i * cols + c] / sum);
            }
            var y = Enumerable.Range(0, rows).Select(_ => rng.Next(cols)).ToArray();
            foreach (bool decompose in new[] { false, true })
            {
                var options = new LossOptions { LabelSmoothing = eps, Decompose = decompose, Reduction = LossReduction.Sum };
                float[] ce = new float[z.Length], kl = new float[z.Length], ceHard = new float[z.Length], klHard = new float[z.Length];
                var rCe = CrossEntropyLoss.Evaluate(z, rows, cols, p, ce, options);
                var rKl = KullbackLeiblerLoss.Evaluate(z, rows, cols, p, kl, options);
                Assert.Equal(ce, kl);
                CrossEntropyLoss.Evaluate(z, rows, cols, y, ceHard, options);
                KullbackLeiblerLoss.Evaluate(z, rows, cols, y, klHard, options);
                Assert.Equal(ceHard, klHard);
                if (decompose)
                {
                    // and the numbers: CE − KL = Σ H(P̃) over rows, against the double form
                    var rd = KullbackLeiblerLoss.Evaluate(z.Select(v => (double)v).ToArray(), rows, cols, p.Select(v => (double)v).ToArray(), default, options);
                    Assert.Equal(rd.Loss, rKl.Loss, 1e-5 * rows);
                    Assert.Equal(rd.Entropy!.Value, rKl.Entropy!.Value, 1e-5);
                    Assert.Equal(rCe.Loss - rKl.Loss, rows * rKl.Entropy!.Value, 1e-4);
                }
            }
        }
    }

    [Fact]
    public void LogitKullbackLeiblerBlocksMatchTheScalarForm()
    {
        var rng = new Random(19);
        for (int cols = 1; cols <= 17; cols++)
        foreach (int rows in new[] { 8, 19, 40 })
        {
            var a = Enumerable.Range(0, rows * cols).Select(_ => (float)(rng.NextDouble() * 18 - 9)).ToArray();
            var b = a.Select(v => v + (float)(rng.NextDouble() - 0.5)).ToArray();
            if (cols > 2) { a[2 * cols + 1] = float.NegativeInfinity; b[2 * cols + 1] = float.NegativeInfinity; a[9 * cols % a.Length] = float.NegativeInfinity; }
            var df = new double[rows];
            var dd = new double[rows];
            LogitKullbackLeibler.RowDivergences(a, b, cols, df);
            LogitKullbackLeibler.RowDivergences(a.Select(v => (double)v).ToArray(), b.Select(v => (double)v).ToArray(), cols, dd);
            for (int i = 0; i < rows; i++)
                Assert.True(Math.Abs(df[i] - dd[i]) <= 2e-6, $"cols={cols} rows={rows} row {i}: {df[i]} vs {dd[i]}");
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
