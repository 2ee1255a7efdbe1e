using CsCheck;
using Kullback.Losses;

namespace Kullback.Tests.Losses;

/// <summary>Identities that hold for every input: gradient = finite differences, CE and KL share a gradient,
/// H(P,Q) = H(P) + D(P‖Q), shift invariance, thread-count independence.</summary>
public class LossPropertyTests
{
    /// <summary>A random problem: logits ~ N(0, 3²)-ish, probability rows with some exact zeros, weights, ε, reduction.</summary>
    private sealed record Problem(int Rows, int Cols, double[] Logits, double[] Probs, int[] Targets, double[] Weights, double Epsilon, LossReduction Reduction)
    {
        public override string ToString() => $"{Rows}×{Cols} ε={Epsilon} {Reduction} z=[{string.Join(",", Logits.Take(8))}…]";
    }

    private static readonly Gen<Problem> Problems =
        from rows in Gen.Int[1, 5]
        from cols in Gen.Int[1, 40]
        from z in Gen.Double[-9, 9].Array[rows * cols]
        from raw in Gen.Double[0, 1].Array[rows * cols]
        from zeros in Gen.Bool.Array[rows * cols]
        from targets in Gen.Int[0, cols - 1].Array[rows]
        from w in Gen.Double[0.1, 3].Array[cols]
        from eps in Gen.OneOf(Gen.Const(0.0), Gen.Double[0, 0.5])
        from reduction in Gen.Enum<LossReduction>()
        select new Problem(rows, cols, z, Normalise(raw, zeros, rows, cols), targets, w, eps, reduction);

    private static double[] Normalise(double[] raw, bool[] zeros, int rows, int cols)
    {
        var p = new double[raw.Length];
        for (int i = 0; i < rows; i++)
        {
            double s = 0;
            for (int c = 0; c < cols; c++) { int k = i * cols + c; p[k] = zeros[k] && c > 0 ? 0 : raw[k] + 1e-3; s += p[k]; }
            for (int c = 0; c < cols; c++) p[i * cols + c] /= s;
        }
        return p;
    }

    private static LossOptions Options(Problem p) => new() { Reduction = p.Reduction, LabelSmoothing = p.Epsilon };

    [Fact]
    public void GradientMatchesCentralDifferences()
    {
        Problems.Sample(p =>
        {
            foreach (bool byIndex in new[] { true, false })
            {
                double Loss(double[] z)
                {
                    var rows = new double[p.Rows];
                    var r = byIndex
                        ? CrossEntropyLoss.Evaluate(z, p.Rows, p.Cols, p.Targets, default, Options(p), p.Weights, new RowTerms { Loss = rows })
                        : CrossEntropyLoss.Evaluate(z, p.Rows, p.Cols, p.Probs, default, Options(p), p.Weights, default, new RowTerms { Loss = rows });
                    return r.Loss;
                }
                var grad = new double[p.Logits.Length];
                if (byIndex) CrossEntropyLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Targets, grad, Options(p), p.Weights);
                else CrossEntropyLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Probs, grad, Options(p), p.Weights);
                double scale = Math.Max(LossFixtures.MaxAbs(grad), 1e-3);
                var z = (double[])p.Logits.Clone();
                for (int k = 0; k < z.Length; k++)
                {
                    const double h = 1e-5;
                    double keep = z[k];
                    z[k] = keep + h; double up = Loss(z);
                    z[k] = keep - h; double down = Loss(z);
                    z[k] = keep;
                    double fd = (up - down) / (2 * h);
                    Assert.True(Math.Abs(fd - grad[k]) <= 1e-6 * scale * (1 + Math.Abs(Loss(z))), $"∂/∂z[{k}]: analytic {grad[k]}, central difference {fd} (index targets: {byIndex})");
                }
            }
        }, iter: 60);
    }

    [Fact]
    public void CrossEntropyAndKullbackLeiblerShareTheirGradient()
    {
        Problems.Sample(p =>
        {
            var options = Options(p) with { Reduction = LossReduction.Sum };
            var gCe = new double[p.Logits.Length];
            var gKl = new double[p.Logits.Length];
            CrossEntropyLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Probs, gCe, options, p.Weights);
            KullbackLeiblerLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Probs, gKl, options, p.Weights);
            Assert.Equal(gCe, gKl);
            var fCe = new float[p.Logits.Length];
            var fKl = new float[p.Logits.Length];
            var z = p.Logits.Select(v => (float)v).ToArray();
            var q = p.Probs.Select(v => (float)v).ToArray();
            CrossEntropyLoss.Evaluate(z, p.Rows, p.Cols, q, fCe, options);
            KullbackLeiblerLoss.Evaluate(z, p.Rows, p.Cols, q, fKl, options);
            Assert.Equal(fCe, fKl);
        });
    }

    [Fact]
    public void CrossEntropyIsEntropyPlusDivergence()
    {
        Problems.Sample(p =>
        {
            double[] h = new double[p.Rows], hpq = new double[p.Rows], d = new double[p.Rows], kl = new double[p.Rows], ce = new double[p.Rows];
            var options = Options(p) with { Reduction = LossReduction.None };
            CrossEntropyLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Probs, default, options, default, default,
                new RowTerms { Loss = ce, Entropy = h, CrossEntropy = hpq, Divergence = d });
            KullbackLeiblerLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Probs, default, options, default, default, new RowTerms { Loss = kl });
            for (int i = 0; i < p.Rows; i++)
            {
                Assert.True(d[i] >= 0);
                Assert.Equal(hpq[i], ce[i], 1e-12 * Math.Max(1, hpq[i]));
                Assert.Equal(hpq[i], h[i] + d[i], 1e-12 * Math.Max(1, hpq[i]));
                Assert.Equal(d[i], kl[i]);
            }
        });
    }

    [Fact]
    public void AddingAConstantToARowChangesNothing()
    {
        Problems.Sample(p =>
        {
            var shifted = p.Logits.Select((v, k) => v + 100 * (k / p.Cols + 1)).ToArray();
            var options = Options(p);
            double a = CrossEntropyLoss.Evaluate(p.Logits, p.Rows, p.Cols, p.Probs, default, options, p.Weights).Loss;
            double b = CrossEntropyLoss.Evaluate(shifted, p.Rows, p.Cols, p.Probs, default, options, p.Weights).Loss;
            Assert.Equal(a, b, 1e-9 * Math.Max(1, Math.Abs(a)));
        });
    }

    [Fact]
    public void ResultIsTheSameBitsOnAnyThreadCount()
    {
        var rng = new Random(7);
        int rows = 3000, cols = 37;
        var z = Enumerable.Range(0, rows * cols).Select(_ => (float)(rng.NextDouble() * 12 - 6)).ToArray();
        var y = Enumerable.Range(0, rows).Select(_ => rng.Next(cols)).ToArray();
        var g1 = new float[z.Length];
        var r1 = CrossEntropyLoss.Evaluate(z, rows, cols, y, g1, new LossOptions { Threads = 1, Decompose = true });
        foreach (int t in new[] { 2, 3, -1 })
        {
            var gt = new float[z.Length];
            var rt = CrossEntropyLoss.Evaluate(z, rows, cols, y, gt, new LossOptions { Threads = t, Decompose = true });
            Assert.Equal(r1, rt);
            Assert.Equal(g1, gt);
        }
    }
}
