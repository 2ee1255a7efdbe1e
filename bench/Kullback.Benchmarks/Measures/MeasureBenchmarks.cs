using BenchmarkDotNet.Attributes;
using Kullback.Kernels;
using Kullback.Measures;

namespace Kullback.Benchmarks.Measures;

/// <summary>
/// Each measure on one pair of distributions of N classes (double and float), the scalar generic path as a baseline
/// (Math.Log per element, the form the vector kernels are tested against), and log-sum-exp.
/// dotnet run -c Release --project bench/Kullback.Benchmarks -- --filter '*MeasureBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class MeasureBenchmarks
{
    [Params(10, 1000, 32000)]
    public int N;

    private double[] _p = [], _q = [], _z = [];
    private float[] _pf = [], _qf = [];

    [GlobalSetup]
    public void Setup()
    {
        (_p, _z) = Data.SoftmaxOfRandomLogits(N, 1, seed: 1);
        (_q, _) = Data.SoftmaxOfRandomLogits(N, 1, seed: 2);
        _pf = Array.ConvertAll(_p, v => (float)v);
        _qf = Array.ConvertAll(_q, v => (float)v);
    }

    [Benchmark] public double Entropy() => Kullback.Measures.Entropy.Of(_p);
    [Benchmark] public double CrossEntropy() => Kullback.Measures.CrossEntropy.Of(_p, _q);
    [Benchmark(Baseline = true)] public double KullbackLeibler() => Kullback.Measures.KullbackLeibler.Divergence(_p, _q);
    [Benchmark] public double KullbackLeiblerFloat() => Kullback.Measures.KullbackLeibler.Divergence(_pf, _qf, normalize: true);
    [Benchmark] public double JensenShannon() => Kullback.Measures.JensenShannon.Divergence(_p, _q);
    [Benchmark] public Decomposition Decomposition() => Kullback.Measures.Decomposition.Of(_p, _q);
    [Benchmark] public double KullbackLeiblerQLogits() => Kullback.Measures.KullbackLeibler.Divergence(_p, CategoricalSpan.Logits<double>(_z));
    [Benchmark] public double LogSumExp() => Kernels.LogSumExp.Of(_z);

    /// <summary>The same D(P‖Q) through the scalar generic kernel (Math.Log, no vectors), without validation.</summary>
    [Benchmark]
    public double KullbackLeiblerScalarKernel() =>
        KullbackLeiblerKernel.Nats(new ProbabilityReader<double>(_p, 1.0), new ProbabilityReader<double>(_q, 1.0), _p.Length);
}

/// <summary>
/// Row-wise D(P‖Q) over N×C float64 matrices, the workload of scipy.stats.entropy(p, q, axis=1) in
/// /work/shared/anchors/torch_losses.py ("kl_probs_f64"): shapes 65536×10, 8192×1000, 512×32000.
/// </summary>
[MemoryDiagnoser]
public class MeasureRowsBenchmarks
{
    [Params("65536x10", "8192x1000", "512x32000")]
    public string Shape = "";

    private double[] _p = [], _q = [], _perRow = [];
    private int _columns;

    [GlobalSetup]
    public void Setup()
    {
        var dims = Shape.Split('x');
        int rows = int.Parse(dims[0]);
        _columns = int.Parse(dims[1]);
        (_p, _) = Data.SoftmaxOfRandomLogits(_columns, rows, seed: 3);
        (_q, _) = Data.SoftmaxOfRandomLogits(_columns, rows, seed: 4);
        _perRow = new double[rows];
    }

    [Benchmark] public double KullbackLeiblerRows() => KullbackLeibler.DivergenceRows(_p, _q, _columns, _perRow);
}

internal static class Data
{
    /// <summary>Rows of softmax(3·N(0,1)) in double, and the logits of the last row.</summary>
    public static (double[] Probabilities, double[] Logits) SoftmaxOfRandomLogits(int columns, int rows, int seed)
    {
        var rng = new Random(seed);
        var p = new double[rows * columns];
        var z = new double[columns];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < columns; i++) z[i] = 3 * Normal(rng);
            double m = z.Max(), s = 0;
            for (int i = 0; i < columns; i++) s += p[r * columns + i] = Math.Exp(z[i] - m);
            for (int i = 0; i < columns; i++) p[r * columns + i] /= s;
        }
        return (p, z);
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
