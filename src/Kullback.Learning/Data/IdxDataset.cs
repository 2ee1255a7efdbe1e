using Kullback.Data;

namespace Kullback.Learning.Data;

/// <summary>
/// MNIST-style data sets from IDX files (read by <see cref="IdxFile"/>, gzipped or not): images (n, h, w) become rows
/// of h·w features scaled to [0, 1] by x / 255; labels (n) are class indices.
/// </summary>
public static class IdxDataset
{
    /// <summary>
    /// Loads a folder holding <c>train-images-idx3-ubyte[.gz]</c>, <c>train-labels-idx1-ubyte[.gz]</c>,
    /// <c>t10k-images-idx3-ubyte[.gz]</c> and <c>t10k-labels-idx1-ubyte[.gz]</c>.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file is missing (the message names the path tried).</exception>
    /// <exception cref="InvalidDataException">A file is malformed or images and labels disagree.</exception>
    public static (Dataset Train, Dataset Test) LoadFolder(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: folder not found");
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        var train = Load(Find(directory, "train-images-idx3-ubyte"), Find(directory, "train-labels-idx1-ubyte"), 0, name + " (train)");
        var test = Load(Find(directory, "t10k-images-idx3-ubyte"), Find(directory, "t10k-labels-idx1-ubyte"), 0, name + " (test)");
        int classes = Math.Max(train.Classes, test.Classes);
        return (Recount(train, classes), Recount(test, classes));
    }

    private static Dataset Recount(Dataset d, int classes) =>
        d.Classes == classes ? d : new Dataset(d.Features, d.Labels, d.FeatureCount, classes, d.ImageHeight, d.ImageWidth, d.Name);

    private static string Find(string directory, string stem)
    {
        foreach (var candidate in new[] { stem + ".gz", stem, stem.Replace("-idx", ".idx") + ".gz", stem.Replace("-idx", ".idx") })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"{Path.Combine(directory, stem)}[.gz]: file not found", stem);
    }

    /// <summary>Loads an image file and its label file into one data set.</summary>
    /// <param name="imagesPath">IDX file of n images (n, h, w) or vectors (n, d), unsigned bytes.</param>
    /// <param name="labelsPath">IDX file of n labels (n), unsigned bytes.</param>
    /// <param name="classes">Number of classes, or 0 to take max label + 1.</param>
    /// <param name="name">A short name for reports.</param>
    /// <exception cref="InvalidDataException">A file is malformed or the counts disagree.</exception>
    public static Dataset Load(string imagesPath, string labelsPath, int classes = 0, string? name = null)
    {
        var (pixels, imageDims) = IdxFile.ReadBytes(imagesPath);
        var (labelBytes, labelDims) = IdxFile.ReadBytes(labelsPath);
        if (imageDims.Length is < 2 or > 3) throw new InvalidDataException($"{imagesPath}: {imageDims.Length} dimensions; images need 2 or 3");
        if (labelDims.Length != 1) throw new InvalidDataException($"{labelsPath}: {labelDims.Length} dimensions; labels need 1");
        if (imageDims[0] != labelDims[0])
            throw new InvalidDataException($"{imagesPath} holds {imageDims[0]} images but {labelsPath} holds {labelDims[0]} labels");
        int n = imageDims[0];
        long featureCount = imageDims.Length == 3 ? (long)imageDims[1] * imageDims[2] : imageDims[1];
        if (featureCount > Array.MaxLength)
            throw new InvalidDataException($"{imagesPath}: images of {imageDims[1]} × {imageDims[2]} pixels are too large");
        int features = (int)featureCount;
        var x = new float[(long)n * features];
        for (int i = 0; i < x.Length; i++) x[i] = pixels[i] / 255f;
        var y = new int[n];
        int max = 0;
        for (int i = 0; i < n; i++) { y[i] = labelBytes[i]; max = Math.Max(max, y[i]); }
        int k = classes > 0 ? classes : Math.Max(2, max + 1);
        return imageDims.Length == 3
            ? new Dataset(x, y, features, k, imageDims[1], imageDims[2], name ?? Path.GetFileName(imagesPath))
            : new Dataset(x, y, features, k, name: name ?? Path.GetFileName(imagesPath));
    }
}
