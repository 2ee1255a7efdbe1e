using System.Globalization;
using nietras.SeparatedValues;

namespace Kullback.Learning.Variational;

/// <summary>
/// The design matrix Φ (rows, 1 + features) row-major: an intercept column of ones, then each feature standardised
/// as (x − mean)/std with the population std (a constant column becomes 0).
/// </summary>
public sealed class DesignMatrix
{
    private DesignMatrix(double[] values, int rows, int columns, double[] mean, double[] std)
    {
        Values = values;
        Rows = rows;
        Columns = columns;
        FeatureMean = mean;
        FeatureStd = std;
    }

    /// <summary>Φ, row-major (<see cref="Rows"/>, <see cref="Columns"/>); column 0 is the intercept.</summary>
    public double[] Values { get; }
    /// <summary>Number of examples n.</summary>
    public int Rows { get; }
    /// <summary>1 + number of features.</summary>
    public int Columns { get; }
    /// <summary>Per-feature mean used for standardising.</summary>
    public double[] FeatureMean { get; }
    /// <summary>Per-feature population standard deviation used for standardising.</summary>
    public double[] FeatureStd { get; }

    /// <summary>Row <paramref name="i"/> of Φ.</summary>
    public ReadOnlySpan<double> Row(int i) => Values.AsSpan(i * Columns, Columns);

    /// <summary>Builds Φ from raw features x (rows, features) row-major.</summary>
    /// <exception cref="ArgumentException">Shapes disagree or a value is not finite (names row and column).</exception>
    public static DesignMatrix Standardized(ReadOnlySpan<double> x, int rows, int features)
    {
        if (rows < 1 || features < 1 || x.Length != rows * features)
            throw new ArgumentException($"x has {x.Length} values, not rows ({rows}) × features ({features})", nameof(x));
        var mean = new double[features];
        var std = new double[features];
        for (int j = 0; j < features; j++)
        {
            double sum = 0;
            for (int i = 0; i < rows; i++)
            {
                double v = x[i * features + j];
                if (!double.IsFinite(v)) throw new ArgumentException($"x[{i}][{j}] = {v.ToString(CultureInfo.InvariantCulture)} is not finite", nameof(x));
                sum += v;
            }
            mean[j] = sum / rows;
            double squares = 0;
            for (int i = 0; i < rows; i++) { double c = x[i * features + j] - mean[j]; squares += c * c; }
            std[j] = Math.Sqrt(squares / rows);
        }
        int columns = features + 1;
        var phi = new double[rows * columns];
        for (int i = 0; i < rows; i++)
        {
            phi[i * columns] = 1;
            for (int j = 0; j < features; j++)
                phi[i * columns + 1 + j] = std[j] > 0 ? (x[i * features + j] - mean[j]) / std[j] : 0;
        }
        return new DesignMatrix(phi, rows, columns, mean, std);
    }
}

/// <summary>Reads a regression CSV: no header, every cell a finite number, the last column the real-valued target.</summary>
public static class RegressionCsv
{
    /// <summary>Reads <paramref name="path"/> into features x (rows, features) row-major and targets y.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">A bad cell, a ragged row, fewer than 2 columns, or no rows (names line and column).</exception>
    public static (double[] X, double[] Y, int Rows, int Features) Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        using var reader = File.OpenText(path);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Reads a regression CSV from <paramref name="reader"/>; messages name it <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">A bad cell, a ragged row, fewer than 2 columns, or no rows (names line and column).</exception>
    public static (double[] X, double[] Y, int Rows, int Features) Read(TextReader reader, string name)
    {
        var x = new List<double>();
        var y = new List<double>();
        int columns = -1;
        using var rows = Sep.New(',').Reader(o => o with { HasHeader = false, DisableColCountCheck = true }).From(reader);
        foreach (var row in rows)
        {
            int line = row.RowIndex + 1;                                      // no quoted multi-line cells: row = line
            if (row.ColCount == 1 && row[0].Span.IsWhiteSpace()) continue;   // a blank line
            if (columns < 0)
            {
                columns = row.ColCount;
                if (columns < 2) throw new InvalidDataException($"{name}: line {line}: {columns} column; need at least one feature and the target");
            }
            else if (row.ColCount != columns)
                throw new InvalidDataException($"{name}: line {line}: {row.ColCount} columns, but the first row has {columns}");
            for (int c = 0; c < columns; c++)
            {
                var cell = row[c].Span.Trim();
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                    throw new InvalidDataException($"{name}: line {line}, column {c + 1}: \"{cell}\" is not a finite number");
                if (c == columns - 1) y.Add(v); else x.Add(v);
            }
        }
        if (y.Count == 0) throw new InvalidDataException($"{name}: no rows");
        return (x.ToArray(), y.ToArray(), y.Count, columns - 1);
    }
}
