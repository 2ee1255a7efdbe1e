using System.Globalization;
using Kullback.Data;
using nietras.SeparatedValues;

namespace Kullback.Learning.Data;

/// <summary>How a CSV file is laid out.</summary>
/// <param name="HasHeader">The first line names the columns and is skipped.</param>
/// <param name="LabelColumn">0-based column of the class label; negative counts from the end (−1 = last).</param>
public sealed record CsvLayout(bool HasHeader = false, int LabelColumn = -1);

/// <summary>
/// Reads a classification data set from CSV (gzipped or not): every cell but the label is a number, the label
/// is an integer class index ≥ 0. Values are read as they are (no scaling; see <see cref="FeatureScaler"/>).
/// A non-numeric cell or a row with a different number of cells is an error naming its line and column.
/// </summary>
public static class CsvDataset
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">A bad cell, a ragged row, an empty file; the message names line and column.</exception>
    public static Dataset Load(string path, CsvLayout? layout = null)
    {
        using var stream = Compressed.OpenRead(path);
        return Read(stream, layout, Path.GetFileName(path));
    }

    /// <summary>Reads CSV from <paramref name="stream"/> (gzip detected by its magic bytes).</summary>
    /// <exception cref="InvalidDataException">A bad cell, a ragged row, an empty file; the message names line and column.</exception>
    public static Dataset Read(Stream stream, CsvLayout? layout = null, string name = "csv")
    {
        layout ??= new CsvLayout();
        using var text = new StreamReader(Compressed.Wrap(stream));
        using var reader = Sep.New(',').Reader(o => o with { HasHeader = layout.HasHeader, DisableColCountCheck = true }).From(text);
        var features = new List<float>();
        var labels = new List<int>();
        int columns = -1, labelColumn = -1;
        foreach (var row in reader)
        {
            // 1-based physical line. Sep 0.17 reports the first row read as starting on line 2 (an empty range 2–2): mend it.
            int line = row.LineNumberFrom == row.LineNumberToExcl ? row.LineNumberFrom - 1 : row.LineNumberFrom;
            if (row.ColCount == 1 && row[0].Span.Trim().Length == 0) continue; // a blank line is skipped, as pandas does
            if (columns < 0)
            {
                columns = row.ColCount;
                if (columns < 2) throw new InvalidDataException($"{name}: line {line}: {columns} column(s); need at least one feature and a label");
                labelColumn = layout.LabelColumn < 0 ? columns + layout.LabelColumn : layout.LabelColumn;
                if ((uint)labelColumn >= (uint)columns)
                    throw new InvalidDataException($"{name}: label column {layout.LabelColumn} does not exist in {columns} columns");
            }
            else if (row.ColCount != columns)
                throw new InvalidDataException($"{name}: line {line}: {row.ColCount} columns, but the first row has {columns}");
            for (int c = 0; c < columns; c++)
            {
                var cell = row[c].Span.Trim();
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                    throw new InvalidDataException($"{name}: line {line}, column {c + 1}: \"{cell}\" is not a finite number");
                if (c == labelColumn)
                {
                    if (value < 0 || value != Math.Floor(value) || value > int.MaxValue - 1)
                        throw new InvalidDataException($"{name}: line {line}, column {c + 1}: label \"{cell}\" must be an integer ≥ 0");
                    if (value >= Dataset.MaxClasses)
                        throw new InvalidDataException($"{name}: line {line}, column {c + 1}: label \"{cell}\" is above the limit of {Dataset.MaxClasses} classes (labels 0 … {Dataset.MaxClasses - 1})");
                    labels.Add((int)value);
                }
                else
                {
                    // Features are float32: 1e308 would become ±∞ (and NaN logits); say so here, where the file and cell are known.
                    if (float.IsInfinity((float)value))
                        throw new InvalidDataException($"{name}: line {line}, column {c + 1}: {cell} is outside the float32 range ±3.4e38 (features are float32)");
                    features.Add((float)value);
                }
            }
        }
        if (columns < 0 || labels.Count == 0) throw new InvalidDataException($"{name}: no data rows");
        int featureCount = columns - 1;
        int classes = Math.Max(2, labels.Max() + 1);
        int side = (int)Math.Round(Math.Sqrt(featureCount));
        bool square = side * side == featureCount && side >= 4;
        return new Dataset(features.ToArray(), labels.ToArray(), featureCount, classes, square ? side : 0, square ? side : 0, name);
    }
}
