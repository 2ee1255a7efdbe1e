using BenchmarkDotNet.Attributes;
using Kullback.Kernels;
using Kullback.Losses;

namespace Kullback.Benchmarks;

/// <summary>The fused loss kernels on the shapes of shared/anchors/torch_losses.py (float32 logits ~ N(0, 3²)), one thread.
/// Run: dotnet run -c Release --project bench/Kullback.Benchmarks -- --filter '*LossBenchmarks*'</summary>
[MemoryDiagnoser]
public class LossBenchmarks
{
    private float[] _logits = [], _other = [], _soft = [], _gradient = [];
    private int[] _targets = [];

    [Params("65536x10", "8192x1000", "512x32000")]
    public string Shape { get; set; } = "8192x1000";

    private int Rows => int.Parse(Shape.Split('x')[0]);
    private int Cols => int.Parse(Shape.Split('x')[1]);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(0);
        int n = Rows * Cols;
        _logits = new float[n]; _other = new float[n]; _soft = new float[n]; _gradient = new float[n];
        for (int k = 0; k < n; k++)
        {
            double u = 1 - rng.NextDouble(), v = rng.NextDouble();
            _logits[k] = (float)(3 * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
            _other[k] = _logits[k] + (float)(rng.NextDouble() - 0.5);
        }
        for (int i = 0; i < Rows; i++)
        {
            double m = double.NegativeInfinity, s = 0;
            for (int c = 0; c < Cols; c++) m = Math.Max(m, _other[i * Cols + c]);
            for (int c = 0; c < Cols; c++) s += Math.Exp(_other[i * Cols + c] - m);
            for (int c = 0; c < Cols; c++) _soft[i * Cols + c] = (float)(Math.Exp(_other[i * Cols + c] - m) / s);
        }
        _targets = Enumerable.Range(0, Rows).Select(_ => rng.Next(Cols)).ToArray();
    }

    [Benchmark] public double CrossEntropyForwardHard() => CrossEntropyLoss.Evaluate(_logits, Rows, Cols, _targets, default).Loss;
    [Benchmark] public double CrossEntropyForwardBackwardHard() => CrossEntropyLoss.Evaluate(_logits, Rows, Cols, _targets, _gradient).Loss;
    [Benchmark] public double CrossEntropyForwardBackwardSoft() => CrossEntropyLoss.Evaluate(_logits, Rows, Cols, _soft, _gradient).Loss;
    [Benchmark] public double KullbackLeiblerBetweenLogitRows() => LogitKullbackLeibler.Mean(_logits, _other, Rows, Cols);
}
