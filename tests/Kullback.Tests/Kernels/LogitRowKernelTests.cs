using System.Runtime.Intrinsics;
using Kullback.Kernels;

namespace Kullback.Tests.Kernels;

/// <summary>
/// The one logit-row KL kernel (<see cref="LogitKullbackLeiblerRowSimd.Sums"/>) at every lane type and width — float lanes
/// (losses) and double lanes (compare) of 128, 256 and 512 bits — against its one-lane scalar form, over row lengths 0…257
/// (every tail of every width), in both modes, with classes masked in both rows, in b only, and rows of equal logits.
/// The scalar form is itself checked against PyTorch (LogitKullbackLeiblerTests, the compare fixtures).
/// </summary>
public unsafe class LogitRowKernelTests
{
    private delegate LogitRowSums Kernel(float* a, float* b, int n, double ma, double mb, double* e, double* f);

    private static List<(string Name, int Count, bool Float, Kernel Divergence, Kernel Comparison)> Widths()
    {
        var list = new List<(string, int, bool, Kernel, Kernel)>();
        if (Vector128.IsHardwareAccelerated)
        {
            list.Add(("float128", 4, true, LogitKullbackLeiblerRowSimd.Sums<Vector128<float>, FloatLogitLanes<Vector128<float>, FloatSimd128>, DivergenceMode, float>,
                LogitKullbackLeiblerRowSimd.Sums<Vector128<float>, FloatLogitLanes<Vector128<float>, FloatSimd128>, ComparisonMode, float>));
            list.Add(("double128", 2, false, LogitKullbackLeiblerRowSimd.Sums<Vector128<double>, DoubleLogitLanes<Vector128<double>, Simd128>, DivergenceMode, float>,
                LogitKullbackLeiblerRowSimd.Sums<Vector128<double>, DoubleLogitLanes<Vector128<double>, Simd128>, ComparisonMode, float>));
        }
        if (Vector256.IsHardwareAccelerated)
        {
            list.Add(("float256", 8, true, LogitKullbackLeiblerRowSimd.Sums<Vector256<float>, FloatLogitLanes<Vector256<float>, FloatSimd256>, DivergenceMode, float>,
                LogitKullbackLeiblerRowSimd.Sums<Vector256<float>, FloatLogitLanes<Vector256<float>, FloatSimd256>, ComparisonMode, float>));
            list.Add(("double256", 4, false, LogitKullbackLeiblerRowSimd.Sums<Vector256<double>, DoubleLogitLanes<Vector256<double>, Simd256>, DivergenceMode, float>,
                LogitKullbackLeiblerRowSimd.Sums<Vector256<double>, DoubleLogitLanes<Vector256<double>, Simd256>, ComparisonMode, float>));
        }
        if (Vector512.IsHardwareAccelerated)
        {
            list.Add(("float512", 16, true, LogitKullbackLeiblerRowSimd.Sums<Vector512<float>, FloatLogitLanes<Vector512<float>, FloatSimd512>, DivergenceMode, float>,
                LogitKullbackLeiblerRowSimd.Sums<Vector512<float>, FloatLogitLanes<Vector512<float>, FloatSimd512>, ComparisonMode, float>));
            list.Add(("double512", 8, false, LogitKullbackLeiblerRowSimd.Sums<Vector512<double>, DoubleLogitLanes<Vector512<double>, Simd512>, DivergenceMode, float>,
                LogitKullbackLeiblerRowSimd.Sums<Vector512<double>, DoubleLogitLanes<Vector512<double>, Simd512>, ComparisonMode, float>));
        }
        return list;
    }

    private static LogitRowSums Scalar(float* a, float* b, int n, double ma, double mb, double* e, double* f, bool comparison) => comparison
        ? LogitKullbackLeiblerRowSimd.Sums<double, ScalarLogitLanes, ComparisonMode, float>(a, b, n, ma, mb, e, f)
        : LogitKullbackLeiblerRowSimd.Sums<double, ScalarLogitLanes, DivergenceMode, float>(a, b, n, ma, mb, e, f);

    /// <summary>Float lanes: exp to ~2 ulp of float and float block sums, so 2e-6 of the sum's scale; double lanes: 1e-13.</summary>
    private static void Near(double expected, double actual, double scale, bool isFloat, string what)
    {
        double tolerance = (isFloat ? 2e-6 : 1e-13) * Math.Max(Math.Abs(expected), scale);
        Assert.True(expected.Equals(actual) || Math.Abs(expected - actual) <= tolerance, $"{what}: scalar {expected:R}, lanes {actual:R}");
    }

    private static (float[] A, float[] B) Rows(Random rng, int n, int variant)
    {
        var a = new float[n];
        var b = new float[n];
        for (int c = 0; c < n; c++)
        {
            a[c] = (float)(rng.NextDouble() * 18 - 9);
            b[c] = variant == 2 ? a[c] : a[c] + (float)(rng.NextDouble() - 0.5);
        }
        if (variant == 3) return (a, b);                                                        // no mask: double lanes' bounded exp throughout
        if (variant == 4)
        {
            // finite shifted logits below −708 (e subnormal, or 0 below −745), no −∞: double lanes redo the row with the
            // whole-domain exp, and a missing redo would leave garbage in s_a, s_b, e, f
            if (n > 0) a[rng.Next(n)] = -712f;
            if (n > 1) b[rng.Next(n)] = -730f;
            if (n > 2) a[rng.Next(n)] = b[rng.Next(n)] = -760f;
            return (a, b);
        }
        if (n > 3) { a[n - 2] = float.NegativeInfinity; b[n - 2] = float.NegativeInfinity; }   // masked in both, in the tail
        if (variant == 1 && n > 5) b[1] = float.NegativeInfinity;                               // masked in b only: D = +∞
        if (variant == 1 && n > 5) a[3] = float.NegativeInfinity;                               // masked in a only: D(q‖p) = +∞
        return (a, b);
    }

    [Fact]
    public void EveryWidthAndModeMatchesTheScalarFormOnLengths0To257()
    {
        var rng = new Random(29);
        var widths = Widths();
        if (Vector128.IsHardwareAccelerated) Assert.NotEmpty(widths);
        for (int n = 0; n <= 257; n++)
        for (int variant = 0; variant < 5; variant++)
        {
            var (a, b) = Rows(rng, n, variant);
            double ma = n == 0 ? 0 : a.Max(), mb = n == 0 ? 0 : b.Max();
            var es = new double[n];
            var fs = new double[n];
            fixed (float* pa = a, pb = b) fixed (double* pes = es, pfs = fs)
            {
                var sd = Scalar(pa, pb, n, ma, mb, null, null, comparison: false);
                var sc = Scalar(pa, pb, n, ma, mb, pes, pfs, comparison: true);
                Assert.Equal((sd.Sa, sd.Sb, sd.T), (sc.Sa, sc.Sb, sc.T));
                if (n == 0) { Assert.Equal(default, sc); continue; }
                for (int c = 0; c < n; c++)
                {
                    Assert.Equal(Math.Exp((double)a[c] - ma), es[c]);
                    Assert.Equal(Math.Exp((double)b[c] - mb), fs[c]);
                }
                foreach (var w in widths)
                {
                    if (n < w.Count) continue;
                    string what = $"{w.Name} n={n} variant={variant}";
                    var d = w.Divergence(pa, pb, n, ma, mb, null, null);
                    Near(sd.Sa, d.Sa, 1, w.Float, what + " s_a");
                    Near(sd.Sb, d.Sb, 1, w.Float, what + " s_b");
                    Near(sd.T, d.T, 1, w.Float, what + " t");
                    Near(sd.Divergence, d.Divergence, 1, w.Float, what + " D");
                    var e = new double[n];
                    var f = new double[n];
                    fixed (double* pe = e, pf = f)
                    {
                        var c = w.Comparison(pa, pb, n, ma, mb, pe, pf);
                        Assert.Equal((d.Sa, d.Sb, d.T), (c.Sa, c.Sb, c.T));       // the mode adds sums, it changes none
                        Near(sc.R, c.R, 1, w.Float, what + " r");
                        Near(sc.U, c.U, 1, w.Float, what + " u");
                        Near(sc.W, c.W, 1, w.Float, what + " w");
                        Near(sc.DivergenceFromDifference, c.DivergenceFromDifference, 1, w.Float, what + " D from w");
                        Near(sc.ReverseFromDifference, c.ReverseFromDifference, 1, w.Float, what + " D(q‖p) from w");
                        for (int k = 0; k < n; k++)
                        {
                            Near(es[k], e[k], 1e-30, w.Float, what + $" e[{k}]");
                            Near(fs[k], f[k], 1e-30, w.Float, what + $" f[{k}]");
                        }
                    }
                    if (variant == 1 && n > 5)
                    {
                        Assert.Equal(double.PositiveInfinity, d.Divergence);
                        fixed (double* pe = new double[n], pf = new double[n])
                            Assert.Equal(double.PositiveInfinity, w.Comparison(pa, pb, n, ma, mb, pe, pf).ReverseFromDifference);
                    }
                    if (variant == 2) Assert.Equal(0, d.Divergence, w.Float ? 1e-6 : 1e-14);
                }
            }
        }
    }

    [Fact]
    public void TheDispatchedRowAgreesWithTheScalarRowForFloatAndDoubleLogits()
    {
        var rng = new Random(31);
        for (int n = 1; n <= 257; n++)
        {
            var (a, b) = Rows(rng, n, 0);
            var ad = a.Select(v => (double)v).ToArray();
            var bd = b.Select(v => (double)v).ToArray();
            fixed (float* pa = a, pb = b) fixed (double* pad = ad, pbd = bd)
            {
                double reference = LogitKullbackLeibler.Row(pad, pbd, n);
                Assert.Equal(reference, LogitKullbackLeibler.Row(pa, pb, n));     // float logits widen exactly: the same scalar sums
                Near(reference, LogitKullbackLeiblerRowSimd.Row(pa, pb, n), 1, true, $"float n={n}");
                Near(reference, LogitKullbackLeiblerRowSimd.Row(pad, pbd, n), 1, false, $"double n={n}");
                a[n / 2] = float.NaN;
                ad[n / 2] = double.PositiveInfinity;
                Assert.True(double.IsNaN(LogitKullbackLeiblerRowSimd.Row(pa, pb, n)));
                Assert.True(double.IsNaN(LogitKullbackLeiblerRowSimd.Row(pad, pbd, n)));
            }
        }
    }
}
