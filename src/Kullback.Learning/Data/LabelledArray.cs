namespace Kullback.Learning.Data;

/// <summary>
/// Turns a numeric table already in memory (rows × columns, row-major; e.g. a 2-D NPY array) into a data set:
/// one column holds the class label (an integer ≥ 0), the others are features. Errors name the row and column.
/// </summary>
public static class LabelledArray
{
    /// <summary>Builds a data set from <paramref name="values"/> (rows, columns) with the label in <paramref name="labelColumn"/>.</summary>
    /// <param name="values">The table, row-major.</param>
    /// <param name="rows">Rows, ≥ 1.</param>
    /// <param name="columns">Columns, ≥ 2 (at least one feature and the label).</param>
    /// <param name="labelColumn">0-based label column; negative counts from the end (−1 = last).</param>
    /// <param name="name">The source, for messages and reports.</param>
    /// <exception cref="InvalidDataException">A shape problem, a non-finite feature, or a label that is not an integer ≥ 0.</exception>
    public static Dataset FromRows(ReadOnlySpan<double> values, int rows, int columns, int labelColumn, string name)
    {
        if (rows < 1) throw new InvalidDataException($"{name}: no rows");
        if (columns < 2) throw new InvalidDataException($"{name}: {columns} column(s); need at least one feature and a label");
        if (values.Length != (long)rows * columns) throw new InvalidDataException($"{name}: {values.Length} values, expected {rows} × {columns}");
        int label = labelColumn < 0 ? columns + labelColumn : labelColumn;
        if ((uint)label >= (uint)columns) throw new InvalidDataException($"{name}: label column {labelColumn} does not exist in {columns} columns");
        int featureCount = columns - 1;
        var features = new float[(long)rows * featureCount];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            var row = values.Slice(r * columns, columns);
            int f = 0;
            for (int c = 0; c < columns; c++)
            {
                double v = row[c];
                if (c == label)
                {
                    if (!(v >= 0) || v != Math.Floor(v) || v > int.MaxValue - 1)
                        throw new InvalidDataException($"{name}: row {r}, column {c}: label {v} must be an integer ≥ 0");
                    if (v >= Dataset.MaxClasses)
                        throw new InvalidDataException($"{name}: row {r}, column {c}: label {v} is above the limit of {Dataset.MaxClasses} classes (labels 0 … {Dataset.MaxClasses - 1})");
                    labels[r] = (int)v;
                }
                else
                {
                    if (!double.IsFinite(v)) throw new InvalidDataException($"{name}: row {r}, column {c}: {v} is not a finite number");
                    if (float.IsInfinity((float)v))
                        throw new InvalidDataException($"{name}: row {r}, column {c}: {v} is outside the float32 range ±3.4e38 (features are float32)");
                    features[(long)r * featureCount + f++] = (float)v;
                }
            }
        }
        int classes = Math.Max(2, labels.Max() + 1);
        int side = (int)Math.Round(Math.Sqrt(featureCount));
        bool square = side * side == featureCount && side >= 4;
        return new Dataset(features, labels, featureCount, classes, square ? side : 0, square ? side : 0, name);
    }
}
