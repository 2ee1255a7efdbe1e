using CsCheck;
using Kullback.Losses;

namespace Kullback.Tests.Losses;

/// <summary>
/// Properties of the additions of issue 16 that hold for every input: integer sample weights are repeated rows
/// (scikit-learn's definition of sample_weight), sample weights in {0, 1} are a row mask for Mean, the float overloads
/// agree with the double ones, log targets equal their probabilities, thread count does not change a bit, the NLL and
/// binary gradients match central differences, and torch_compatible changes nothing where torch and Kullback agree.
/// </summary>
public class SampleWeightAndTorchCompatibleTests
{
    private sealed record Problem(int Rows, int Cols, double[] Logits, double[] Probs, int[] Targets, int[] Repeats, double[] ClassWeights, LossReduction Reduction)
    {
        public override string ToString() => $"{Rows}×{Cols} {Reduction} repeats=[{string.Join(",", Repeats)}]";
    }

    private static readonly Gen<Problem> Problems =
        from rows in Gen.Int[1, 6]
        from cols in Gen.Int[1, 20]
        from z in Gen.Double[-8, 8].Array[rows * cols]
        from raw in Gen.Double[0.01, 1].Array[rows * cols]
        from targets in Gen.Int[0, cols - 1].Array[rows]
        from repeats in Gen.Int[0, 3].Array[rows]
        from w in Gen.Double[0.1, 3].Array[cols]
        from reduction in Gen.Enum<LossReduction>()
        where repeats.Sum() > 0
        select new Problem(rows, cols, z, Normalise(raw, rows, cols), targets, repeats, w, reduction);

    private static double[] Normalise(double[] raw, int rows, int cols)
    {
        var p = (double[])raw.Clone();
        for (int i = 0; i < rows; i++)
        {
            double s = 0;
            for (int c = 0; c < cols; c++) s += p[i * cols + c];
            for (int c = 0; c < cols; c++) p[i * cols + c] /= s;
        }
        return p;
    }

    /// <summary>Row i repeated Repeats[i] times (the data set a sample weight stands for).</summary>
    private static T[] Repeat<T>(T[] values, int cols, int[] repeats) =>
        repeats.SelectMany((r, i) => Enumerable.Repeat(values.Skip(i * cols).Take(cols), r).SelectMany(x => x)).ToArray();

    [Fact]
    public void IntegerSampleWeightsAreRepeatedRows()
    {
        Problems.Sample(p =>
        {
            var s = p.Repeats.Select(r => (double)r).ToArray();
            int n = p.Repeats.Sum();
            var options = new LossOptions { Reduction = p.Reduction == LossReduction.None ? LossReduction.Sum : p.Reduction };
            foreach (var objective in new[] { "ce-index", "ce-probs", "kl-probs", "kl-log", "nll" })
            {
                double weighted = Evaluate(objective, p.Logits, p.Rows, p.Cols, p.Probs, p.Targets, options, p.ClassWeights, s);
                double repeated = Evaluate(objective, Repeat(p.Logits, p.Cols, p.Repeats), n, p.Cols, Repeat(p.Probs, p.Cols, p.Repeats),
                    Repeat(p.Targets, 1, p.Repeats), options, p.ClassWeights, null);
                Assert.True(Math.Abs(weighted - repeated) <= 1e-12 * Math.Max(1, Math.Abs(repeated)), $"{objective}: {weighted:R} vs repeated rows {repeated:R}");
            }
            // binary: the rows of an N × C problem
            var x = p.Logits; var y = p.Probs;
            var bo = new BinaryLossOptions { Reduction = options.Reduction == LossReduction.BatchMean ? LossReduction.Mean : options.Reduction };
            double bw = LogisticLoss.Evaluate(x, p.Rows, p.Cols, y, Span<double>.Empty, bo, default, default, s);
            double br = LogisticLoss.Evaluate(Repeat(x, p.Cols, p.Repeats), n, p.Cols, Repeat(y, p.Cols, p.Repeats), Span<double>.Empty, bo);
            Assert.True(Math.Abs(bw - br) <= 1e-12 * Math.Max(1, Math.Abs(br)), $"logistic: {bw:R} vs {br:R}");
        }, iter: 200);
    }

    private static double Evaluate(string objective, double[] z, int rows, int cols, double[] p, int[] y, LossOptions o, double[] w, double[]? s)
    {
        var logP = p.Select(v => Math.Log(v)).ToArray();
        return objective switch
        {
            "ce-index" => CrossEntropyLoss.Evaluate(z, rows, cols, y, default, o, w, default, s).Loss,
            "ce-probs" => CrossEntropyLoss.Evaluate(z, rows, cols, p, default, o, w, default, default, s).Loss,
            "kl-probs" => KullbackLeiblerLoss.Evaluate(z, rows, cols, p, default, o, default, default, default, s).Loss,
            "kl-log" => KullbackLeiblerLoss.EvaluateLogTarget(z, rows, cols, logP, default, o, default, default, default, s).Loss,
            _ => NegativeLogLikelihoodLoss.Evaluate(LogSoftmax(z, rows, cols), rows, cols, y, default, o with { Reduction = o.Reduction }, w, s).Loss,
        };
    }

    private static double[] LogSoftmax(double[] z, int rows, int cols)
    {
        var r = new double[z.Length];
        for (int i = 0; i < rows; i++)
        {
            var row = z.AsSpan(i * cols, cols);
            double m = row.ToArray().Max(), s = 0;
            foreach (var v in row) s += Math.Exp(v - m);
            for (int c = 0; c < cols; c++) r[i * cols + c] = row[c] - m - Math.Log(s);
        }
        return r;
    }

    [Fact]
    public void BinarySampleWeightsOfZeroAndOneAreARowMaskForMean()
    {
        Problems.Sample(p =>
        {
            var s = p.Repeats.Select(r => r > 0 ? 1.0 : 0.0).ToArray();
            var o = new LossOptions { Reduction = LossReduction.Mean };
            var mask = s.Select(v => v > 0).ToArray();
            double weighted = CrossEntropyLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Probs, default, o, p.ClassWeights, default, default, s).Loss;
            double masked = CrossEntropyLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Probs, default, o, p.ClassWeights, mask).Loss;
            Assert.True(Math.Abs(weighted - masked) <= 1e-13 * Math.Max(1, Math.Abs(masked)), $"{weighted:R} vs mask {masked:R}");
        }, iter: 200);
    }

    [Fact]
    public void FloatOverloadsAgreeWithDoubleAndThreadsChangeNoBit()
    {
        Problems.Sample(p =>
        {
            var s = p.Repeats.Select(r => 0.5 * r).ToArray();
            var o = new LossOptions { Reduction = p.Reduction };
            var logP = p.Probs.Select(v => Math.Log(v)).ToArray();
            var gd = new double[p.Logits.Length];
            double d = KullbackLeiblerLoss.EvaluateLogTarget(p.Logits, p.Rows, p.Cols, logP, gd, o, p.ClassWeights, default, default, s).Loss;
            var gf = new float[p.Logits.Length];
            float[] F(double[] a) => a.Select(v => (float)v).ToArray();
            double f = KullbackLeiblerLoss.EvaluateLogTarget(F(p.Logits), p.Rows, p.Cols, F(logP), gf, o, F(p.ClassWeights), default, default, F(s)).Loss;
            Assert.True(Math.Abs(f - d) <= 1e-4 * Math.Max(1, Math.Abs(d)), $"float {f} vs double {d}");
            double scale = Math.Max(1e-3, LossFixtures.MaxAbs(gd));
            for (int k = 0; k < gd.Length; k++) Assert.True(Math.Abs(gf[k] - gd[k]) <= 1e-4 * scale, $"grad[{k}]: float {gf[k]} vs double {gd[k]}");

            // the same probabilities as a log target and as probabilities: the same loss and gradient
            var gp = new double[p.Logits.Length];
            double viaProbs = KullbackLeiblerLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Probs, gp, o, p.ClassWeights, default, default, s).Loss;
            Assert.True(Math.Abs(viaProbs - d) <= 1e-12 * Math.Max(1, Math.Abs(d)), $"log target {d:R} vs probabilities {viaProbs:R}");
            for (int k = 0; k < gd.Length; k++) Assert.True(Math.Abs(gp[k] - gd[k]) <= 1e-12 * scale);

            // NLL and the N × C logistic loss: float against double
            var lp = LogSoftmax(p.Logits, p.Rows, p.Cols);
            var gn = new double[lp.Length]; var gnf = new float[lp.Length];
            double nd = NegativeLogLikelihoodLoss.Evaluate(lp, p.Rows, p.Cols, p.Targets, gn, o, p.ClassWeights, s).Loss;
            double nf = NegativeLogLikelihoodLoss.Evaluate(F(lp), p.Rows, p.Cols, p.Targets, gnf, o, F(p.ClassWeights), F(s)).Loss;
            Assert.True(Math.Abs(nf - nd) <= 1e-5 * Math.Max(1, Math.Abs(nd)), $"nll float {nf} vs double {nd}");
            for (int k = 0; k < gn.Length; k++) Assert.True(Math.Abs(gnf[k] - gn[k]) <= 1e-5 * Math.Max(1e-3, LossFixtures.MaxAbs(gn)));
            var bo = new BinaryLossOptions { Reduction = o.Reduction == LossReduction.BatchMean ? LossReduction.Mean : o.Reduction };
            var gl = new double[p.Logits.Length]; var glf = new float[p.Logits.Length];
            double ld = LogisticLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Probs, gl, bo, default, p.ClassWeights, s);
            double lf = LogisticLoss.Evaluate(F(p.Logits), p.Rows, p.Cols, F(p.Probs), glf, bo, default, F(p.ClassWeights), F(s));
            Assert.True(Math.Abs(lf - ld) <= 1e-5 * Math.Max(1, Math.Abs(ld)), $"logistic float {lf} vs double {ld}");
            for (int k = 0; k < gl.Length; k++) Assert.True(Math.Abs(glf[k] - gl[k]) <= 1e-5 * Math.Max(1e-3, LossFixtures.MaxAbs(gl)));

            var g3 = new double[p.Logits.Length];
            double t3 = KullbackLeiblerLoss.EvaluateLogTarget(p.Logits, p.Rows, p.Cols, logP, g3, o with { Threads = 3 }, p.ClassWeights, default, default, s).Loss;
            Assert.Equal(d, t3);
            Assert.Equal(gd, g3);
        }, iter: 200);
    }

    [Fact]
    public void NllAndBinaryGradientsMatchCentralDifferences()
    {
        Problems.Sample(p =>
        {
            var s = p.Repeats.Select(r => 0.5 + r).ToArray();
            var lp = LogSoftmax(p.Logits, p.Rows, p.Cols);
            var o = new LossOptions { Reduction = p.Reduction };
            var g = new double[lp.Length];
            NegativeLogLikelihoodLoss.Evaluate(lp, p.Rows, p.Cols, p.Targets, g, o, p.ClassWeights, s);
            CheckGradient(x => NegativeLogLikelihoodLoss.Evaluate(x, p.Rows, p.Cols, p.Targets, default, o, p.ClassWeights, s).Loss, lp, g, "nll", shiftDown: true);

            var pw = p.ClassWeights;
            var bo = new BinaryLossOptions { Reduction = p.Reduction == LossReduction.BatchMean ? LossReduction.Sum : p.Reduction };
            var we = p.Probs.Select((v, k) => 0.5 + v).ToArray();
            var gb = new double[p.Logits.Length];
            LogisticLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Probs, gb, bo, we, pw, s);
            CheckGradient(x => LogisticLoss.Evaluate(x, p.Rows, p.Cols, p.Probs, default, bo, we, pw, s), p.Logits, gb, "logistic");
            var probs = p.Logits.Select(v => 0.05 + 0.9 * LogisticLoss.Sigmoid(v)).ToArray();
            var gp = new double[probs.Length];
            BinaryCrossEntropyLoss.Evaluate(probs, p.Rows, p.Cols, p.Probs, gp, bo, we, pw, s);
            CheckGradient(x => BinaryCrossEntropyLoss.Evaluate(x, p.Rows, p.Cols, p.Probs, default, bo, we, pw, s), probs, gp, "bce", step: 1e-7);
        }, iter: 100);
    }

    /// <summary>Central differences; <paramref name="shiftDown"/> centres them at x − h (log-probabilities must stay ≤ 0; NLL is linear in them).</summary>
    private static void CheckGradient(Func<double[], double> loss, double[] x, double[] grad, string what, bool shiftDown = false, double step = 1e-6)
    {
        double scale = Math.Max(1e-3, LossFixtures.MaxAbs(grad));
        for (int k = 0; k < x.Length; k++)
        {
            var a = (double[])x.Clone(); var b = (double[])x.Clone();
            double h = step * Math.Max(1, Math.Abs(x[k]));
            if (shiftDown) a[k] -= 2 * h; else { a[k] -= h; b[k] += h; }
            double fd = (loss(b) - loss(a)) / (2 * h);
            Assert.True(Math.Abs(fd - grad[k]) <= 1e-5 * scale, $"{what} grad[{k}]: {grad[k]:R} vs central difference {fd:R}");
        }
    }

    [Fact]
    public void TorchCompatibleChangesNothingWhereTorchAndKullbackAgree()
    {
        Problems.Sample(p =>
        {
            var o = new LossOptions { Reduction = p.Reduction == LossReduction.Mean ? LossReduction.BatchMean : p.Reduction };
            var g1 = new double[p.Logits.Length]; var g2 = new double[p.Logits.Length];
            double a = CrossEntropyLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Probs, g1, o).Loss;
            double b = CrossEntropyLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Probs, g2, o with { TorchCompatible = true }).Loss;
            Assert.Equal(a, b);
            Assert.Equal(g1, g2);
            a = CrossEntropyLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Targets, g1, o with { Reduction = LossReduction.Mean }, p.ClassWeights).Loss;
            b = CrossEntropyLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Targets, g2, o with { Reduction = LossReduction.Mean, TorchCompatible = true }, p.ClassWeights).Loss;
            Assert.Equal(a, b);
            Assert.Equal(g1, g2);
        }, iter: 100);
    }
}
