using System.Numerics;
using Kullback.Kernels;
using Kullback.Learning.Models;
using Kullback.Learning.Optimizers;

namespace Kullback.Tests.Learning.Optimizers;

/// <summary>
/// The update kernels (Adam, SGD, the rectifier's backward) at every accelerated width — Vector512, Vector256, Vector128 —
/// against their scalar form over lengths 0…257: the lanes compute the same operations in the same order, so the results
/// are bit-identical, including moments flushed to 0, zero/negative activations and NaN. The optimisers themselves are
/// checked against PyTorch in TorchTrajectoryTests.
/// </summary>
public unsafe class UpdateKernelWidthTests
{
    private static IEnumerable<VectorWidth> Widths() =>
        new[] { VectorWidth.V512, VectorWidth.V256, VectorWidth.V128 }.Where(SimdWidth.IsAccelerated);

    private static T[] Values<T>(Random rng, int n, double scale) where T : IFloatingPointIeee754<T> =>
        Enumerable.Range(0, n).Select(i => i % 11 == 3 ? T.Zero : i % 13 == 5 ? T.CreateTruncating(1e-39) : T.CreateTruncating((rng.NextDouble() - 0.5) * scale)).ToArray();

    private static void Same<T>(T[] expected, T[] actual, string what) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i].Equals(actual[i]), $"{what}[{i}]: scalar {expected[i]}, lanes {actual[i]}");
    }

    private static void AdamAtEveryWidth<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(7);
        for (int n = 0; n <= 257; n++)
        {
            var p0 = Values<T>(rng, n, 2);
            var g = Values<T>(rng, n, 0.1);
            var m0 = Values<T>(rng, n, 0.01);
            var v0 = Values<T>(rng, n, 1e-4).Select(T.Abs).ToArray();
            (T[] P, T[] M, T[] V) Run(VectorWidth width)
            {
                T[] p = (T[])p0.Clone(), m = (T[])m0.Clone(), v = (T[])v0.Clone();
                fixed (T* pp = p, pg = g, pm = m, pv = v)
                {
                    var op = new AdamUpdate((nint)pp, (nint)pg, (nint)pm, (nint)pv, 0.9, 0.999, 1 - 0.9, 1 - 0.999, 1e-8, 1e-3 / (1 - 0.9 * 0.9),
                        Math.Sqrt(1 - 0.999 * 0.999), 0.01, 1, double.CreateTruncating(T.CreateTruncating(typeof(T) == typeof(float) ? 1.1754944e-38 : 2.2250738585072014e-308)));
                    ElementLoop.Run<AdamUpdate, T>(ref op, n, width);
                }
                return (p, m, v);
            }
            var scalar = Run(VectorWidth.Scalar);
            foreach (var w in Widths())
            {
                var lanes = Run(w);
                Same(scalar.P, lanes.P, $"{typeof(T).Name} {w} n={n} θ");
                Same(scalar.M, lanes.M, $"{typeof(T).Name} {w} n={n} m");
                Same(scalar.V, lanes.V, $"{typeof(T).Name} {w} n={n} v");
            }
        }
    }

    [Fact]
    public void AdamLanesEqualTheScalarFormForFloatAndDouble()
    {
        AdamAtEveryWidth<float>();
        AdamAtEveryWidth<double>();
    }

    private static void SgdAtEveryWidth<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(9);
        for (int n = 0; n <= 257; n++)
        foreach (var (momentum, first, nesterov) in new[] { (false, false, false), (true, true, false), (true, false, false), (true, false, true) })
        {
            var p0 = Values<T>(rng, n, 2);
            var g = Values<T>(rng, n, 0.1);
            var b0 = Values<T>(rng, n, 0.05);
            (T[] P, T[] B) Run(VectorWidth width)
            {
                T[] p = (T[])p0.Clone(), b = (T[])b0.Clone();
                fixed (T* pp = p, pg = g, pb = b)
                {
                    var op = new SgdUpdate((nint)pp, (nint)pg, (nint)pb, 0.05, momentum ? 0.9 : 0, 1e-4, 1e-300, momentum, first, nesterov);
                    ElementLoop.Run<SgdUpdate, T>(ref op, n, width);
                }
                return (p, b);
            }
            var scalar = Run(VectorWidth.Scalar);
            foreach (var w in Widths())
            {
                var lanes = Run(w);
                string what = $"{typeof(T).Name} {w} n={n} μ={momentum} first={first} nesterov={nesterov}";
                Same(scalar.P, lanes.P, what + " θ");
                Same(scalar.B, lanes.B, what + " b");
            }
        }
    }

    [Fact]
    public void SgdLanesEqualTheScalarFormInEveryMode()
    {
        SgdAtEveryWidth<float>();
        SgdAtEveryWidth<double>();
    }

    [Fact]
    public void ReluBackwardLanesEqualTheScalarForm()
    {
        var rng = new Random(13);
        for (int n = 0; n <= 257; n++)
        {
            var y = Values<float>(rng, n, 2);
            if (n > 7) { y[7] = float.NaN; y[n - 1] = -0f; }
            var dy = Values<float>(rng, n, 1);
            float[] Run(VectorWidth width)
            {
                var dx = new float[n];
                fixed (float* py = y, pdy = dy, pdx = dx)
                {
                    var op = new ReluBackward((nint)py, (nint)pdy, (nint)pdx);
                    ElementLoop.Run<ReluBackward, float>(ref op, n, width);
                }
                return dx;
            }
            var scalar = Run(VectorWidth.Scalar);
            for (int i = 0; i < n; i++) Assert.Equal(y[i] > 0 ? dy[i] : 0f, scalar[i]);
            foreach (var w in Widths()) Same(scalar, Run(w), $"relu' {w} n={n}");
        }
    }
}
