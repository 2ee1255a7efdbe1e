using Kullback.Cli.Common;
using Kullback.Data;
using Kullback.Learning.Data;

namespace Kullback.Cli.Train;

/// <summary>Train and test rows as read from <c>--data</c>, raw (before the model's scaler), and the scaling that suits them.</summary>
internal sealed record LoadedData(Dataset Train, Dataset Test, ScalingKind Scaling, string Description);

/// <summary>
/// Resolves <c>--data</c>: <c>digits</c> (the bundled 8×8 digits), a folder of IDX files (its own train/t10k split,
/// pixels already in [0, 1]), or a CSV file (gzipped or not) or 2-D NPY array (features and a label column), split
/// into train/test with a seeded shuffle.
/// </summary>
internal static class DataSource
{
    public static LoadedData Load(string spec, CsvLayout layout, double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
            throw new UsageException($"--test-fraction {Format(testFraction)}: must be in (0, 1), the share of rows held out for testing");
        if (spec == "digits")
        {
            using var stream = typeof(DataSource).Assembly.GetManifestResourceStream("digits.csv.gz")
                ?? throw new InvalidOperationException("the bundled digits data set is missing from this build");
            var all = CsvDataset.Read(stream, new CsvLayout(), "digits");
            var (train, test) = Split(all, testFraction, seed);
            return new LoadedData(train, test, ScalingKind.Global, $"digits (bundled; {train.Rows} train / {test.Rows} test rows, split seed {seed})");
        }
        if (Directory.Exists(spec))
        {
            var (train, test) = IdxDataset.LoadFolder(spec);
            return new LoadedData(train, test, ScalingKind.None, $"{spec} (IDX; {train.Rows} train / {test.Rows} test rows)");
        }
        if (File.Exists(spec))
        {
            var all = spec.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? LoadNpy(spec, layout.LabelColumn) : CsvDataset.Load(spec, layout);
            var (train, test) = Split(all, testFraction, seed);
            string format = spec.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? "NPY" : "CSV";
            return new LoadedData(train, test, ScalingKind.Global, $"{spec} ({format}; {train.Rows} train / {test.Rows} test rows, split seed {seed})");
        }
        throw new UsageException($"--data {spec}: not \"digits\", an existing IDX folder, or an existing CSV or NPY file");
    }

    /// <summary>The seeded split; a fraction that leaves either side empty is an error naming --test-fraction (exit 2).</summary>
    private static (Dataset Train, Dataset Test) Split(Dataset all, double testFraction, int seed)
    {
        try { return all.Split(testFraction, seed); }
        catch (ArgumentOutOfRangeException e) { throw new UsageException($"--test-fraction {Format(testFraction)}: {ErrorText.Of(e)}"); }
    }

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A 2-D NPY array (rows, features + label) through the project's one NPY reader.</summary>
    private static Dataset LoadNpy(string path, int labelColumn)
    {
        using var npy = NpyFile.Open(path);
        if (npy.Shape.Length != 2)
            throw new InvalidDataException($"{path}: NPY shape {npy.ShapeText}; train reads a 2-D array (rows, features and a label column)");
        if (npy.RowCount * npy.Columns > Array.MaxLength)
            throw new InvalidDataException($"{path}: {npy.RowCount} × {npy.Columns} values is too large to train on in memory");
        int rows = (int)npy.RowCount, columns = (int)npy.Columns;
        var values = new double[(long)rows * columns];
        npy.CopyRows(0, rows, values);
        return LabelledArray.FromRows(values, rows, columns, labelColumn, Path.GetFileName(path));
    }
}
