using System.Buffers.Binary;

namespace Kullback.Learning.Data;

/// <summary>
/// Reads the IDX format of MNIST (gzipped or not): big-endian magic 0x0000 08 nd (unsigned bytes, nd dimensions),
/// nd big-endian int32 sizes, then the bytes row-major. Images (n, h, w) become rows of h·w features scaled to
/// [0, 1] by x / 255; labels (n) are class indices.
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
        var (pixels, imageDims) = ReadBytes(imagesPath);
        var (labelBytes, labelDims) = ReadBytes(labelsPath);
        if (imageDims.Length is < 2 or > 3) throw new InvalidDataException($"{imagesPath}: {imageDims.Length} dimensions; images need 2 or 3");
        if (labelDims.Length != 1) throw new InvalidDataException($"{labelsPath}: {labelDims.Length} dimensions; labels need 1");
        if (imageDims[0] != labelDims[0])
            throw new InvalidDataException($"{imagesPath} holds {imageDims[0]} images but {labelsPath} holds {labelDims[0]} labels");
        int n = imageDims[0];
        int features = imageDims.Length == 3 ? imageDims[1] * imageDims[2] : imageDims[1];
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

    /// <summary>Reads one IDX file of unsigned bytes: its data and dimension sizes.</summary>
    /// <exception cref="InvalidDataException">Bad magic, a type other than unsigned byte, or a short file.</exception>
    public static (byte[] Data, int[] Dimensions) ReadBytes(string path)
    {
        using var stream = Compressed.OpenRead(path);
        Span<byte> header = stackalloc byte[4];
        if (stream.ReadAtLeast(header, 4, throwOnEndOfStream: false) < 4)
            throw new InvalidDataException($"{path}: shorter than the 4-byte IDX magic");
        if (header[0] != 0 || header[1] != 0)
            throw new InvalidDataException($"{path}: not an IDX file (magic {header[0]:X2}{header[1]:X2}{header[2]:X2}{header[3]:X2}, expected 0000TTDD)");
        if (header[2] != 0x08) throw new InvalidDataException($"{path}: IDX element type 0x{header[2]:X2}; only unsigned bytes (0x08) are supported");
        int nd = header[3];
        if (nd is < 1 or > 4) throw new InvalidDataException($"{path}: {nd} dimensions; expected 1 to 4");
        var dimBytes = new byte[4 * nd];
        if (stream.ReadAtLeast(dimBytes, dimBytes.Length, throwOnEndOfStream: false) < dimBytes.Length)
            throw new InvalidDataException($"{path}: ends inside the dimension sizes");
        var dims = new int[nd];
        long count = 1;
        for (int d = 0; d < nd; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(dimBytes.AsSpan(4 * d));
            if (dims[d] < 0) throw new InvalidDataException($"{path}: dimension {d} has negative size {dims[d]}");
            count *= dims[d];
        }
        if (count > Array.MaxLength) throw new InvalidDataException($"{path}: {count} elements is too large");
        var data = new byte[count];
        int read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length) throw new InvalidDataException($"{path}: holds {read} data bytes, but its header promises {count}");
        return (data, dims);
    }
}
