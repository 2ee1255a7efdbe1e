using Kullback.Cli.Common;
using System.Globalization;
using Kullback.Data;

namespace Kullback.Cli.Calibrate;

/// <summary>Readers of <c>kullback calibrate</c>'s files: logits or probabilities as a 2-D NPY array, labels as NPY integers or CSV.</summary>
internal static class CalibrationInputs
{
    /// <summary>A 2-D float NPY array (rows, classes) as doubles.</summary>
    public static (double[] Values, int Rows, int Classes) ReadMatrix(string path, string option)
    {
        if (!File.Exists(path)) throw new UsageException($"{option} {path}: {(Directory.Exists(path) ? "is a folder, not a file" : "no such file")}");
        using var npy = NpyFile.Open(path);
        if (npy.DType is not (NpyDType.Float16 or NpyDType.Float32 or NpyDType.Float64))
            throw new InvalidDataException($"{path}: {option} holds {NpyDTypes.Code(npy.DType)}; floating point (f2, f4, f8) is needed");
        if (npy.Shape.Length != 2 || npy.Columns < 2)
            throw new InvalidDataException($"{path}: {option} has shape {npy.ShapeText}; (rows, classes) with at least 2 classes is needed");
        if (npy.RowCount == 0) throw new InvalidDataException($"{path}: {option} has no rows");
        return (npy.ReadAllAsDouble(), (int)npy.RowCount, (int)npy.Columns);
    }

    /// <summary>Labels: an NPY vector of int32/int64 (or (rows, 1)), or a text/CSV file with one integer in the first column per line.</summary>
    public static int[] ReadLabels(string path, string option)
    {
        if (!File.Exists(path)) throw new UsageException($"{option} {path}: {(Directory.Exists(path) ? "is a folder, not a file" : "no such file")}");
        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            using var npy = NpyFile.Open(path);
            if (npy.DType is not (NpyDType.Int32 or NpyDType.Int64))
                throw new InvalidDataException($"{path}: {option} holds {NpyDTypes.Code(npy.DType)}; int32 (i4) or int64 (i8) is needed");
            if (npy.Columns != 1 || npy.Shape.Length > 2) throw new InvalidDataException($"{path}: {option} has shape {npy.ShapeText}; one label per row is needed");
            var raw = new long[npy.RowCount];
            npy.CopyRows(0, (int)npy.RowCount, raw);
            var labels = new int[raw.Length];
            for (int i = 0; i < raw.Length; i++)
            {
                if (raw[i] < 0 || raw[i] > int.MaxValue) throw new InvalidDataException($"{path}: {option}[{i}] = {raw[i]}: labels must be classes ≥ 0");
                labels[i] = (int)raw[i];
            }
            return labels;
        }
        var list = new List<int>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var cell = line.Split(',')[0].Trim();
            if (!int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out int y) || y < 0)
            {
                if (lineNumber == 1 && list.Count == 0 && !double.TryParse(cell, CultureInfo.InvariantCulture, out _)) continue; // a header
                throw new InvalidDataException($"{path}: line {lineNumber}: \"{cell}\" is not a class label (an integer ≥ 0)");
            }
            list.Add(y);
        }
        if (list.Count == 0) throw new InvalidDataException($"{path}: {option} holds no labels");
        return [.. list];
    }
}
