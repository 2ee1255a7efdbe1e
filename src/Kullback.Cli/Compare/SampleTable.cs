using System.Globalization;
using Kullback.Data;
using nietras.SeparatedValues;

namespace Kullback.Cli.Compare;

/// <summary>One column of samples: numbers, or text (categorical) values.</summary>
/// <param name="Name">Header name, or the 0-based index as text.</param>
/// <param name="Numbers">The values when every cell is a finite number, else null.</param>
/// <param name="Text">The cells when the column is text (categorical), else null.</param>
internal sealed record SampleColumn(string Name, double[]? Numbers, string[]? Text)
{
    /// <summary>Number of samples.</summary>
    public int Count => Numbers?.Length ?? Text!.Length;
}

/// <summary>
/// Samples read from a CSV file (header optional, Sep) or an NPY file (1-D: one column; 2-D: rows × columns).
/// A CSV column is numeric when its first cell is a number; then every cell must be a finite number. Ragged rows,
/// empty files and NaN or empty cells are errors that name the file, line and column.
/// </summary>
internal sealed class SampleTable
{
    private SampleTable(string file, string[] names, Func<int, SampleColumn> column, int rows)
    {
        File = file;
        Names = names;
        _column = column;
        Rows = rows;
    }

    private readonly Func<int, SampleColumn> _column;

    /// <summary>The file read.</summary>
    public string File { get; }

    /// <summary>Column names (header cells, or indices as text).</summary>
    public string[] Names { get; }

    /// <summary>Number of data rows.</summary>
    public int Rows { get; }

    /// <summary>Column <paramref name="index"/> with its values.</summary>
    public SampleColumn Column(int index) => _column(index);

    /// <summary>Finds a column by header name or by 0-based index.</summary>
    /// <exception cref="InvalidDataException">No such column (the message lists the columns).</exception>
    public int Find(string nameOrIndex)
    {
        int byName = Array.IndexOf(Names, nameOrIndex);
        if (byName >= 0) return byName;
        if (int.TryParse(nameOrIndex, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < Names.Length) return i;
        throw new Kullback.Cli.Common.UsageException($"--column {nameOrIndex}: {File} has no such column (columns: {string.Join(", ", Names.Select((n, k) => $"{k}:{n}"))})");
    }

    /// <summary>Reads an .npy file or CSV (any other extension).</summary>
    /// <param name="path">The file.</param>
    /// <param name="header">true/false, or null to detect: the first row is a header when one of its cells is not a number but the cell below it is
    /// (so a file of text columns only needs --header yes).</param>
    /// <exception cref="InvalidDataException">Empty input, ragged rows, NaN or empty numeric cells, unsupported NPY.</exception>
    public static SampleTable Read(string path, bool? header)
    {
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        return path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? ReadNpy(path) : ReadCsv(path, header);
    }

    private static SampleTable ReadNpy(string path)
    {
        using var npy = NpyFile.Open(path);
        if (npy.Shape.Length is < 1 or > 2)
            throw new InvalidDataException($"{path}: shape {npy.ShapeText}; samples must be 1-D (n,) or 2-D (n, columns)");
        if (npy.RowCount == 0 || npy.Columns == 0) throw new InvalidDataException($"{path}: no samples (shape {npy.ShapeText})");
        int rows = checked((int)npy.RowCount), cols = checked((int)npy.Columns);
        var all = npy.ReadAllAsDouble();
        for (int i = 0; i < all.Length; i++)
            if (!double.IsFinite(all[i]))
                throw new InvalidDataException($"{path}: element [{i / cols}, {i % cols}] is {all[i]}: samples must be finite");
        var names = Enumerable.Range(0, cols).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
        return new SampleTable(path, names, c =>
        {
            var v = new double[rows];
            for (int r = 0; r < rows; r++) v[r] = all[(long)r * cols + c];
            return new SampleColumn(names[c], v, null);
        }, rows);
    }

    private static SampleTable ReadCsv(string path, bool? header)
    {
        var cells = new List<string[]>();
        var lines = new List<int>();
        using (var reader = Sep.Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Trim = SepTrim.All, Unescape = true }).FromFile(path))
        {
            foreach (var row in reader)
            {
                var values = new string[row.ColCount];
                for (int c = 0; c < values.Length; c++) values[c] = row[c].ToString();
                if (values.Length == 1 && values[0].Length == 0) continue; // blank line, skipped as pandas does
                // 1-based physical line. Sep 0.17 reports the first row read as starting on line 2 (an empty range 2–2): mend it.
                int line = row.LineNumberFrom == row.LineNumberToExcl ? row.LineNumberFrom - 1 : row.LineNumberFrom;
                if (cells.Count > 0 && values.Length != cells[0].Length)
                    throw new InvalidDataException($"{path}: line {line}: ragged row of {values.Length} cells; the first row has {cells[0].Length}");
                cells.Add(values);
                lines.Add(line);
            }
        }
        if (cells.Count == 0) throw new InvalidDataException($"{path}: empty input, no rows");
        int cols = cells[0].Length;
        bool hasHeader = header ?? (cells.Count > 1
            ? Enumerable.Range(0, cols).Any(c => !IsNumber(cells[0][c]) && IsNumber(cells[1][c]))
            : cells[0].All(c => !IsNumber(c))); // a lone row of names is a header without data
        string[] names = hasHeader ? cells[0] : Enumerable.Range(0, cols).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
        int first = hasHeader ? 1 : 0;
        int rows = cells.Count - first;
        if (rows == 0) throw new InvalidDataException($"{path}: empty input, a header but no data rows");
        return new SampleTable(path, names, c =>
        {
            if (!IsNumber(cells[first][c]) && !LooksNaN(cells[first][c]))
            {
                var text = new string[rows];
                for (int r = 0; r < rows; r++)
                {
                    text[r] = cells[first + r][c];
                    if (text[r].Length == 0) throw new InvalidDataException($"{path}: line {lines[first + r]}, column {c + 1} ({names[c]}): empty cell");
                }
                return new SampleColumn(names[c], null, text);
            }
            var v = new double[rows];
            for (int r = 0; r < rows; r++)
            {
                string cell = cells[first + r][c];
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out v[r]))
                    throw new InvalidDataException($"{path}: line {lines[first + r]}, column {c + 1} ({names[c]}): \"{cell}\" is not a number in a numeric column");
                if (!double.IsFinite(v[r]))
                    throw new InvalidDataException($"{path}: line {lines[first + r]}, column {c + 1} ({names[c]}): {cell} cell; samples must be finite numbers");
            }
            return new SampleColumn(names[c], v, null);
        }, rows);
    }

    private static bool IsNumber(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v);

    private static bool LooksNaN(string cell) =>
        cell.Length == 0 || double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && !double.IsFinite(v);
}
