using System.Globalization;
using Kullback.Cli.Common;
using Kullback.Data;
using nietras.SeparatedValues;

namespace Kullback.Cli.Drift;

/// <summary>
/// One column of a drift input, read in one streaming pass: the non-missing numbers while every non-missing cell is a
/// number, else the count of each distinct text. Missing cells (pandas' default NA strings: empty, NaN, NA, null, None, …)
/// are counted and left out.
/// </summary>
internal sealed partial class DriftColumn(string name)
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
        if (Count == Numbers.Length) Grow();
        Numbers[Count++] = value;
    }

    /// <summary>Makes room for <paramref name="more"/> numbers after the <see cref="Count"/> stored (at least doubling when it grows).</summary>
    public void EnsureRoom(int more)
    {
        if (Numbers.Length - Count >= more) return;
        if (Streams) Spill();
        if (Numbers.Length - Count >= more) return;
        var grown = GC.AllocateUninitializedArray<double>((int)Math.Min(Array.MaxLength, Math.Max((long)Count + more, Math.Min(2L * Numbers.Length, KeepAtMost))));
        Numbers.AsSpan(0, Count).CopyTo(grown);
        Numbers = grown;
    }

    /// <summary>Makes room for <paramref name="capacity"/> numbers at once (an estimate of the rows), so the buffer is not regrown by doubling.</summary>
    public void Reserve(long capacity)
    {
        if (Streams) return;
        capacity = Math.Min(capacity, KeepAtMost);
        if (!IsNumeric || capacity <= Numbers.Length || capacity > Array.MaxLength) return;
        var grown = GC.AllocateUninitializedArray<double>((int)capacity);
        Numbers.AsSpan(0, Count).CopyTo(grown);
        Numbers = grown;
    }

    /// <summary>Whether pandas would give the column an integer dtype (every cell an integer literal, none missing).</summary>
    public bool PandasInteger => AllIntegers && Missing == 0;

    /// <summary>True once <see cref="Numbers"/> is sorted (the comparison sorts in place and then skips later sorts).</summary>
    public bool Sorted;

    /// <summary>
    /// <c>--chunk-size</c>: per chunk of rows (in row order), <see cref="Count"/> and <see cref="Missing"/> when the chunk
    /// began, and its own category counts (text columns); null when the input is not chunked.
    /// </summary>
    public List<(int Count, long Missing)>? ChunkStarts;

    /// <summary>Category counts of each chunk (text columns; null entries for chunks read while the column was numeric).</summary>
    public List<Dictionary<string, long>?>? ChunkText;

    private Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _chunkLookup;

    /// <summary>Starts the next chunk of rows (called at rows 0, N, 2N, … of a chunked input).</summary>
    public void StartChunk()
    {
        (ChunkStarts ??= []).Add((Count, Missing));
        (ChunkText ??= []).Add(null);
        if (Text is not null) NewChunkText(ChunkText.Count - 1);
    }

    /// <summary>Gives chunk <paramref name="chunk"/> an empty category count and makes it the current one.</summary>
    private void NewChunkText(int chunk)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        ChunkText![chunk] = counts;
        _chunkLookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Counts one text cell (in the whole column and, when chunked, in the current chunk).</summary>
    public void AddText(ReadOnlySpan<char> text)
    {
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(TextLookup, text, out _)++;
        if (ChunkText is not null) System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_chunkLookup, text, out _)++;
    }

    /// <summary>Counts one text cell of a row read again (a column that turned to text after numbers) into its chunk only.</summary>
    public void AddRescannedChunkText(int chunk, ReadOnlySpan<char> text)
    {
        var counts = ChunkText![chunk] ??= new Dictionary<string, long>(StringComparer.Ordinal);
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts.GetAlternateLookup<ReadOnlySpan<char>>(), text, out _)++;
    }

    /// <summary>Turns a column numeric so far into a text column (its first text cell was just met).</summary>
    public void BecomeText()
    {
        IsNumeric = false;
        AllIntegers = false;
        StopStreaming();
        Numbers = [];
        Count = 0;
        Text = new Dictionary<string, long>(StringComparer.Ordinal);
        TextLookup = Text.GetAlternateLookup<ReadOnlySpan<char>>();
        if (ChunkText is not null) NewChunkText(ChunkText.Count - 1);
    }
}

/// <summary>A drift input: CSV with a header (Sep), a 2-D numeric NPY or a Parquet table (Parquet.Net), read column by column in one pass.</summary>
internal sealed partial class DriftTable
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

    /// <summary>Reads <paramref name="path"/>: .npy as a 2-D numeric array, .parquet as a Parquet table, anything else as CSV with a header.</summary>
    /// <param name="path">The file.</param>
    /// <param name="select">Column names to keep (null: all).</param>
    /// <param name="progress">Called now and then with the fraction of the file read so far (0…1), for a progress bar; null: none.</param>
    /// <param name="chunkSize">&gt; 0: also note where each chunk of this many rows begins in every column (<c>--chunk-size</c>); 0: no chunks.</param>
    /// <param name="configure">Called on every column before any cell is read (a sketched baseline's streaming); null: none.</param>
    /// <exception cref="InvalidDataException">Empty input, ragged rows, duplicate or unknown column names, unsupported NPY, corrupt Parquet or an unsupported Parquet column type.</exception>
    public static DriftTable Read(string path, IReadOnlyList<string>? select, Action<double>? progress = null, long chunkSize = 0, Action<DriftColumn>? configure = null)
    {
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        progress ??= _ => { };
        configure ??= _ => { };
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) return ReadParquet(path, select, progress, chunkSize, configure);
        return path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? ReadNpy(path, select, progress, chunkSize, configure) : ReadCsv(path, select, progress, chunkSize, configure);
    }

    /// <summary>The columns <paramref name="index"/> picks of <paramref name="names"/>, each passed to <paramref name="configure"/>.</summary>
    private static DriftColumn[] NewColumns(string[] names, int[] index, Action<DriftColumn> configure)
    {
        var columns = index.Select(i => new DriftColumn(names[i])).ToArray();
        foreach (var c in columns) configure(c);
        return columns;
    }

    /// <summary>Rows between two progress reports of the CSV reader.</summary>
    private const int ProgressRows = 1 << 16;

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
            if (index[i] < 0) throw new Kullback.Cli.Common.UsageException($"--columns: {path}: no column '{select[i]}' (columns: {string.Join(", ", names)})");
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

    private static DriftTable ReadCsv(string path, IReadOnlyList<string>? select, Action<double> progress, long chunkSize, Action<DriftColumn> configure)
    {
        DriftColumn[] columns;
        int[] index;
        long rows = 0;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        using (var reader = Sep.Reader(o => o with { HasHeader = true, Unescape = true, DisableColCountCheck = true }).From(stream))
        {
            double length = Math.Max(1, stream.Length);
            var names = reader.Header.ColNames.ToArray();
            if (names.Length == 0 || names.Length == 1 && names[0].Length == 0) throw new InvalidDataException($"{path}: empty input, no header");
            index = Selection(path, names, select);
            columns = NewColumns(names, index, configure);
            int width = names.Length;
            long nextChunk = chunkSize > 0 ? 0 : -1;
            foreach (var row in reader)
            {
                if (IsBlank(row)) continue; // pandas' skip_blank_lines
                if (row.ColCount != width)
                    throw new InvalidDataException($"{path}: line {row.LineNumberFrom}: ragged row of {row.ColCount} cells; the header has {width}");
                if (rows == nextChunk)
                {
                    foreach (var c in columns) c.StartChunk();
                    nextChunk += chunkSize;
                }
                if (++rows % ProgressRows == 0)
                {
                    progress(stream.Position / length);
                    // After the first block: room for the rows the file's size suggests (+5 %), instead of doubling the buffers.
                    if (rows == ProgressRows && stream.Position < stream.Length)
                        foreach (var c in columns) c.Reserve((long)(rows * (length / stream.Position) * 1.05) + 1024);
                }
                for (int k = 0; k < index.Length; k++)
                {
                    var col = columns[k];
                    var cell = row[index[k]];
                    var span = cell.Span;
                    // csFastFloat (the parser Sep's TryParse<double> calls), on the span already in hand: correctly
                    // rounded, like pandas' default ("high") parser. A number is never a missing marker, so the NA set
                    // is consulted only for cells that are not numbers (or NaN).
                    if (col.IsNumeric && span.Length > 0 && CsvNumber.TryParse(cell, span, out double v) && !double.IsNaN(v))
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
                            col.RescanRows = col.Count > 0 ? rows - 1 : 0;
                            col.BecomeText();
                        }
                        col.AddText(span);
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
                    if (chunkSize > 0) columns[k].AddRescannedChunkText(checked((int)(r / chunkSize)), span);
                }
                r++;
            }
        }
        progress(1);
        return new DriftTable(path, columns, rows);
    }

    private static DriftTable ReadNpy(string path, IReadOnlyList<string>? select, Action<double> progress, long chunkSize, Action<DriftColumn> configure)
    {
        using var npy = NpyFile.Open(path);
        if (npy.Shape.Length != 2) throw new InvalidDataException($"{path}: shape {npy.ShapeText}; a drift table must be 2-D (rows, columns)");
        if (npy.RowCount == 0) throw new InvalidDataException($"{path}: no rows (shape {npy.ShapeText})");
        int cols = checked((int)npy.Columns);
        var names = Enumerable.Range(0, cols).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
        var index = Selection(path, names, select);
        var columns = NewColumns(names, index, configure);
        bool integer = npy.DType is not (NpyDType.Float16 or NpyDType.Float32 or NpyDType.Float64);
        const int block = 4096;
        var buffer = new double[block * cols];
        for (long first = 0; first < npy.RowCount; first += block)
        {
            int n = (int)Math.Min(block, npy.RowCount - first);
            npy.CopyRows(first, n, buffer.AsSpan(0, n * cols));
            for (int r = 0; r < n; r++)
            {
                if (chunkSize > 0 && (first + r) % chunkSize == 0)
                    foreach (var c in columns) c.StartChunk();
                for (int k = 0; k < index.Length; k++)
                {
                    double v = buffer[r * cols + index[k]];
                    if (double.IsNaN(v)) columns[k].Missing++;
                    else columns[k].Add(v);
                }
            }
            progress((double)(first + n) / npy.RowCount);
        }
        foreach (var c in columns) c.AllIntegers = integer;
        return new DriftTable(path, columns, npy.RowCount);
    }
}
