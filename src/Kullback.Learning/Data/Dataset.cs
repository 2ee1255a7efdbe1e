namespace Kullback.Learning.Data;

/// <summary>
/// A labelled classification data set held in memory: features X (rows, features) row-major float32 and
/// integer labels y ∈ {0, …, classes − 1}. Optional image shape (height × width = features) for reports.
/// </summary>
public sealed class Dataset
{
    /// <summary>The most classes a data set may have (labels 0 … 99 999): a larger label is an error, not a model of 10⁹ outputs.</summary>
    public const int MaxClasses = 100_000;

    /// <summary>Creates a data set after checking shapes and labels.</summary>
    /// <param name="features">X, row-major (rows, featureCount).</param>
    /// <param name="labels">y, length rows, each in [0, classes).</param>
    /// <param name="featureCount">Number of features per row, ≥ 1.</param>
    /// <param name="classes">Number of classes, 2 … <see cref="MaxClasses"/>.</param>
    /// <param name="imageHeight">Image height when rows are images (height·width = featureCount), else 0.</param>
    /// <param name="imageWidth">Image width when rows are images, else 0.</param>
    /// <param name="name">A short name for reports.</param>
    /// <exception cref="ArgumentException">Shapes disagree or a label is out of range (the message names the row).</exception>
    public Dataset(float[] features, int[] labels, int featureCount, int classes, int imageHeight = 0, int imageWidth = 0, string name = "data")
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (featureCount < 1) throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "featureCount must be ≥ 1");
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "classes must be ≥ 2");
        if (classes > MaxClasses) throw new ArgumentOutOfRangeException(nameof(classes), classes, $"classes must be ≤ {MaxClasses}");
        if ((long)labels.Length * featureCount != features.Length)
            throw new ArgumentException($"features.Length = {features.Length} is not labels.Length ({labels.Length}) × featureCount ({featureCount})", nameof(features));
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"labels[{i}] = {labels[i]}: must be in [0, {classes})", nameof(labels));
        if (imageHeight * imageWidth != 0 && imageHeight * imageWidth != featureCount)
            throw new ArgumentException($"image {imageHeight}×{imageWidth} does not hold {featureCount} features", nameof(imageHeight));
        Features = features;
        Labels = labels;
        FeatureCount = featureCount;
        Classes = classes;
        ImageHeight = imageHeight;
        ImageWidth = imageWidth;
        Name = name;
    }

    /// <summary>X, row-major (<see cref="Rows"/>, <see cref="FeatureCount"/>).</summary>
    public float[] Features { get; }

    /// <summary>y, one class index per row.</summary>
    public int[] Labels { get; }

    /// <summary>Number of examples.</summary>
    public int Rows => Labels.Length;

    /// <summary>Number of features per example.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Image height when rows are images, else 0.</summary>
    public int ImageHeight { get; }

    /// <summary>Image width when rows are images, else 0.</summary>
    public int ImageWidth { get; }

    /// <summary>A short name for reports.</summary>
    public string Name { get; }

    /// <summary>Whether rows can be drawn as images.</summary>
    public bool IsImage => ImageHeight > 0;

    /// <summary>The features of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Row(int row) => Features.AsSpan(row * FeatureCount, FeatureCount);

    /// <summary>A new data set holding the given rows, in the given order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Rows).</exception>
    public Dataset Subset(ReadOnlySpan<int> rows, string? name = null)
    {
        var x = new float[(long)rows.Length * FeatureCount];
        var y = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            int r = rows[i];
            if ((uint)r >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(rows), r, $"rows[{i}] = {r}: must be in [0, {Rows})");
            Row(r).CopyTo(x.AsSpan(i * FeatureCount, FeatureCount));
            y[i] = Labels[r];
        }
        return new Dataset(x, y, FeatureCount, Classes, ImageHeight, ImageWidth, name ?? Name);
    }

    /// <summary>
    /// A seeded random split: a Fisher–Yates permutation from <paramref name="seed"/>, the last
    /// ⌊rows·testFraction⌉ rows of it become the second set. The same seed gives the same split.
    /// </summary>
    /// <param name="testFraction">Fraction in (0, 1) that goes to the second set.</param>
    /// <param name="seed">Seed of the permutation.</param>
    /// <exception cref="ArgumentOutOfRangeException">The fraction leaves either side empty.</exception>
    public (Dataset First, Dataset Second) Split(double testFraction, int seed)
    {
        int second = (int)Math.Round(Rows * testFraction);
        if (!(testFraction > 0 && testFraction < 1) || second < 1 || second >= Rows)
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, $"fraction {testFraction} of {Rows} rows leaves one side empty");
        var order = Permutation(Rows, new Random(seed));
        return (Subset(order.AsSpan(0, Rows - second), Name + " (train)"), Subset(order.AsSpan(Rows - second), Name + " (test)"));
    }

    /// <summary>A uniformly random permutation of 0 … n − 1 (Fisher–Yates) drawn from <paramref name="random"/>.</summary>
    public static int[] Permutation(int n, Random random)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Shuffle(order, random);
        return order;
    }

    /// <summary>Shuffles <paramref name="order"/> in place (Fisher–Yates) with <paramref name="random"/>.</summary>
    public static void Shuffle(Span<int> order, Random random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
