using System.Globalization;
using Kullback.Cli.Common;
using Kullback.Data;
using nietras.SeparatedValues;

namespace Kullback.Cli.Mi;

/// <summary>One column of an <c>mi</c> input, row-aligned: numbers (NaN where missing) or texts (null where missing).</summary>
internal sealed class MiColumn(string name)
{
    /// <summary>Header name (NPY: the 0-based index).</summary>
    public string Name { get; } = name;

    /// <summary>The numbers while every non-missing cell is a number; NaN marks a missing cell.</summary>
    public List<double>? Numbers = [];

    /// <summary>The cells as text once a non-numeric cell was seen (null: missing).</summary>
    public List<string?>? Text;

    /// <summary>Whether the column is text (categorical).</summary>
    public bool IsText => Text is not null;
}

/// <summary>
/// The input of <c>kullback mi</c>: a CSV with a header (Sep) or a 2-D numeric .npy (columns named 0…k−1), every
/// column kept row by row. Missing cells (empty, NaN, NA, null, None, … — pandas' default NA strings) are kept as
/// missing so the verb can name them or drop their rows.
/// </summary>
internal sealed class MiTable
{
    private MiTable(string file, MiColumn[] columns, int[] lines)
    {
        File = file;
        Columns = columns;
        Lines = lines;
    }

    /// <summary>The file read.</summary>
    public string File { get; }

    /// <summary>The columns in file order.</summary>
    public MiColumn[] Columns { get; }

    /// <summary>Where each data row is: its 1-based line in a CSV, its 0-based row in an NPY.</summary>
    public int[] Lines { get; }

    /// <summary>Whether <see cref="Lines"/> are CSV lines (else NPY rows).</summary>
    public bool IsCsv => !File.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);

    /// <summary>Number of data rows.</summary>
    public int Rows => Lines.Length;

    private static readonly HashSet<string> MissingText =
        ["", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"];

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> MissingLookup = MissingText.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether row <paramref name="row"/> of <paramref name="column"/> is missing.</summary>
    public static bool IsMissing(MiColumn column, int row) => column.IsText ? column.Text![row] is null : double.IsNaN(column.Numbers![row]);

    /// <summary>Reads <paramref name="path"/>: .npy as a 2-D numeric array, anything else as CSV with a header.</summary>
    /// <exception cref="InvalidDataException">Empty input, ragged rows, duplicate column names, infinite numbers, unsupported NPY.</exception>
    public static MiTable Read(string path)
    {
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        return path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? ReadNpy(path) : ReadCsv(path);
    }

    private static MiTable ReadNpy(string path)
    {
        using var npy = NpyFile.Open(path);
        if (npy.Shape.Length != 2) throw new InvalidDataException($"{path}: shape {npy.ShapeText}; mi needs a 2-D array (rows, columns)");
        if (npy.RowCount == 0) throw new InvalidDataException($"{path}: no rows (shape {npy.ShapeText})");
        int rows = checked((int)npy.RowCount), cols = checked((int)npy.Columns);
        var all = npy.ReadAllAsDouble();
        var columns = new MiColumn[cols];
        for (int c = 0; c < cols; c++)
        {
            var v = new double[rows];
            for (int r = 0; r < rows; r++)
            {
                v[r] = all[(long)r * cols + c];
                if (double.IsInfinity(v[r])) throw new InvalidDataException($"{path}: element [{r}, {c}] is {v[r]}: values must be finite");
            }
            columns[c] = new MiColumn(c.ToString(CultureInfo.InvariantCulture)) { Numbers = [.. v] };
        }
        return new MiTable(path, columns, Enumerable.Range(0, rows).ToArray());
    }

    private static MiTable ReadCsv(string path)
    {
        SepReader reader;
        try
        {
            reader = Sep.Reader(o => o with { HasHeader = true, Unescape = true, DisableColCountCheck = true }).FromFile(path);
        }
        catch (ArgumentException e) // Sep refuses a header that repeats a name
        {
            throw new InvalidDataException($"{path}: the header repeats a column name ({e.Message})");
        }
        using var _ = reader;
        var names = reader.Header.ColNames.ToArray();
        if (names.Length == 0 || names.Length == 1 && names[0].Length == 0) throw new InvalidDataException($"{path}: empty input, no header");
        var seen = new HashSet<string>();
        foreach (var n in names)
            if (!seen.Add(n)) throw new InvalidDataException($"{path}: the header repeats a column name ('{n}')");
        var columns = names.Select(n => new MiColumn(n)).ToArray();
        var lines = new List<int>();
        foreach (var row in reader)
        {
            if (row.ColCount == 1 && row[0].Span.Length == 0) continue; // blank line
            if (row.ColCount != names.Length)
                throw new InvalidDataException($"{path}: line {row.LineNumberFrom}: ragged row of {row.ColCount} cells; the header has {names.Length}");
            lines.Add(row.LineNumberFrom);
            if (lines.Count == 1) Reserve(columns, lines, row.Span.Length, path);
            for (int c = 0; c < columns.Length; c++)
            {
                var col = columns[c];
                var cell = row[c];
                var span = cell.Span;
                if (!col.IsText)
                {
                    // A number first: no missing marker parses to a finite number, so the marker lookup is left to the rest.
                    bool number = CsvNumber.TryParse(cell, span, out double v);
                    if (number && double.IsFinite(v))
                    {
                        col.Numbers!.Add(v);
                        continue;
                    }
                    if (span.Length == 0 || MissingLookup.Contains(span)) { col.Numbers!.Add(double.NaN); continue; }
                    if (number && double.IsInfinity(v))
                        throw new InvalidDataException($"{path}: line {row.LineNumberFrom}, column '{col.Name}': {cell.ToString()} is not finite");
                    // The first text cell: the column is categorical; earlier numbers become their texts.
                    col.Text = col.Numbers!.Select(x => double.IsNaN(x) ? null : x.ToString("R", CultureInfo.InvariantCulture)).ToList<string?>();
                    col.Numbers = null;
                }
                col.Text!.Add(span.Length == 0 || MissingLookup.Contains(span) ? null : cell.ToString());
            }
        }
        if (lines.Count == 0) throw new InvalidDataException($"{path}: a header but no data rows");
        return new MiTable(path, columns, [.. lines]);
    }

    // Room for about as many rows as the file holds lines as long as the first data row (a guess: the lists still grow
    // past it), so a large file's columns are not copied and reallocated a dozen times each as they fill.
    private static void Reserve(MiColumn[] columns, List<int> lines, int rowChars, string path)
    {
        long guess = Math.Min(new FileInfo(path).Length / Math.Max(1, rowChars + 1) + 16, 1 << 24);
        lines.Capacity = (int)guess;
        foreach (var col in columns) col.Numbers!.Capacity = (int)guess;
    }
}
