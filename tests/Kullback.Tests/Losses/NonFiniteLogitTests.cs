using Kullback.Kernels;
using Kullback.Losses;

namespace Kullback.Tests.Losses;

/// <summary>
/// A NaN or +∞ logit anywhere in a row is an error naming that row, for every row length (the vector widths, their tails
/// and the short-row blocks) and every mode. The long-row kernels find NaN in Σ exp(z − m) rather than in the max pass
/// (NaNInExpSum), so this checks that nothing else hides it: the first lane, the overlapping tail, the last element, one
/// row among good ones, label smoothing, class weights, gradients and both objectives. CI runs it at every ISA level.
/// </summary>
public class NonFiniteLogitTests
{
    public static readonly TheoryData<int> Lengths = new() { 2, 3, 7, 10, 16, 17, 31, 40, 64, 100, 257, 1000 };

    private static float[] Logits(int rows, int cols, int badRow, int badCol, float bad)
    {
        var rng = new Random(rows * 1000 + cols);
        var z = new float[rows * cols];
        for (int i = 0; i < z.Length; i++) z[i] = (float)(rng.NextDouble() * 8 - 4);
        z[badRow * cols + badCol] = bad;
        return z;
    }

    private static float[] Uniform(int rows, int cols)
    {
        var p = new float[rows * cols];
        Array.Fill(p, 1f / cols);
        return p;
    }

    private static void Faults(Action evaluate, int row)
    {
        var e = Assert.Throws<ArgumentException>(evaluate);
        Assert.Contains($"row {row}", e.Message);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void NaNOrInfinityAnywhereFaultsTheRow(int cols)
    {
        const int rows = 37, badRow = 21;
        var targets = Enumerable.Range(0, rows).Select(i => i % cols).ToArray();
        var weights = Enumerable.Range(0, cols).Select(c => 0.5f + c % 3).ToArray();
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity })
            foreach (int badCol in new[] { 0, cols / 2, cols - 1 }.Distinct())
            {
                var z = Logits(rows, cols, badRow, badCol, bad);
                var g = new float[z.Length];
                var p = Uniform(rows, cols);
                foreach (var options in new[] { default, new LossOptions { LabelSmoothing = 0.1 } })
                    foreach (var w in new[] { null, weights })
                    {
                        Faults(() => CrossEntropyLoss.Evaluate(z, rows, cols, targets, Span<float>.Empty, options, w), badRow);
                        Faults(() => CrossEntropyLoss.Evaluate(z, rows, cols, targets, g, options, w), badRow);
                        Faults(() => CrossEntropyLoss.Evaluate(z, rows, cols, p, Span<float>.Empty, options, w), badRow);
                        Faults(() => CrossEntropyLoss.Evaluate(z, rows, cols, p, g, options with { Decompose = true }, w), badRow);
                        Faults(() => KullbackLeiblerLoss.Evaluate(z, rows, cols, p, g, options, w), badRow);
                    }
                var zd = Array.ConvertAll(z, v => (double)v);
                Faults(() => CrossEntropyLoss.Evaluate(zd, rows, cols, targets, new double[zd.Length], default), badRow);
                Faults(() => KullbackLeiblerLoss.Evaluate(zd, rows, cols, Array.ConvertAll(p, v => (double)v), Span<double>.Empty, default), badRow);

                var other = Logits(rows, cols, 0, 0, 0f);
                Faults(() => LogitKullbackLeibler.RowDivergences(z, other, cols, new double[rows]), badRow);
                Faults(() => LogitKullbackLeibler.RowDivergences(other, z, cols, new double[rows]), badRow);
            }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MinusInfinityIsLegalButARowOfItIsNot(int cols)
    {
        const int rows = 5;
        var z = Logits(rows, cols, 2, cols - 1, float.NegativeInfinity);
        var targets = new int[rows];
        var r = CrossEntropyLoss.Evaluate(z, rows, cols, targets, new float[z.Length], default);
        Assert.True(double.IsFinite(r.Loss));
        for (int c = 0; c < cols; c++) z[3 * cols + c] = float.NegativeInfinity;
        Faults(() => CrossEntropyLoss.Evaluate(z, rows, cols, targets, new float[z.Length], default), 3);
    }
}
