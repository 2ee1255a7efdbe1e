using CsCheck;
using Kullback.Measures;

namespace Kullback.Tests.Measures;

/// <summary>The identities of the measures, on random distributions (CsCheck).</summary>
public class PropertyTests
{
    private const double Epsilon = 1.0 / (1L << 52);

    /// <summary>A distribution over 1…300 classes with exact zeros and tiny values, normalised in double.</summary>
    private static Gen<double[]> Distribution(int n) =>
        Gen.Select(Gen.Frequency((1, Gen.Const(0.0)), (1, Gen.Double[0.0, 1.0].Select(v => v * 1e-200)), (6, Gen.Double[0.0, 1.0])).Array[n], Gen.Int[0, n - 1], Gen.Double[0.5, 1.0])
            .Select((x, k, big) =>
            {
                x[k] = big; // at least one class carries mass
                double s = x.Sum();
                return Array.ConvertAll(x, v => v / s);
            });

    private static readonly Gen<double[]> OneDistribution = Gen.Int[1, 300].SelectMany(Distribution);

    private static readonly Gen<(double[] P, double[] Q)> Pairs =
        Gen.Int[1, 300].SelectMany(n => Gen.Select(Distribution(n), Distribution(n)));

    /// <summary>Q with full support (q_i &gt; 0), so every measure is finite.</summary>
    private static readonly Gen<(double[] P, double[] Q)> FinitePairs =
        Pairs.Select(t => (t.P, Array.ConvertAll(t.Q, v => (v + 1e-3) / (1 + 1e-3 * t.Q.Length))));

    [Fact]
    public void DivergenceIsNonNegativeAndZeroOnlyAgainstItself() =>
        Pairs.Sample(t =>
        {
            Assert.True(KullbackLeibler.Divergence(t.P, t.Q) >= 0);
            Assert.True(JensenShannon.Divergence(t.P, t.Q) >= 0);
            Assert.Equal(0.0, KullbackLeibler.Divergence(t.P, t.P));
            Assert.Equal(0.0, JensenShannon.Divergence(t.P, t.P));
        });

    [Fact]
    public void CrossEntropyIsEntropyPlusDivergence() =>
        FinitePairs.Sample(t =>
        {
            var d = Decomposition.Of(t.P, t.Q);
            double scale = d.CrossEntropy + d.Entropy + d.Divergence;
            Assert.True(Math.Abs(d.CrossEntropy - (d.Entropy + d.Divergence)) <= 16 * Epsilon * scale + 1e-300,
                $"H(P,Q) = {d.CrossEntropy:R}, H(P) + D(P‖Q) = {d.Entropy + d.Divergence:R}");
        });

    [Fact]
    public void InfiniteDivergenceMeansInfiniteCrossEntropy() =>
        Pairs.Sample(t =>
        {
            var d = Decomposition.Of(t.P, t.Q);
            Assert.Equal(double.IsPositiveInfinity(d.Divergence), double.IsPositiveInfinity(d.CrossEntropy));
            Assert.False(double.IsNaN(d.Divergence) || double.IsNaN(d.CrossEntropy) || double.IsNaN(d.Entropy));
        });

    [Fact]
    public void EntropyLiesBetweenZeroAndLogN() =>
        OneDistribution.Sample(p =>
        {
            double h = Entropy.Of(p);
            double logN = Math.Log(p.Length);
            Assert.InRange(h, 0.0, logN * (1 + 4 * Epsilon)); // log n itself is rounded: a few ulps above it are rounding
        });

    [Fact]
    public void JensenShannonIsAtMostLogTwoAndSymmetric() =>
        Pairs.Sample(t =>
        {
            double js = JensenShannon.Divergence(t.P, t.Q);
            Assert.InRange(js, 0.0, Math.Log(2.0));
            Assert.InRange(JensenShannon.Divergence(t.P, t.Q, LogBase.Bits), 0.0, 1.0);
            Assert.Equal(js, JensenShannon.Divergence(t.Q, t.P), 8 * Epsilon * Math.Log(2.0));
        });

    [Fact]
    public void LogitsShiftedByAConstantGiveTheSameResult() =>
        Gen.Int[1, 200].SelectMany(n => Gen.Select(Gen.Int[-400, 400].Array[n], Gen.Int[-400, 400].Array[n], Gen.Int[-1000, 1000]))
            .Sample(t =>
            {
                // Multiples of 1/8 and an integer shift: z + c is exact, so the answers must be identical.
                var y = Array.ConvertAll(t.Item1, v => v / 8.0);
                var z = Array.ConvertAll(t.Item2, v => v / 8.0);
                var zs = Array.ConvertAll(z, v => v + t.Item3);
                var ys = Array.ConvertAll(y, v => v - t.Item3);
                var p = CategoricalSpan.Logits<double>(y); var ps = CategoricalSpan.Logits<double>(ys);
                var q = CategoricalSpan.Logits<double>(z); var qs = CategoricalSpan.Logits<double>(zs);
                Assert.Equal(KullbackLeibler.Divergence(p, q), KullbackLeibler.Divergence(ps, qs));
                Assert.Equal(CrossEntropy.Of(p, q), CrossEntropy.Of(ps, qs));
                Assert.Equal(Entropy.Of(p), Entropy.Of(ps));
                Assert.Equal(JensenShannon.Divergence(p, q), JensenShannon.Divergence(ps, qs));
            });

    [Fact]
    public void LogitsAgreeWithTheirSoftmaxProbabilities() =>
        Gen.Int[1, 200].SelectMany(n => Gen.Select(Gen.Double[-30, 30].Array[n], Gen.Double[-30, 30].Array[n]))
            .Sample(t =>
            {
                var p = Softmax(t.Item1); var q = Softmax(t.Item2);
                var pl = CategoricalSpan.Logits<double>(t.Item1); var ql = CategoricalSpan.Logits<double>(t.Item2);
                double kl = KullbackLeibler.Divergence(p, q, normalize: true);
                Assert.Equal(kl, KullbackLeibler.Divergence(pl, ql), 1e-12 * (1 + kl));
                Assert.Equal(Entropy.Of(p, normalize: true), Entropy.Of(pl), 1e-12 * (1 + Math.Log(t.Item1.Length)));
            });

    private static double[] Softmax(double[] z)
    {
        double m = z.Max();
        var e = Array.ConvertAll(z, v => Math.Exp(v - m));
        double s = e.Sum();
        return Array.ConvertAll(e, v => v / s);
    }

    [Fact]
    public void FloatAndDoubleAgree() =>
        FinitePairs.Sample(t =>
        {
            var pf = Array.ConvertAll(t.P, v => (float)v);
            var qf = Array.ConvertAll(t.Q, v => (float)v);
            var pw = Array.ConvertAll(pf, v => (double)v);
            var qw = Array.ConvertAll(qf, v => (double)v);
            // Float input is widened exactly and accumulated in double: the same numbers give the same answer.
            Assert.Equal(KullbackLeibler.Divergence(pw, qw, normalize: true), KullbackLeibler.Divergence(pf, qf, normalize: true));
            Assert.Equal(Entropy.Of(pw, normalize: true), Entropy.Of(pf, normalize: true));
            Assert.Equal(CrossEntropy.Of(pw, qw, normalize: true), CrossEntropy.Of(pf, qf, normalize: true));
            Assert.Equal(JensenShannon.Divergence(pw, qw, normalize: true), JensenShannon.Divergence(pf, qf, normalize: true));
            // And rounding the inputs to float moves the answer by float-sized amounts only.
            double h = Entropy.Of(t.P);
            Assert.Equal(h, Entropy.Of(pf, normalize: true), 1e-6 * (1 + h));
        });

    [Fact]
    public void RowsGiveEachRowAndTheMean() =>
        Gen.Int[1, 20].SelectMany(rows => Gen.Int[1, 50].SelectMany(c => Gen.Select(Distribution(c).Array[rows], FiniteRow(c).Array[rows])))
            .Sample(t =>
            {
                int rows = t.Item1.Length, c = t.Item1[0].Length;
                var p = t.Item1.SelectMany(r => r).ToArray();
                var q = t.Item2.SelectMany(r => r).ToArray();
                var perRow = new double[rows];
                double mean = KullbackLeibler.DivergenceRows(p, q, c, perRow);
                for (int r = 0; r < rows; r++)
                {
                    // Short rows are summed in batches (another order of the same terms): equal within the accuracy bound.
                    double sumAbs = 0;
                    for (int i = 0; i < c; i++) sumAbs += Math.Abs(Kullback.Kernels.KullbackLeiblerKernel.Term.Scalar(t.Item1[r][i], t.Item2[r][i]));
                    Assert.Equal(KullbackLeibler.Divergence(t.Item1[r], t.Item2[r]), perRow[r], 8 * Epsilon * sumAbs);
                }
                Assert.Equal(perRow.Average(), mean, 1e-12 * (1 + mean));
                Assert.Equal(mean, KullbackLeibler.DivergenceRows(p, q, c, Span<double>.Empty));
            });

    private static Gen<double[]> FiniteRow(int n) => Distribution(n).Select(q => Array.ConvertAll(q, v => (v + 1e-3) / (1 + 1e-3 * n)));
}
