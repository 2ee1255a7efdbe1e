using BenchmarkDotNet.Attributes;
using Kullback.Learning.LinearAlgebra;

namespace Kullback.Benchmarks.Learning;

/// <summary>The matrix products of one Adam step of an MLP 784-256-10 at batch 128 (forward, ∂W, and a large square product).</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _x = [], _w = [], _h = [], _dh = [], _dw = [], _a = [], _b = [], _c = [];

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var r = new Random(1);
        float[] Fill(int n) => Enumerable.Range(0, n).Select(_ => (float)r.NextDouble()).ToArray();
        _x = Fill(128 * 784); _w = Fill(784 * 256); _h = new float[128 * 256]; _dh = Fill(128 * 256); _dw = new float[784 * 256];
        _a = Fill(512 * 512); _b = Fill(512 * 512); _c = new float[512 * 512];
    }

    /// <summary>H = X·W, (128×784)·(784×256).</summary>
    [Benchmark]
    public void Forward() => Gemm.Multiply(false, false, 128, 256, 784, _x, _w, _h, threads: Threads);

    /// <summary>∂W = Xᵀ·∂H, (784×128)·(128×256).</summary>
    [Benchmark]
    public void WeightGradient() => Gemm.Multiply(true, false, 784, 256, 128, _x, _dh, _dw, threads: Threads);

    /// <summary>C = A·B, 512³.</summary>
    [Benchmark]
    public void Square512() => Gemm.Multiply(false, false, 512, 512, 512, _a, _b, _c, threads: Threads);
}
