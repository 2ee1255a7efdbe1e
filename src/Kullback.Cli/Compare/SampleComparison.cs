using Kullback.Estimation;

namespace Kullback.Cli.Compare;

/// <summary>How two samples are compared.</summary>
internal enum SampleMethod
{
    /// <summary>Text values: plug-in measures of the category counts.</summary>
    Categorical,
    /// <summary>One numeric column: plug-in measures of shared-bin histogram counts.</summary>
    Histogram,
    /// <summary>Numeric columns: k-nearest-neighbour estimators in as many dimensions as columns.</summary>
    Knn,
}

/// <summary>Settings of a sample comparison.</summary>
/// <param name="Smoothing">Additive smoothing α (0 none, 1 Laplace, ½ Jeffreys).</param>
/// <param name="MillerMadow">Add the Miller–Madow correction to the categorical entropies.</param>
/// <param name="Rule">Binning rule when neither a bin count nor edges are given.</param>
/// <param name="Bins">A fixed number of equal-width bins, or 0.</param>
/// <param name="Edges">Fixed bin edges, or null.</param>
/// <param name="K">Neighbour order of the kNN estimators.</param>
internal sealed record SampleSettings(double Smoothing, bool MillerMadow, BinningRule Rule, int Bins, double[]? Edges, int K);

/// <summary>The measures between samples A and B, in nats; null where a measure is not defined for the method.</summary>
internal sealed record SampleMeasures(double Kl, double ReverseKl, double? Js, double? Psi, double EntropyA, double EntropyB);

/// <summary>Computes <see cref="SampleMeasures"/> for one method on index-selected samples (identity or a bootstrap resample).</summary>
internal sealed class SampleComparison
{
    private readonly SampleMethod _method;
    private readonly SampleSettings _settings;
    private readonly int[]? _categoryA, _categoryB;   // categorical: category id per sample
    private readonly int _categories;
    private readonly double[]? _a, _b;                // numeric: row-major n × d
    private readonly int _dimensions;

    /// <summary>Category labels in id order (categorical only).</summary>
    public string[] CategoryNames { get; } = [];

    /// <summary>Bin edges (histogram only).</summary>
    public double[] Edges { get; } = [];

    /// <summary>Sample sizes.</summary>
    public int SizeA { get; }

    /// <inheritdoc cref="SizeA"/>
    public int SizeB { get; }

    /// <summary>The method.</summary>
    public SampleMethod Method => _method;

    /// <summary>Prepares categorical comparison of two text columns: categories are the union, in order of first appearance (A, then B).</summary>
    public SampleComparison(string[] a, string[] b, SampleSettings settings)
    {
        _method = SampleMethod.Categorical;
        _settings = settings;
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int Id(string s) => ids.TryGetValue(s, out int id) ? id : ids[s] = ids.Count;
        _categoryA = a.Select(Id).ToArray();
        _categoryB = b.Select(Id).ToArray();
        _categories = ids.Count;
        CategoryNames = ids.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray();
        SizeA = a.Length;
        SizeB = b.Length;
    }

    /// <summary>Prepares a numeric comparison: row-major n × d samples; histogram needs d = 1.</summary>
    public SampleComparison(double[] a, double[] b, int dimensions, SampleMethod method, SampleSettings settings)
    {
        _method = method;
        _settings = settings;
        _a = a;
        _b = b;
        _dimensions = dimensions;
        SizeA = a.Length / dimensions;
        SizeB = b.Length / dimensions;
        if (method == SampleMethod.Histogram)
            Edges = settings.Edges ?? (settings.Bins > 0 ? Histograms.Edges(a, b, settings.Bins) : Histograms.Edges(a, b, settings.Rule));
    }

    /// <summary>Counts per category or bin of the samples selected by the index arrays (categorical and histogram).</summary>
    public (double[] A, double[] B) Counts(int[] indexA, int[] indexB)
    {
        if (_method == SampleMethod.Categorical)
        {
            var ca = new double[_categories];
            var cb = new double[_categories];
            foreach (int i in indexA) ca[_categoryA![i]]++;
            foreach (int i in indexB) cb[_categoryB![i]]++;
            return (ca, cb);
        }
        return (Histograms.Counts(indexA.Select(i => _a![i]).ToArray(), Edges, "A"), Histograms.Counts(indexB.Select(i => _b![i]).ToArray(), Edges, "B"));
    }

    /// <summary>The measures on the samples selected by the index arrays; <paramref name="searchDone"/> ticks after each kNN search.</summary>
    public SampleMeasures Measure(int[] indexA, int[] indexB, Action? searchDone = null)
    {
        double alpha = _settings.Smoothing;
        switch (_method)
        {
            case SampleMethod.Categorical:
            {
                var (ca, cb) = Counts(indexA, indexB);
                return new SampleMeasures(PlugInEstimators.KullbackLeibler(ca, cb, alpha), PlugInEstimators.KullbackLeibler(cb, ca, alpha),
                    PlugInEstimators.JensenShannon(ca, cb, alpha), PlugInEstimators.PopulationStabilityIndex(ca, cb, alpha),
                    PlugInEstimators.Entropy(ca, alpha, _settings.MillerMadow), PlugInEstimators.Entropy(cb, alpha, _settings.MillerMadow));
            }
            case SampleMethod.Histogram:
            {
                var (ca, cb) = Counts(indexA, indexB);
                return new SampleMeasures(PlugInEstimators.KullbackLeibler(ca, cb, alpha), PlugInEstimators.KullbackLeibler(cb, ca, alpha),
                    PlugInEstimators.JensenShannon(ca, cb, alpha), PlugInEstimators.PopulationStabilityIndex(ca, cb, alpha),
                    Histograms.DifferentialEntropy(ca, Edges, alpha), Histograms.DifferentialEntropy(cb, Edges, alpha));
            }
            default:
            {
                var a = Gather(_a!, indexA);
                var b = Gather(_b!, indexB);
                int d = _dimensions, k = _settings.K;
                var (ha, hb, dab, dba) = NearestNeighbourEstimators.Compare(a, b, d, k, searchDone);
                return new SampleMeasures(dab, dba, null, null, ha, hb);
            }
        }
    }

    /// <summary>Notes on infinite divergences: the first category or bin seen in one sample but never in the other.</summary>
    public IEnumerable<string> InfinityNotes(SampleMeasures m)
    {
        if (_method == SampleMethod.Knn) yield break;
        var all = Enumerable.Range(0, SizeA).ToArray();
        var (ca, cb) = Counts(all, Enumerable.Range(0, SizeB).ToArray());
        string Where(int i) => _method == SampleMethod.Categorical ? $"category '{CategoryNames[i]}'" : $"bin [{Edges[i]:G6}, {Edges[i + 1]:G6}]";
        if (double.IsPositiveInfinity(m.Kl) && PlugInEstimators.FirstUnsupportedCategory(ca, cb) is int i and >= 0)
            yield return $"{Where(i)} occurs in A but never in B, so D(A‖B) = +∞; smoothing (--smoothing laplace|jeffreys|α) keeps it finite";
        if (double.IsPositiveInfinity(m.ReverseKl) && PlugInEstimators.FirstUnsupportedCategory(cb, ca) is int j and >= 0)
            yield return $"{Where(j)} occurs in B but never in A, so D(B‖A) = +∞; smoothing (--smoothing laplace|jeffreys|α) keeps it finite";
    }

    private double[] Gather(double[] x, int[] index)
    {
        int d = _dimensions;
        var g = new double[index.Length * d];
        for (int i = 0; i < index.Length; i++) Array.Copy(x, index[i] * d, g, i * d, d);
        return g;
    }
}
