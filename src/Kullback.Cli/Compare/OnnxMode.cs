using Kullback.Cli.Train;
using Kullback.Learning.Data;
using Kullback.Onnx;

namespace Kullback.Cli.Compare;

/// <summary>
/// <c>kullback compare --onnx A.onnx B.onnx --data D</c>: both models run over every row of D (train and test rows of a
/// CSV/NPY, both IDX files), chunk by chunk on the comparison's threads (per thread only a chunk of features' logits is
/// held), and their logits are compared as by <c>compare --logits</c>, A the reference.
/// </summary>
internal static class OnnxMode
{
    public static int Run(OnnxClassifier a, OnnxClassifier b, string data, CsvLayout layout, int threads, bool json, TextWriter output)
    {
        using (a)
        using (b)
        {
            var loaded = DataSource.Load(data, layout, 0.2, 0);
            var rows = Concat(loaded.Train, loaded.Test);
            if (rows.Rows == 0) throw new InvalidDataException($"--data {data}: no rows");
            int d = rows.FeatureCount;
            int ca = Classes(a, rows.Features, d), cb = Classes(b, rows.Features, d);
            if (ca != cb) throw new InvalidDataException($"the models' class counts differ: A {a.FilePath} has {ca}, B {b.FilePath} has {cb}");
            using var ia = Input(a, rows.Features, rows.Rows, d, ca);
            using var ib = Input(b, rows.Features, rows.Rows, d, cb);
            return LogitsMode.Run(ia, ib, null, threads, json, output);
        }
    }

    /// <summary>C of the model, running the first row when the graph leaves it open; checks the feature count first.</summary>
    private static int Classes(OnnxClassifier model, float[] x, int d)
    {
        if (model.Features > 0 && model.Features != d)
            throw new InvalidDataException($"{model.FilePath}: input \"{model.InputName}\" takes {model.Features} features, the data has {d}");
        if (model.Classes < 0) model.Logits(x, d, 0, 1, new float[1 << 20]);
        return model.Classes;
    }

    private static LogitInput Input(OnnxClassifier model, float[] x, int rows, int d, int c) =>
        new(model.FilePath, "onnx-f4", rows, c, (first, count, buffer) =>
        {
            model.Logits(x, d, first, count, buffer);
            return buffer[..(count * c)];
        }, null);

    private static Dataset Concat(Dataset a, Dataset b) =>
        new([.. a.Features, .. b.Features], [.. a.Labels, .. b.Labels], a.FeatureCount, Math.Max(a.Classes, b.Classes), a.ImageHeight, a.ImageWidth, a.Name);
}
