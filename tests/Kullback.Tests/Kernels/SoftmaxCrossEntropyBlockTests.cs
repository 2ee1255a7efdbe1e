using Kullback.Kernels;
using Kullback.Losses;

namespace Kullback.Tests.Kernels;

/// <summary>The short-row block driver of the softmax cross-entropy kernel (one row per lane) at every width it runs at,
/// row by row against the scalar (double lanes) form of the same kernel: every row length 1…16, class-index and probability
/// targets, label smoothing, both objectives, with and without the decomposition and the gradient.</summary>
public unsafe class SoftmaxCrossEntropyBlockTests
{
    private static IEnumerable<VectorWidth> Widths()
    {
        foreach (var w in new[] { VectorWidth.V128, VectorWidth.V256, VectorWidth.V512 })
            if (SimdWidth.IsAccelerated(w)) yield return w;
    }

    [Fact]
    public void EveryWidthMatchesTheScalarFormRowByRow()
    {
        var rng = new Random(29);
        float* scratch = stackalloc float[SoftmaxCrossEntropyBlocks.ScratchFloats];
        var outcomes = stackalloc RowOutcome[16];
        int tested = 0;
        foreach (var width in Widths())
        {
            int rows = SoftmaxCrossEntropyBlocks.RowsPerBlock(width);
            for (int cols = 1; cols <= SoftmaxCrossEntropyBlocks.MaxCols; cols++)
            {
            foreach (bool hard in new[] { true, false })
            foreach (double eps in new[] { 0.0, 0.15 })
            foreach (bool kl in new[] { false, true })
            foreach (bool decompose in new[] { false, true })
            foreach (bool withGradient in new[] { false, true })
            {
                var z = new float[rows * cols];
                var p = new float[rows * cols];
                var y = new int[rows];
                for (int r = 0; r < rows; r++)
                {
                    double sum = 0;
                    for (int c = 0; c < cols; c++) { z[r * cols + c] = (float)(rng.NextDouble() * 18 - 9); p[r * cols + c] = c % 3 == 2 ? 0 : (float)rng.NextDouble(); sum += p[r * cols + c]; }
                    if (sum == 0) { p[r * cols] = 1; sum = 1; }
                    for (int c = 0; c < cols; c++) p[r * cols + c] = (float)(p[r * cols + c] / sum);
                    y[r] = rng.Next(cols);
                }
                if (cols > 3 && eps == 0) { z[cols + 2] = float.NegativeInfinity; if (y[1] == 2) y[1] = 0; p[cols] += p[cols + 2]; p[cols + 2] = 0; }
                var g = new float[z.Length];
                var gs = new float[z.Length];
                var objective = kl ? LogitObjective.KullbackLeibler : LogitObjective.CrossEntropy;
                string what = $"V{width} cols={cols} hard={hard} ε={eps} kl={kl} decompose={decompose} g={withGradient}";
                fixed (float* pz = z, pp = p, pg = g, pgs = gs)
                fixed (int* py = y)
                {
                    var block = new CrossEntropyRow<float>
                    {
                        Logits = pz, Cols = cols, Probabilities = hard ? null : pp, WeightSum = cols, Gradient = withGradient ? pg : null,
                        Scale = 0.25, Epsilon = eps, Tolerance = 1e-4, Objective = objective,
                    };
                    Assert.True(SoftmaxCrossEntropyBlocks.Run(block, hard ? py : null, decompose, width, scratch, outcomes), what);
                    for (int r = 0; r < rows; r++)
                    {
                        var row = new CrossEntropyRow<float>
                        {
                            Logits = pz + r * cols, Cols = cols, Target = y[r], Probabilities = hard ? null : pp + r * cols, WeightSum = cols,
                            Gradient = withGradient ? pgs + r * cols : null, Scale = 0.25, Epsilon = eps, Tolerance = 1e-4, Objective = objective,
                        };
                        var e = SoftmaxCrossEntropy.Evaluate(row, decompose || kl, VectorWidth.Scalar);
                        var a = outcomes[r];
                        Assert.Equal(RowFault.None, e.Fault);
                        Near(e.Loss, a.Loss, what + $" row {r} loss");
                        if (hard || decompose || kl)
                        {
                            Near(e.Entropy, a.Entropy, what + $" row {r} H(P)");
                            Near(e.CrossEntropy, a.CrossEntropy, what + $" row {r} H(P,Q)");
                            Near(e.Divergence, a.Divergence, what + $" row {r} D");
                        }
                    }
                    if (withGradient)
                        for (int k = 0; k < g.Length; k++)
                            Assert.True(Math.Abs(g[k] - gs[k]) <= 1e-6, $"{what} g[{k}]: scalar {gs[k]:R}, block {g[k]:R}");
                }
                tested++;
            }
            }
        }
        Assert.True(tested > 0 || !SimdWidth.IsAccelerated(VectorWidth.V128));
    }

    /// <summary>The vectorised finishing of probability-target blocks gives Finish's bits, lane by lane, for every block
    /// size, smoothing, objective and terms mode, and declines exactly when some lane is not normalised.</summary>
    [Fact]
    public void ProbabilityLanesFinishWithTheBitsOfFinish()
    {
        var rng = new Random(41);
        float* lanes = stackalloc float[8 * 16];
        double* logs = stackalloc double[16];
        var outcomes = stackalloc RowOutcome[16];
        float* alpha = stackalloc float[16];
        foreach (int rows in new[] { 4, 8, 16 })
        foreach (double eps in new[] { 0.0, 0.1 })
        foreach (bool kl in new[] { false, true })
        foreach (bool decompose in new[] { false, true })
        for (int trial = 0; trial < 50; trial++)
        {
            for (int j = 0; j < 8 * rows; j++) lanes[j] = (float)(rng.NextDouble() * 20 - 10);
            for (int r = 0; r < rows; r++)
            {
                lanes[r] = (float)(1 + rng.NextDouble() * 30);                                  // s ≥ 1 (the max lane is e⁰)
                lanes[rows + r] = (float)(1 + (rng.NextDouble() - 0.5) * 2e-4);                  // Σ p near 1, some past 1e-4
                if (trial % 10 == 9 && r == rows / 2) lanes[rows + r] = trial % 20 == 9 ? float.NaN : 1.5f;
                logs[r] = Math.Log(lanes[r]);
            }
            var block = new CrossEntropyRow<float> { Cols = 10, WeightSum = 10, Scale = 1.0 / 3, Epsilon = eps, Tolerance = 1e-4,
                Objective = kl ? LogitObjective.KullbackLeibler : LogitObjective.CrossEntropy };
            bool terms = decompose || kl;                            // as Block chooses its terms mode
            bool accepted = terms
                ? SoftmaxCrossEntropyBlocks.FinishProbabilityLanes<WithTerms>(block, lanes, logs, rows, outcomes, alpha)
                : SoftmaxCrossEntropyBlocks.FinishProbabilityLanes<LossOnly>(block, lanes, logs, rows, outcomes, alpha);
            bool allGood = true;
            for (int r = 0; r < rows; r++)
            {
                var sums = TargetLanes<float, System.Runtime.Intrinsics.Vector128<float>, FloatSimd128, Unweighted, WithTerms>.Lane(lanes, rows, r);
                sums.LogExp = logs[r];
                var e = terms
                    ? SoftmaxCrossEntropy.Finish<ProbabilityTarget, Unweighted, WithTerms>(sums, eps, 10, 10, block.Objective, block.Tolerance, out double wTilde)
                    : SoftmaxCrossEntropy.Finish<ProbabilityTarget, Unweighted, LossOnly>(sums, eps, 10, 10, block.Objective, block.Tolerance, out wTilde);
                if (e.Fault != RowFault.None) { allGood = false; continue; }
                string what = $"rows={rows} ε={eps} kl={kl} decompose={decompose} trial {trial} row {r}";
                var a = outcomes[r];
                Assert.Equal(BitConverter.DoubleToInt64Bits(e.Loss), BitConverter.DoubleToInt64Bits(a.Loss));
                Assert.Equal(BitConverter.DoubleToInt64Bits(e.Entropy), BitConverter.DoubleToInt64Bits(a.Entropy));
                Assert.Equal(BitConverter.DoubleToInt64Bits(e.CrossEntropy), BitConverter.DoubleToInt64Bits(a.CrossEntropy));
                Assert.Equal(BitConverter.DoubleToInt64Bits(e.Divergence), BitConverter.DoubleToInt64Bits(a.Divergence));
                Assert.True(((float)(block.Scale * wTilde / sums.Exp)).Equals(alpha[r]), what + " α");
            }
            Assert.Equal(allGood, accepted);
        }
    }

    [Fact]
    public void AFaultyRowMakesTheBlockDeclineAndWritesNothing()
    {
        float* scratch = stackalloc float[SoftmaxCrossEntropyBlocks.ScratchFloats];
        var outcomes = stackalloc RowOutcome[16];
        int* y = stackalloc int[16];
        foreach (var width in Widths())
        {
            int rows = SoftmaxCrossEntropyBlocks.RowsPerBlock(width), cols = 10;
            foreach (int kind in new[] { 0, 1, 2, 3 })
            {
                var z = new float[rows * cols];
                var p = new float[rows * cols];
                for (int r = 0; r < rows; r++) p[r * cols] = 1;
                int bad = rows - 1;
                if (kind == 0) z[bad * cols + 3] = float.NaN;
                if (kind == 1) for (int c = 0; c < cols; c++) z[bad * cols + c] = float.NegativeInfinity;
                if (kind == 2) { p[bad * cols] = 1.5f; p[bad * cols + 1] = -0.5f; }
                if (kind == 3) p[bad * cols] = 0.5f;
                var g = Enumerable.Repeat(7f, z.Length).ToArray();
                fixed (float* pz = z, pp = p, pg = g)
                {
                    var block = new CrossEntropyRow<float> { Logits = pz, Cols = cols, Probabilities = kind >= 2 ? pp : null, WeightSum = cols, Gradient = pg, Scale = 1, Tolerance = 1e-4 };
                    Assert.False(SoftmaxCrossEntropyBlocks.Run(block, kind >= 2 ? null : y, false, width, scratch, outcomes), $"{width} kind {kind}");
                }
                Assert.All(g, v => Assert.Equal(7f, v));
            }
        }
    }

    private static void Near(double expected, double actual, string what) =>
        Assert.True(expected.Equals(actual) || Math.Abs(expected - actual) <= 2e-6 * Math.Max(Math.Abs(expected), 1), $"{what}: scalar {expected:R}, block {actual:R}");
}
