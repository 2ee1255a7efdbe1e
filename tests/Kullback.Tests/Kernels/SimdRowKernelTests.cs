using System.Runtime.Intrinsics;
using Kullback.Kernels;

namespace Kullback.Tests.Kernels;

/// <summary>Every vectorised float row kernel, at each vector width, against the scalar double form, over row lengths 1…257
/// (every tail length of every width: 128, 256 and 512 bits). The scalar form is itself checked against PyTorch (Losses/LossFixtureTests).</summary>
public unsafe class SimdRowKernelTests
{
    private delegate RowOutcome HardKernel(float* z, int cols, int y, double eps, float* w, double wSum, bool kl, float* g, double scale);
    private delegate RowOutcome SoftKernel(float* z, float* p, int cols, double eps, float* w, bool kl, bool decompose, double tol, float* g, double scale);
    private delegate double KlKernel(float* a, float* b, int cols);

    /// <summary>The one softmax cross-entropy kernel at <paramref name="width"/>, class-index target.</summary>
    private static HardKernel Hard(VectorWidth width) => (z, cols, y, eps, w, wSum, kl, g, scale) => SoftmaxCrossEntropy.Evaluate(new CrossEntropyRow<float>
    {
        Logits = z, Cols = cols, Target = y, Weights = w, WeightSum = wSum, Gradient = g, Scale = scale, Epsilon = eps,
        Objective = kl ? Kullback.Losses.LogitObjective.KullbackLeibler : Kullback.Losses.LogitObjective.CrossEntropy,
    }, true, width);

    /// <summary>The one softmax cross-entropy kernel at <paramref name="width"/>, probability target.</summary>
    private static SoftKernel Soft(VectorWidth width) => (z, p, cols, eps, w, kl, decompose, tol, g, scale) => SoftmaxCrossEntropy.Evaluate(new CrossEntropyRow<float>
    {
        Logits = z, Cols = cols, Probabilities = p, Weights = w, WeightSum = cols, Gradient = g, Scale = scale, Epsilon = eps, Tolerance = tol,
        Objective = kl ? Kullback.Losses.LogitObjective.KullbackLeibler : Kullback.Losses.LogitObjective.CrossEntropy,
    }, decompose, width);

    private static List<(string Name, int MinCols, HardKernel Hard, SoftKernel Soft, KlKernel Kl)> Kernels()
    {
        var list = new List<(string, int, HardKernel, SoftKernel, KlKernel)>();
        list.Add(("dispatch", 1, Hard(VectorWidth.Best), Soft(VectorWidth.Best), LogitKullbackLeiblerRowSimd.Row));
        if (FloatSimd128.IsSupported)
            list.Add(("128", 4, Hard(VectorWidth.V128), Soft(VectorWidth.V128), LogitKullbackLeiblerRowSimd.Row<Vector128<float>, FloatSimd128>));
        if (FloatSimd256.IsSupported)
            list.Add(("256", 8, Hard(VectorWidth.V256), Soft(VectorWidth.V256), LogitKullbackLeiblerRowSimd.Row<Vector256<float>, FloatSimd256>));
        if (FloatSimd512.IsSupported)
            list.Add(("512", 16, Hard(VectorWidth.V512), Soft(VectorWidth.V512), LogitKullbackLeiblerRowSimd.Row<Vector512<float>, FloatSimd512>));
        return list;
    }

    /// <summary>The scalar (double lanes) form, the reference of every width.</summary>
    private static readonly HardKernel ScalarHard = Hard(VectorWidth.Scalar);
    private static readonly SoftKernel ScalarSoft = Soft(VectorWidth.Scalar);

    private static void Near(double expected, double actual, double scale, string what) =>
        Assert.True(expected.Equals(actual) || Math.Abs(expected - actual) <= 2e-6 * Math.Max(Math.Abs(expected), scale), $"{what}: scalar {expected:R}, simd {actual:R}");

    private static void NearRow(RowOutcome e, RowOutcome a, double scale, string what)
    {
        Assert.Equal(e.Fault, a.Fault);
        Near(e.Loss, a.Loss, scale, what + " loss");
        Near(e.Entropy, a.Entropy, scale, what + " H(P)");
        Near(e.CrossEntropy, a.CrossEntropy, scale, what + " H(P,Q)");
        Near(e.Divergence, a.Divergence, scale, what + " D");
    }

    private static void NearGradient(float[] e, float[] a, string what)
    {
        for (int c = 0; c < e.Length; c++)
            Assert.True(Math.Abs(e[c] - a[c]) <= 1e-6, $"{what} g[{c}]: scalar {e[c]:R}, simd {a[c]:R}");
    }

    [Fact]
    public void VectorKernelsMatchScalarOnEveryLength()
    {
        var rng = new Random(11);
        foreach (var k in Kernels())
        {
            for (int cols = Math.Max(1, k.MinCols); cols <= 257; cols++)
            {
                var z = new float[cols];
                var b = new float[cols];
                var p = new float[cols];
                var w = new float[cols];
                double sum = 0;
                for (int c = 0; c < cols; c++)
                {
                    z[c] = (float)(rng.NextDouble() * 18 - 9);
                    b[c] = z[c] + (float)(rng.NextDouble() - 0.5);
                    p[c] = c % 3 == 1 ? 0 : (float)rng.NextDouble();
                    w[c] = (float)(rng.NextDouble() * 2 + 0.1);
                    sum += p[c];
                }
                if (sum == 0) { p[0] = 1; sum = 1; }
                for (int c = 0; c < cols; c++) p[c] = (float)(p[c] / sum);
                if (cols > 3) z[cols - 2] = float.NegativeInfinity;   // a masked class in the tail
                if (cols > 3) b[cols - 2] = float.NegativeInfinity;  // masked in both: the term is 0
                if (cols > 5) b[1] = float.NegativeInfinity;          // masked in b only: D = +∞
                if (cols > 5 && cols % 2 == 0) b[1] = 0;
                int y = rng.Next(cols);
                if (z[y] == float.NegativeInfinity) y = 0;
                if (cols > 3 && p[cols - 2] != 0) { p[0] += p[cols - 2]; p[cols - 2] = 0; }
                fixed (float* pz = z, pb = b, pp = p, pw = w)
                {
                    foreach (double eps in new[] { 0.0, 0.1 })
                    foreach (bool weighted in new[] { false, true })
                    foreach (bool kl in new[] { false, true })
                    {
                        if (eps > 0 && cols > 3) continue;    // smoothing puts mass on the −∞ class: +∞ in both, compared elsewhere
                        float* wp = weighted ? pw : null;
                        double wSum = weighted ? w.Sum(v => (double)v) : cols;
                        var gs = new float[cols];
                        var gv = new float[cols];
                        string what = $"{k.Name} cols={cols} ε={eps} w={weighted} kl={kl}";
                        fixed (float* s = gs, v = gv)
                        {
                            var e = ScalarHard(pz, cols, y, eps, wp, wSum, kl, s, 0.5);
                            var a = k.Hard(pz, cols, y, eps, wp, wSum, kl, v, 0.5);
                            NearRow(e, a, 1, what + " hard");
                            NearGradient(gs, gv, what + " hard");
                            e = ScalarSoft(pz, pp, cols, eps, wp, kl, true, 1e-3, s, 0.5);
                            a = k.Soft(pz, pp, cols, eps, wp, kl, true, 1e-3, v, 0.5);
                            NearRow(e, a, 1, what + " soft");
                            NearGradient(gs, gv, what + " soft");
                            a = k.Soft(pz, pp, cols, eps, wp, kl, false, 1e-3, v, 0.5);   // without decomposition (the plain CE path)
                            Near(e.Loss, a.Loss, 1, what + " soft, no decomposition");
                            NearGradient(gs, gv, what + " soft, no decomposition");
                        }
                    }
                    // D = t/sa − log sa + log sb: a difference of O(1) terms, each good to float rounding
                    Near(LogitKullbackLeibler.Row(pz, pb, cols), k.Kl(pz, pb, cols), 1, $"{k.Name} cols={cols} logit KL");
                }
            }
        }
    }

    [Fact]
    public void FaultsAreFoundAtEveryPositionOfTheRow()
    {
        foreach (var k in Kernels())
        {
            for (int cols = Math.Max(1, k.MinCols); cols <= 40; cols++)
            {
                for (int at = 0; at < cols; at++)
                {
                    var z = new float[cols];
                    z[at] = float.NaN;
                    var p = new float[cols];
                    p[0] = 1;
                    fixed (float* pz = z, pp = p)
                    {
                        Assert.Equal(RowFault.LogitNotFinite, k.Hard(pz, cols, 0, 0, null, cols, false, null, 1).Fault);
                        Assert.True(double.IsNaN(k.Kl(pz, pz, cols)));
                        z[at] = 0;
                        if (cols == 1) continue;
                        p[at] = -0.5f; p[(at + 1) % cols] += 1.5f;
                        var fault = k.Soft(pz, pp, cols, 0, null, false, false, 1e-3, null, 1).Fault;
                        Assert.True(fault is RowFault.NegativeProbability, $"{k.Name} cols={cols} at={at}: {fault}");
                    }
                }
            }
        }
    }
}
