using Kullback.Kernels;
using Kullback.Losses;
using Kullback.Tests.Losses;

namespace Kullback.Tests.Kernels;

/// <summary>D(softmax(a)‖softmax(b)) per row against PyTorch, and against the KL objective with P = softmax(a).</summary>
public class LogitKullbackLeiblerTests
{
    [Fact]
    public void MatchesPyTorchRows()
    {
        var c = LossFixtures.Root.GetProperty("logit_kl")[0];
        int rows = c.GetProperty("rows").GetInt32(), cols = c.GetProperty("cols").GetInt32();
        var a = LossFixtures.Numbers(c.GetProperty("a"));
        var b = LossFixtures.Numbers(c.GetProperty("b"));
        var expected = LossFixtures.Numbers(c.GetProperty("kl"));
        var d = new double[rows];
        double sum = LogitKullbackLeibler.RowDivergences(a, b, cols, d);
        LossFixtures.Close(expected, d, 1e-10, "D");
        Assert.Equal(expected.Sum(), sum, 1e-10);
        var df = new double[rows];
        LogitKullbackLeibler.RowDivergences(a.Select(v => (float)v).ToArray(), b.Select(v => (float)v).ToArray(), cols, df);
        // float inputs are the double ones rounded (|Δz| ≤ 2⁻²⁴·|z| ≈ 6e-7 here), which moves D by up to ~1e-6
        LossFixtures.Close(expected, df, 1e-5, "D (float)", 0.2);
    }

    [Fact]
    public void EqualsTheKullbackLeiblerObjectiveWithSoftmaxTargets()
    {
        var rng = new Random(3);
        int rows = 7, cols = 333;
        var a = Enumerable.Range(0, rows * cols).Select(_ => rng.NextDouble() * 6 - 3).ToArray();
        var b = a.Select(v => v + rng.NextDouble() - 0.5).ToArray();
        var p = new double[a.Length];
        for (int i = 0; i < rows; i++)
        {
            var row = a.AsSpan(i * cols, cols);
            double m = row.ToArray().Max(), s = row.ToArray().Sum(v => Math.Exp(v - m));
            for (int c = 0; c < cols; c++) p[i * cols + c] = Math.Exp(row[c] - m) / s;
        }
        var perRow = new double[rows];
        var objective = new double[rows];
        LogitKullbackLeibler.RowDivergences(a, b, cols, perRow);
        KullbackLeiblerLoss.Evaluate(b, rows, cols, p, default, new LossOptions { Reduction = LossReduction.None }, default, default, new RowTerms { Loss = objective });
        LossFixtures.Close(objective, perRow, 1e-9, "D", 1e-6);
        Assert.Equal(perRow.Average(), LogitKullbackLeibler.Mean(a, b, rows, cols), 1e-15);
    }

    [Fact]
    public void DivergenceOfARowFromItselfIsZeroAndChunksAddUp()
    {
        var rng = new Random(5);
        int rows = 10, cols = 129;
        var a = Enumerable.Range(0, rows * cols).Select(_ => (float)(rng.NextDouble() * 20 - 10)).ToArray();
        var d = new double[rows];
        Assert.Equal(0, LogitKullbackLeibler.RowDivergences(a, a, cols, d), 1e-6);
        var b = a.Select(v => v * 0.5f).ToArray();
        double whole = LogitKullbackLeibler.RowDivergences(a, b, cols, d);
        double first = LogitKullbackLeibler.RowDivergences(a.AsSpan(0, 4 * cols), b.AsSpan(0, 4 * cols), cols, new double[4]);
        double rest = LogitKullbackLeibler.RowDivergences(a.AsSpan(4 * cols), b.AsSpan(4 * cols), cols, new double[6], threads: 2);
        Assert.Equal(whole, first + rest, 1e-12 * whole);
    }
}
