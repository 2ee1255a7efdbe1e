using System.Numerics;
using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;

namespace Kullback.Cli.Drift;

/// <summary>Parquet input of <c>kullback drift</c> (Parquet.Net, fully managed), read row group by row group.</summary>
internal sealed partial class DriftTable
{
    /// <summary>Physical column types read as numbers: int32, int64, float (widened exactly to double) and double.</summary>
    private static bool IsParquetNumber(Type t) => t == typeof(int) || t == typeof(long) || t == typeof(float) || t == typeof(double);

    /// <summary>UTF-8 string columns (Parquet.Net 6 reports them as <see cref="ReadOnlyMemory{T}"/> of char, or string).</summary>
    private static bool IsParquetText(Type t) => t == typeof(string) || t == typeof(ReadOnlyMemory<char>);

    /// <summary>
    /// Reads a flat Parquet table. Numeric columns (int32, int64, float, double) give numbers, null and NaN cells are
    /// missing; an integer column without nulls labels its categories like pandas' int64 ("1"). String columns give
    /// texts, null cells are missing (as in <c>pandas.read_parquet</c>, a string is never a missing marker).
    /// </summary>
    private static DriftTable ReadParquet(string path, IReadOnlyList<string>? select, Action<double> progress, long chunkSize, Action<DriftColumn> configure)
    {
        CheckParquetMagic(path);
        try
        {
            return ReadParquetAsync(path, select, progress, chunkSize, configure).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not InvalidDataException and not FileNotFoundException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: corrupt or unreadable Parquet file ({e.Message})");
        }
    }

    /// <summary>A Parquet file begins and ends with the 4 bytes "PAR1".</summary>
    private static void CheckParquetMagic(string path)
    {
        using var f = System.IO.File.OpenRead(path);
        Span<byte> head = stackalloc byte[4], tail = stackalloc byte[4];
        bool ok = f.Length >= 12 && f.Read(head) == 4;
        if (ok)
        {
            f.Seek(-4, SeekOrigin.End);
            ok = f.Read(tail) == 4 && head.SequenceEqual("PAR1"u8) && tail.SequenceEqual("PAR1"u8);
        }
        if (!ok) throw new InvalidDataException($"{path}: not a Parquet file (no PAR1 magic at its start and end)");
    }

    private static async Task<DriftTable> ReadParquetAsync(string path, IReadOnlyList<string>? select, Action<double> progress, long chunkSize, Action<DriftColumn> configure)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.Fields.ToArray();
        if (fields.Length == 0) throw new InvalidDataException($"{path}: a Parquet file without columns");
        var names = fields.Select(f => f.Name).ToArray();
        var index = Selection(path, names, select);
        var data = new DataField[index.Length];
        for (int k = 0; k < index.Length; k++)
        {
            var field = fields[index[k]];
            if (field is not DataField df || df.IsArray || !IsParquetText(df.ClrType) && !IsParquetNumber(df.ClrType))
                throw new InvalidDataException($"{path}: column '{field.Name}' has Parquet type {ParquetTypeName(field)}; drift reads int32, int64, float, double and string columns");
            data[k] = df;
        }
        var columns = NewColumns(names, index, configure);
        for (int k = 0; k < data.Length; k++)
        {
            if (IsParquetText(data[k].ClrType))
            {
                columns[k].IsNumeric = false;
                columns[k].Numbers = [];
                columns[k].Text = new Dictionary<string, long>(StringComparer.Ordinal);
                columns[k].TextLookup = columns[k].Text!.GetAlternateLookup<ReadOnlySpan<char>>();
            }
            columns[k].AllIntegers = data[k].ClrType == typeof(int) || data[k].ClrType == typeof(long);
        }
        long rows = 0;
        var buffers = new ParquetBuffers();
        long allocatedAtCollect = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                int n = checked((int)group.RowCount);
                if (g == 0) // room for about all rows at once (row groups are usually of equal size), instead of doubling the buffers
                    foreach (var c in columns) c.Reserve((long)n * reader.RowGroupCount);
                // The first chunk start inside this row group (as an offset into it); chunks begin at rows 0, N, 2N, …
                int firstMark = chunkSize <= 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, (chunkSize - rows % chunkSize) % chunkSize);
                int step = chunkSize <= 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, chunkSize);
                rows += n;
                for (int k = 0; k < data.Length; k++)
                {
                    var field = data[k];
                    var t = field.ClrType;
                    var marks = new ChunkMarks(firstMark, step);
                    if (IsParquetText(t)) await ReadTexts(group, field, n, columns[k], marks, buffers);
                    else if (t == typeof(double)) await ReadDoubles(group, field, n, columns[k], marks, buffers);
                    else if (t == typeof(int)) await ReadNumbers<int>(group, field, n, columns[k], marks, buffers);
                    else if (t == typeof(long)) await ReadNumbers<long>(group, field, n, columns[k], marks, buffers);
                    else await ReadNumbers<float>(group, field, n, columns[k], marks, buffers);
                }
                progress((g + 1.0) / reader.RowGroupCount);
                // Parquet.Net decodes every page into large transient buffers (about 1 GB for the 1,000,000-row bench
                // table), which only a full collection frees; left to the GC they pile up as free large-object space and
                // the process grows ~2× the data it keeps. A non-compacting collection after every 32 MB allocated keeps it at
                // about the data (cheap: the live heap is a few large arrays without references).
                if (GC.GetAllocatedBytesForCurrentThread() - allocatedAtCollect > CollectEveryBytes)
                {
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
                    allocatedAtCollect = GC.GetAllocatedBytesForCurrentThread();
                }
            }
        }
        finally
        {
            buffers.Return();
        }
        if (rows == 0) throw new InvalidDataException($"{path}: a Parquet schema but no data rows");
        return new DriftTable(path, columns, rows);
    }

    /// <summary>Bytes allocated by one Parquet read between two full collections (see <see cref="ReadParquetAsync"/>).</summary>
    private const long CollectEveryBytes = 32L << 20;

    /// <summary>Where chunks start inside a row group: at offset <see cref="First"/> and every <see cref="Step"/> rows after it (int.MaxValue: none).</summary>
    private readonly record struct ChunkMarks(int First, int Step)
    {
        /// <summary>The chunk start after <paramref name="mark"/>.</summary>
        public int Next(int mark) => (int)Math.Min(int.MaxValue, (long)mark + Step);
    }

    /// <summary>
    /// Pooled buffers of one file's read, reused by every column of every row group: definition levels, raw values of a
    /// non-double column and string slices, so a row group costs no new arrays (doubles are decoded straight into the
    /// column's own buffer).
    /// </summary>
    private sealed class ParquetBuffers
    {
        private int[]? _levels;
        private ReadOnlyMemory<char>[]? _texts;
        private int[]? _ints;
        private long[]? _longs;
        private float[]? _floats;

        /// <summary>Definition levels for <paramref name="n"/> rows (nullable columns), else none.</summary>
        public Memory<int>? Levels(DataField field, int n) => field.IsNullable || field.MaxDefinitionLevel > 0 ? Rent(ref _levels, n).AsMemory(0, n) : (Memory<int>?)null;

        /// <summary>Room for <paramref name="n"/> string slices.</summary>
        public ReadOnlyMemory<char>[] Texts(int n) => Rent(ref _texts, n);

        /// <summary>Room for <paramref name="n"/> raw values of type <typeparamref name="T"/> (int, long or float).</summary>
        public T[] Raw<T>(int n) =>
            typeof(T) == typeof(int) ? (T[])(object)Rent(ref _ints, n)
            : typeof(T) == typeof(long) ? (T[])(object)Rent(ref _longs, n)
            : (T[])(object)Rent(ref _floats, n);

        private static T[] Rent<T>(ref T[]? buffer, int n)
        {
            if (buffer is not null && buffer.Length >= n) return buffer;
            Return(ref buffer);
            return buffer = System.Buffers.ArrayPool<T>.Shared.Rent(n);
        }

        private static void Return<T>(ref T[]? buffer)
        {
            if (buffer is not null) System.Buffers.ArrayPool<T>.Shared.Return(buffer, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            buffer = null;
        }

        /// <summary>Gives every buffer back to the pool.</summary>
        public void Return()
        {
            Return(ref _levels);
            Return(ref _texts);
            Return(ref _ints);
            Return(ref _longs);
            Return(ref _floats);
        }
    }

    /// <summary>One row group of a string column: each slice is counted through the span lookup (no string per cell); null cells are missing.</summary>
    private static async Task ReadTexts(ParquetRowGroupReader group, DataField field, int n, DriftColumn col, ChunkMarks marks, ParquetBuffers buffers)
    {
        var values = buffers.Texts(n);
        var levels = buffers.Levels(field, n);
        await group.ReadRawAsync(field, values.AsMemory(0, n), levels, null);
        int maxLevel = field.MaxDefinitionLevel;
        var defined = levels is { } l ? l.Span : default;
        for (int i = 0, j = 0, mark = marks.First; i < n; i++)
        {
            if (i == mark)
            {
                col.StartChunk();
                mark = marks.Next(mark);
            }
            if (levels is not null && defined[i] < maxLevel) col.Missing++;
            else col.AddText(values[j++].Span);
        }
    }

    /// <summary>One row group of a double column, decoded straight into the column's buffer, then NaN left out in place.</summary>
    private static async Task ReadDoubles(ParquetRowGroupReader group, DataField field, int n, DriftColumn col, ChunkMarks marks, ParquetBuffers buffers)
    {
        col.EnsureRoom(n);
        int start = col.Count;
        var levels = buffers.Levels(field, n);
        await group.ReadRawAsync(field, col.Numbers.AsMemory(start, n), levels, null);
        // Values and destination share the buffer: the write position never passes the read position.
        Append(col, col.Numbers.AsSpan(start, n), levels is { } l ? l.Span[..n] : default, field.MaxDefinitionLevel, n, marks);
    }

    /// <summary>One row group of an int32, int64 or float column: decoded into a pooled buffer, widened exactly (int64: rounded) to double.</summary>
    private static async Task ReadNumbers<T>(ParquetRowGroupReader group, DataField field, int n, DriftColumn col, ChunkMarks marks, ParquetBuffers buffers)
        where T : struct, INumberBase<T>
    {
        col.EnsureRoom(n);
        var raw = buffers.Raw<T>(n);
        var levels = buffers.Levels(field, n);
        await group.ReadRawAsync(field, raw.AsMemory(0, n), levels, null);
        Append<T>(col, raw.AsSpan(0, n), levels is { } l ? l.Span[..n] : default, field.MaxDefinitionLevel, n, marks);
    }

    /// <summary>
    /// Appends one row group's values (<paramref name="values"/>: the non-null ones, in row order) to the column: a row
    /// whose definition level is below <paramref name="maxLevel"/> is null, and null and NaN cells are counted as missing.
    /// Chunks start at <paramref name="marks"/>. The column has room for <paramref name="n"/> more numbers.
    /// </summary>
    private static void Append<T>(DriftColumn col, ReadOnlySpan<T> values, ReadOnlySpan<int> levels, int maxLevel, int n, ChunkMarks marks)
        where T : INumberBase<T>
    {
        var numbers = col.Numbers;
        int count = col.Count, j = 0;
        long missing = col.Missing;
        for (int start = 0, mark = marks.First; start < n;)
        {
            if (start == mark)
            {
                col.Count = count;
                col.Missing = missing;
                col.StartChunk();
                mark = marks.Next(mark);
            }
            int end = Math.Min(n, mark), before = count;
            for (int i = start; i < end; i++)
            {
                if (!levels.IsEmpty && levels[i] < maxLevel) continue;
                double x = double.CreateTruncating(values[j++]);
                numbers[count] = x;
                count += double.IsNaN(x) ? 0 : 1; // branch-free: a NaN is overwritten by the next number
            }
            missing += end - start - (count - before);
            start = end;
        }
        col.Count = count;
        col.Missing = missing;
    }

    private static string ParquetTypeName(Field field) => field switch
    {
        DataField { IsArray: true } d => $"list of {d.ClrType.Name}",
        DataField d => d.ClrType.Name,
        _ => $"{field.SchemaType} (nested)",
    };
}
