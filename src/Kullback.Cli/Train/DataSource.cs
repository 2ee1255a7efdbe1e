using Kullback.Cli.Common;
using Kullback.Learning.Data;

namespace Kullback.Cli.Train;

/// <summary>Train and test rows as read from <c>--data</c>, raw (before the model's scaler), and the scaling that suits them.</summary>
internal sealed record LoadedData(Dataset Train, Dataset Test, ScalingKind Scaling, string Description);

/// <summary>
/// Resolves <c>--data</c>: <c>digits</c> (the bundled 8×8 digits), a folder of IDX files (its own train/t10k split,
/// pixels already in [0, 1]), or a CSV file (gzipped or not; split into train/test with a seeded shuffle).
/// </summary>
internal static class DataSource
{
    public static LoadedData Load(string spec, CsvLayout layout, double testFraction, int seed)
    {
        if (spec == "digits")
        {
            using var stream = typeof(DataSource).Assembly.GetManifestResourceStream("digits.csv.gz")
                ?? throw new InvalidOperationException("the bundled digits data set is missing from this build");
            var all = CsvDataset.Read(stream, new CsvLayout(), "digits");
            var (train, test) = all.Split(testFraction, seed);
            return new LoadedData(train, test, ScalingKind.Global, $"digits (bundled; {train.Rows} train / {test.Rows} test rows, split seed {seed})");
        }
        if (Directory.Exists(spec))
        {
            var (train, test) = IdxDataset.LoadFolder(spec);
            return new LoadedData(train, test, ScalingKind.None, $"{spec} (IDX; {train.Rows} train / {test.Rows} test rows)");
        }
        if (File.Exists(spec))
        {
            if (spec.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--data {spec}: NPY input is not supported by `train` in this build; use CSV or an IDX folder");
            var all = CsvDataset.Load(spec, layout);
            var (train, test) = all.Split(testFraction, seed);
            return new LoadedData(train, test, ScalingKind.Global, $"{spec} (CSV; {train.Rows} train / {test.Rows} test rows, split seed {seed})");
        }
        throw new UsageException($"--data {spec}: not \"digits\", an existing IDX folder, or an existing CSV file");
    }
}
