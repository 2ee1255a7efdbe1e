using System.Globalization;
using Kullback.Learning.Data;
using nietras.SeparatedValues;

namespace Kullback.Cli.Drift;

/// <summary>
/// One column of a drift input, read in one streaming pass: the non-missing numbers while every non-missing cell is a
/// number, else the count of each distinct text. Missing cells (pandas' default NA strings: empty, NaN, NA, null, None, …)
/// are counted and left out.
/// </summary>
internal sealed class DriftColumn(string name)
{
    /// <summary>Header name (NPY: the 0-based index).</summary>
    public string Name { get; } = name;

    /// <summary>Missing cells.</summary>
    public long Missing;

    /// <summary>True while every non-missing cell parsed as a number.</summary>
    public bool IsNumeric = true;

    /// <summary>True while every non-missing cell is an integer literal (pandas then reads int64, and labels categories "1", not "1.0").</summary>
    public bool AllIntegers = true;

    /// <summary>The numbers (valid while <see cref="IsNumeric"/>), <see cref="Count"/> of them.</summary>
    public double[] Numbers = new double[1024];

    /// <summary>How many numbers are stored.</summary>
    public int Count;

    /// <summary>Counts of each text (text columns).</summary>
    public Dictionary<string, long>? Text;

    /// <summary>Span lookup into <see cref="Text"/>.</summary>
    public Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> TextLookup;

    /// <summary>Rows before the column's first text cell that held numbers and must be recounted as text (0: none).</summary>
    public long RescanRows;

    /// <summary>Appends a number.</summary>
    public void Add(double value)
    {
        if (Count == Numbers.Length) Array.Resize(ref Numbers, checked(Numbers.Length * 2));
        Numbers[Count++] = value;
    }

    /// <summary>Whether pandas would give the column an integer dtype (every cell an integer literal, none missing).</summary>
    public bool PandasInteger => AllIntegers && Missing == 0;
}

/// <summary>A drift input: CSV with a header (Sep) or a 2-D numeric NPY, read column by column in one pass.</summary>
internal sealed class DriftTable
{
    private DriftTable(string file, DriftColumn[] columns, long rows)
    {
        File = file;
        Columns = columns;
        Rows = rows;
    }

    /// <summary>The file read.</summary>
    public string File { get; }

    /// <summary>The columns, in file order.</summary>
    public DriftColumn[] Columns { get; }

    /// <summary>Data rows, missing cells included.</summary>
    public long Rows { get; }

    /// <summary>pandas' default missing-value strings (<c>pandas.read_csv</c> na_values), plus the empty cell.</summary>
    private static readonly HashSet<string> MissingText =
        ["", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"];

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> MissingLookup = MissingText.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Reads <paramref name="path"/>: .npy as a 2-D numeric array, anything else as CSV with a header.</summary>
    /// <param name="path">The file.</param>
    /// <param name="select">Column names to keep (null: all).</param>
    /// <exception cref="InvalidDataException">Empty input, ragged rows, duplicate or unknown column names, unsupported NPY.</exception>
    public static DriftTable Read(string path, IReadOnlyList<string>? select)
    {
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        return path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? ReadNpy(path, select) : ReadCsv(path, select);
    }

    private static int[] Selection(string path, string[] names, IReadOnlyList<string>? select)
    {
        var seen = new HashSet<string>();
        foreach (var n in names)
            if (!seen.Add(n)) throw new InvalidDataException($"{path}: column name '{n}' appears twice in the header");
        if (select is null) return Enumerable.Range(0, names.Length).ToArray();
        var index = new int[select.Count];
        for (int i = 0; i < select.Count; i++)
        {
            index[i] = Array.IndexOf(names, select[i]);
            if (index[i] < 0) throw new InvalidDataException($"{path}: no column '{select[i]}' (columns: {string.Join(", ", names)})");
        }
        return index;
    }

    private static bool IsBlank(SepReader.Row row) => row.ColCount == 1 && row[0].Span.Length == 0;

    private static bool IsIntegerLiteral(ReadOnlySpan<char> s)
    {
        int i = s.Length > 0 && (s[0] == '-' || s[0] == '+') ? 1 : 0;
        if (i == s.Length) return false;
        for (; i < s.Length; i++)
            if ((uint)(s[i] - '0') > 9) return false;
        return true;
    }

    private static DriftTable ReadCsv(string path, IReadOnlyList<string>? select)
    {
        DriftColumn[] columns;
        int[] index;
        long rows = 0;
        using (var reader = Sep.Reader(o => o with { HasHeader = true, Unescape = true, DisableColCountCheck = true }).FromFile(path))
        {
            var names = reader.Header.ColNames.ToArray();
            if (names.Length == 0 || names.Length == 1 && names[0].Length == 0) throw new InvalidDataException($"{path}: empty input, no header");
            index = Selection(path, names, select);
            columns = index.Select(i => new DriftColumn(names[i])).ToArray();
            int width = names.Length;
            foreach (var row in reader)
            {
                if (IsBlank(row)) continue; // pandas' skip_blank_lines
                if (row.ColCount != width)
                    throw new InvalidDataException($"{path}: line {row.LineNumberFrom}: ragged row of {row.ColCount} cells; the header has {width}");
                rows++;
                for (int k = 0; k < index.Length; k++)
                {
                    var col = columns[k];
                    var cell = row[index[k]];
                    var span = cell.Span;
                    // Sep's csFastFloat parser: correctly rounded, like pandas' default ("high") parser. A number is
                    // never a missing marker, so the NA set is consulted only for cells that are not numbers (or NaN).
                    double? parsed = col.IsNumeric && span.Length > 0 ? cell.TryParse<double>() : null;
                    if (parsed is double v && !double.IsNaN(v))
                    {
                        col.Add(v);
                        if (col.AllIntegers && !IsIntegerLiteral(span)) col.AllIntegers = false;
                    }
                    else if (span.Length == 0 || MissingLookup.Contains(span))
                        col.Missing++;
                    else
                    {
                        if (col.IsNumeric)
                        {
                            // The first text cell: from here on count texts; numbers seen before it are recounted as text by a second pass.
                            col.IsNumeric = false;
                            col.AllIntegers = false;
                            col.RescanRows = col.Count > 0 ? rows - 1 : 0;
                            col.Numbers = [];
                            col.Count = 0;
                            col.Text = new Dictionary<string, long>(StringComparer.Ordinal);
                            col.TextLookup = col.Text.GetAlternateLookup<ReadOnlySpan<char>>();
                        }
                        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(col.TextLookup, span, out _)++;
                    }
                }
            }
        }
        if (rows == 0) throw new InvalidDataException($"{path}: a header but no data rows");
        // Columns whose first text cell came after numbers: a second pass over the rows before it counts those numbers as text.
        var rescan = Enumerable.Range(0, columns.Length).Where(k => columns[k].RescanRows > 0).ToArray();
        if (rescan.Length > 0)
        {
            long limit = rescan.Max(k => columns[k].RescanRows), r = 0;
            using var reader = Sep.Reader(o => o with { HasHeader = true, Unescape = true, DisableColCountCheck = true }).FromFile(path);
            foreach (var row in reader)
            {
                if (IsBlank(row)) continue;
                if (r >= limit) break;
                foreach (int k in rescan)
                {
                    if (r >= columns[k].RescanRows) continue;
                    var span = row[index[k]].Span;
                    if (span.Length == 0 || MissingLookup.Contains(span)) continue;
                    System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(columns[k].TextLookup, span, out _)++;
                }
                r++;
            }
        }
        return new DriftTable(path, columns, rows);
    }

    private static DriftTable ReadNpy(string path, IReadOnlyList<string>? select)
    {
        using var npy = NpyFile.Open(path);
        if (npy.Shape.Length != 2) throw new InvalidDataException($"{path}: shape {npy.ShapeText}; a drift table must be 2-D (rows, columns)");
        if (npy.RowCount == 0) throw new InvalidDataException($"{path}: no rows (shape {npy.ShapeText})");
        int cols = checked((int)npy.Columns);
        var names = Enumerable.Range(0, cols).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
        var index = Selection(path, names, select);
        var columns = index.Select(i => new DriftColumn(names[i])).ToArray();
        bool integer = npy.DType is not (NpyDType.Float16 or NpyDType.Float32 or NpyDType.Float64);
        const int block = 4096;
        var buffer = new double[block * cols];
        for (long first = 0; first < npy.RowCount; first += block)
        {
            int n = (int)Math.Min(block, npy.RowCount - first);
            npy.CopyRows(first, n, buffer.AsSpan(0, n * cols));
            for (int r = 0; r < n; r++)
                for (int k = 0; k < index.Length; k++)
                {
                    double v = buffer[r * cols + index[k]];
                    if (double.IsNaN(v)) columns[k].Missing++;
                    else columns[k].Add(v);
                }
        }
        foreach (var c in columns) c.AllIntegers = integer;
        return new DriftTable(path, columns, npy.RowCount);
    }
}
