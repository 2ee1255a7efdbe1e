using BenchmarkDotNet.Attributes;
using Kullback.Estimation;
using Kullback.Kernels;

namespace Kullback.Benchmarks.Estimation;

/// <summary>
/// One pair of logit rows of a 32 000-token vocabulary: the fused double pass of <c>compare --logits</c>
/// (D, both log-partitions, both arg-maxes) against the scalar double KL row of the losses kernel (D only).
/// Run: dotnet run -c Release --project bench/Kullback.Benchmarks -- --filter '*LogitRow*'
/// </summary>
[MemoryDiagnoser]
public unsafe class LogitRowBenchmarks
{
    private float[] _a = [], _b = [];

    [Params(32_000)]
    public int Vocabulary;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _a = new float[Vocabulary];
        _b = new float[Vocabulary];
        for (int i = 0; i < Vocabulary; i++)
        {
            _a[i] = (float)(rng.NextDouble() * 12 - 6);
            _b[i] = _a[i] + (float)((rng.NextDouble() - 0.5) * 0.1);
        }
    }

    [Benchmark(Baseline = true)]
    public double ScalarKullbackLeiblerRow()
    {
        fixed (float* a = _a) fixed (float* b = _b) return LogitKullbackLeibler.Row(a, b, Vocabulary);
    }

    [Benchmark]
    public double FusedCompareRow() => LogitRowComparison.Compare(_a, _b).Divergence;
}
