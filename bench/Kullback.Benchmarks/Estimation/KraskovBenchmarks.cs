using BenchmarkDotNet.Attributes;
using Kullback.Estimation;

namespace Kullback.Benchmarks.Estimation;

/// <summary>
/// The two phases of one KSG feature score on the `kullback mi` benchmark's shape (50 000 rows, y Gaussian, the
/// feature y·0.6 + noise): the max-norm k-th neighbour distances in the plane, and the marginal counts n_x, n_y on the
/// sorted lines (the lines built once, as the target's is shared across features; each run recounts); and the whole
/// score of one feature against a target whose scaled values and line are cached, as `kullback mi` runs it per feature.
/// Run: dotnet run -c Release --project bench/Kullback.Benchmarks -- --filter '*Kraskov*'
/// </summary>
[MemoryDiagnoser]
public class KraskovBenchmarks
{
    private double[] _x = [], _y = [], _radii = [];
    private int[] _counts = [];
    private SortedLine _lineX = null!, _lineY = null!;

    [Params(50_000)]
    public int Rows;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _x = new double[Rows];
        _y = new double[Rows];
        for (int i = 0; i < Rows; i++)
        {
            _y[i] = Gaussian(rng);
            _x[i] = 0.6 * _y[i] + Gaussian(rng);
        }
        _lineX = new SortedLine(_x);
        _lineY = new SortedLine(_y);
        _radii = MaxNormPlaneGrid.KthNeighbourDistances(_x, _y, _lineX, _lineY, 3, 1);
        _counts = new int[Rows];
        _feature = new MutualInformationColumn("x", _x, null);
        _target = new MutualInformationColumn("y", _y, null);
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Benchmark]
    public double ScoreOneFeature() => FeatureMutualInformation.Score(_feature, _target, null, Settings).MutualInformation;

    private static readonly MutualInformationSettings Settings = new(K: 3, SklearnCompatible: true);
    private MutualInformationColumn _feature = null!, _target = null!;

    [Benchmark]
    public double[] KthNeighbourDistances() => MaxNormPlaneGrid.KthNeighbourDistances(_x, _y, _lineX, _lineY, 3, 1);

    [Benchmark]
    public int MarginalCounts()
    {
        _lineX.CountOthersWithin(_x, _radii, _counts, 1);
        _lineY.CountOthersWithin(_y, _radii, _counts, 1);
        return _counts[0];
    }
}
