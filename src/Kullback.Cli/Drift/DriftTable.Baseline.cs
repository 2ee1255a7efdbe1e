using System.Text;
using Kullback.Drift;

namespace Kullback.Cli.Drift;

/// <summary>The baseline side of a column: a quantile sketch that replaces the numbers of a large numeric reference column.</summary>
internal sealed partial class DriftColumn
{
    /// <summary>The reference's quantile sketch, when the baseline keeps one instead of the numbers (<see cref="Count"/> is then 0).</summary>
    public QuantileSketch? Sketch;

    /// <summary>A sketched column's exact count of each distinct value (−0 counted as 0) while it has at most 5, else null.</summary>
    public Dictionary<double, long>? SmallCounts;

    /// <summary>The count of each distinct value (−0 as 0) of <paramref name="values"/>, or null when there are more than <paramref name="limit"/>.</summary>
    public static Dictionary<double, long>? CountsAtMost(ReadOnlySpan<double> values, int limit)
    {
        Dictionary<double, long>? counts = [];
        AddCounts(values, ref counts, limit);
        return counts;
    }

    /// <summary>Adds <paramref name="values"/> to the counts of each distinct value (−0 as 0); they become null (and stay so) past <paramref name="limit"/> values.</summary>
    public static void AddCounts(ReadOnlySpan<double> values, ref Dictionary<double, long>? counts, int limit)
    {
        if (counts is null) return;
        foreach (double v in values)
        {
            ref long n = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, v == 0 ? 0.0 : v, out _);
            n++;
            if (counts.Count > limit)
            {
                counts = null;
                return;
            }
        }
    }
}

/// <summary>
/// Frozen baselines (<c>kullback drift baseline</c>): everything a comparison needs of a reference, so that a later run
/// needs only the current data. A baseline stores, per column, its name, missing cells, kind, whether every value was an
/// integer literal, and either all its non-missing numbers sorted ascending (as IEEE-754 bits, so exactly), or — for a
/// numeric column of more than the sketch threshold (<see cref="DefaultSketchAbove"/>) values — a
/// <see cref="QuantileSketch"/> with its exact rank-error bound and the exact counts of its values when it has ≤ 5 distinct
/// ones, or the count of each text; plus the table's row count. A comparison against an exact baseline is the comparison
/// against the raw reference, bit for bit. Baselines of partitions of one table merge exactly for counts and numbers, and
/// within the sketches' summed bounds for sketches.
/// <para>
/// Format: version 1 (every column exact; the layout of earlier kullback releases, byte for byte) or version 2 (at least
/// one sketched column: every numeric column then carries a storage byte, 0 = exact numbers, 1 = sketch), so an older
/// kullback refuses a sketched baseline with its "format version 2" message.
/// </para>
/// </summary>
internal sealed partial class DriftTable
{
    /// <summary>The first bytes of a baseline file.</summary>
    private static readonly byte[] BaselineMagic = "KULLBACK-DRIFT-BASELINE\n"u8.ToArray();

    /// <summary>The format version of a baseline whose columns are all exact (what earlier kullback releases wrote and read).</summary>
    public const int BaselineVersion = 1;

    /// <summary>The format version of a baseline with at least one sketched column.</summary>
    public const int SketchBaselineVersion = 2;

    /// <summary>A numeric column of more than this many non-missing values is kept as a quantile sketch (unless <c>--sketch-above</c> or <c>--exact</c> say otherwise).</summary>
    public const long DefaultSketchAbove = 1_000_000;

    /// <summary>Sketches every numeric column of more than <paramref name="sketchAbove"/> values, in file order, with level capacity <paramref name="capacity"/> (sketched columns stay as they are).</summary>
    /// <exception cref="InvalidDataException">A column is a sketch already and <paramref name="sketchAbove"/> is <see cref="long.MaxValue"/> (<c>--exact</c>).</exception>
    public void SketchColumnsAbove(long sketchAbove, int capacity = QuantileSketch.DefaultCapacity)
    {
        foreach (var c in Columns)
        {
            if (c.Sketch is not null && sketchAbove == long.MaxValue)
                throw new InvalidDataException($"{File}: column '{c.Name}' is a quantile sketch of {c.Sketch.Count} values; --exact cannot bring back the values (merge exact baselines, or make the baseline from the raw table)");
            if (!c.IsNumeric || c.Sketch is not null || c.Count <= sketchAbove) continue;
            var values = c.Numbers.AsSpan(0, c.Count);
            var sketch = new QuantileSketch(capacity);
            sketch.AddRange(values);
            c.SmallCounts = DriftColumn.CountsAtMost(values, DriftPreset.MaxCategoricalUniques);
            c.Sketch = sketch;
            c.Numbers = [];
            c.Count = 0;
        }
    }

    /// <summary>Writes this table as a baseline to <paramref name="path"/>: to a temporary file in the same folder, then renamed, so a failed run leaves nothing half-written.</summary>
    /// <param name="path">The baseline file.</param>
    public void SaveBaseline(string path)
    {
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var w = new BinaryWriter(stream, Encoding.UTF8))
            {
                bool sketched = Columns.Any(c => c.Sketch is not null);
                w.Write(BaselineMagic);
                w.Write(sketched ? SketchBaselineVersion : BaselineVersion);
                w.Write(Rows);
                w.Write(Columns.Length);
                foreach (var c in Columns)
                {
                    w.Write(c.Name);
                    w.Write(c.Missing);
                    w.Write(c.IsNumeric);
                    w.Write(c.AllIntegers);
                    if (sketched && c.IsNumeric) w.Write((byte)(c.Sketch is null ? 0 : 1));
                    if (c.Sketch is not null)
                    {
                        c.Sketch.Write(w);
                        w.Write(c.SmallCounts?.Count ?? -1);
                        foreach (var (value, count) in c.SmallCounts?.OrderBy(x => x.Key) ?? Enumerable.Empty<KeyValuePair<double, long>>())
                        {
                            w.Write(value);
                            w.Write(count);
                        }
                    }
                    else if (c.IsNumeric)
                    {
                        var values = c.Numbers.AsSpan(0, c.Count);
                        SampleSort.Sort(values);
                        w.Write(c.Count);
                        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
                    }
                    else
                    {
                        w.Write(c.Text!.Count);
                        foreach (var (label, count) in c.Text.OrderBy(x => x.Key, StringComparer.Ordinal))
                        {
                            w.Write(label);
                            w.Write(count);
                        }
                    }
                }
            }
            System.IO.File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (System.IO.File.Exists(temp)) System.IO.File.Delete(temp);
        }
    }

    /// <summary>Reads a baseline written by <see cref="SaveBaseline"/>, keeping the columns in <paramref name="select"/> (null: all).</summary>
    /// <exception cref="InvalidDataException">Not a baseline, a baseline of another format version, a truncated or corrupt file, an unknown column.</exception>
    public static DriftTable LoadBaseline(string path, IReadOnlyList<string>? select)
    {
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        using var stream = System.IO.File.OpenRead(path);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            var magic = r.ReadBytes(BaselineMagic.Length);
            if (!magic.AsSpan().SequenceEqual(BaselineMagic)) throw new InvalidDataException($"{path}: not a kullback drift baseline (make one with `kullback drift baseline REFERENCE --out FILE`)");
            int version = r.ReadInt32();
            if (version is not (BaselineVersion or SketchBaselineVersion))
                throw new InvalidDataException($"{path}: a drift baseline of format version {version}; this kullback reads versions {BaselineVersion} and {SketchBaselineVersion} (make it again with `kullback drift baseline`)");
            long rows = r.ReadInt64();
            int count = r.ReadInt32();
            if (rows < 0 || count < 0) throw new InvalidDataException($"{path}: corrupt drift baseline (negative row or column count)");
            var all = new DriftColumn[count];
            for (int k = 0; k < count; k++)
            {
                var c = all[k] = new DriftColumn(r.ReadString()) { Missing = r.ReadInt64(), IsNumeric = r.ReadBoolean(), AllIntegers = r.ReadBoolean() };
                byte storage = version == SketchBaselineVersion && c.IsNumeric ? r.ReadByte() : (byte)0;
                if (storage > 1) throw new InvalidDataException($"{path}: corrupt drift baseline (column '{c.Name}' has storage kind {storage})");
                if (storage == 1)
                {
                    ReadSketch(path, r, c);
                    continue;
                }
                int n = r.ReadInt32();
                if (n < 0 || c.Missing < 0) throw new InvalidDataException($"{path}: corrupt drift baseline (column '{c.Name}')");
                // Every number takes 8 bytes and every category at least 9: a count the rest of the file cannot hold is a truncation.
                if ((long)n * (c.IsNumeric ? sizeof(double) : 9) > stream.Length - stream.Position) throw new EndOfStreamException();
                if (c.IsNumeric)
                {
                    c.Numbers = new double[n];
                    c.Count = n;
                    var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(c.Numbers.AsSpan());
                    while (bytes.Length > 0)
                    {
                        int got = r.Read(bytes);
                        if (got == 0) throw new EndOfStreamException();
                        bytes = bytes[got..];
                    }
                }
                else
                {
                    c.Numbers = [];
                    c.Text = new Dictionary<string, long>(n, StringComparer.Ordinal);
                    for (int i = 0; i < n; i++)
                        if (!c.Text.TryAdd(r.ReadString(), r.ReadInt64())) throw new InvalidDataException($"{path}: corrupt drift baseline (column '{c.Name}' repeats a category)");
                    c.TextLookup = c.Text.GetAlternateLookup<ReadOnlySpan<char>>();
                }
            }
            if (stream.Position != stream.Length) throw new InvalidDataException($"{path}: corrupt drift baseline ({stream.Length - stream.Position} bytes after the last column)");
            var index = Selection(path, all.Select(c => c.Name).ToArray(), select);
            return new DriftTable(path, index.Select(i => all[i]).ToArray(), rows);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: truncated drift baseline (the file ends inside it)");
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{path}: corrupt drift baseline ({e.Message})");
        }
    }

    private static void ReadSketch(string path, BinaryReader r, DriftColumn c)
    {
        try
        {
            c.Sketch = QuantileSketch.Read(r);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: corrupt drift baseline (column '{c.Name}': {e.Message})");
        }
        if (c.Sketch.Count == 0) throw new InvalidDataException($"{path}: corrupt drift baseline (column '{c.Name}' is an empty sketch)");
        c.Numbers = [];
        int small = r.ReadInt32();
        if (small < -1 || small > DriftPreset.MaxCategoricalUniques) throw new InvalidDataException($"{path}: corrupt drift baseline (column '{c.Name}' has {small} small counts)");
        if (small < 0) return;
        c.SmallCounts = new Dictionary<double, long>(small);
        for (int i = 0; i < small; i++)
            if (!c.SmallCounts.TryAdd(r.ReadDouble(), r.ReadInt64())) throw new InvalidDataException($"{path}: corrupt drift baseline (column '{c.Name}' repeats a value)");
        if (c.SmallCounts.Values.Sum() != c.Sketch.Count) throw new InvalidDataException($"{path}: corrupt drift baseline (column '{c.Name}': value counts do not sum to its {c.Sketch.Count} values)");
    }

    /// <summary>
    /// Merges baselines of partitions of one table: the same columns in the same order; rows, missing cells and category
    /// counts add, the numbers are merged. A column that is text in one partition and holds numbers in another cannot be
    /// merged (the numbers' original text is not kept) and is an error; one whose cells are all missing in a partition
    /// takes the other partitions' kind. When a partition's column is a quantile sketch, the merged column is one too: the
    /// sketches are merged (<see cref="QuantileSketch.Merge"/>, bounds add) and exact partitions' numbers are added to it, in
    /// partition order; the ≤ 5 distinct-value counts add while the union has ≤ 5 values.
    /// </summary>
    /// <exception cref="InvalidDataException">The partitions have different columns, or a column is numeric in one and text in another.</exception>
    public static DriftTable MergeBaselines(IReadOnlyList<DriftTable> parts, string label)
    {
        var first = parts[0];
        var names = first.Columns.Select(c => c.Name).ToArray();
        foreach (var p in parts.Skip(1))
            if (!p.Columns.Select(c => c.Name).SequenceEqual(names))
                throw new InvalidDataException($"{p.File} and {first.File} have different columns ([{string.Join(", ", p.Columns.Select(c => c.Name))}] against [{string.Join(", ", names)}]); partitions of one table have the same columns in the same order");
        var merged = new DriftColumn[names.Length];
        for (int k = 0; k < names.Length; k++)
        {
            var columns = parts.Select(p => p.Columns[k]).ToArray();
            int textAt = Array.FindIndex(columns, c => !c.IsNumeric);
            int numbersAt = Array.FindIndex(columns, c => c.IsNumeric && (c.Count > 0 || c.Sketch is not null));
            bool text = textAt >= 0;
            if (text && numbersAt >= 0)
                throw new InvalidDataException($"column '{names[k]}' is text in {parts[textAt].File} but numbers in {parts[numbersAt].File}; make the baseline from the whole table");
            var m = merged[k] = new DriftColumn(names[k]) { Missing = columns.Sum(c => c.Missing), IsNumeric = !text, AllIntegers = !text && columns.All(c => c.AllIntegers) };
            if (text)
            {
                m.Numbers = [];
                m.Text = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var c in columns.Where(c => c.Text is not null))
                    foreach (var (l, n) in c.Text!) System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(m.Text, l, out _) += n;
                m.TextLookup = m.Text.GetAlternateLookup<ReadOnlySpan<char>>();
            }
            else if (columns.Any(c => c.Sketch is not null))
                MergeSketches(m, columns);
            else
            {
                m.Numbers = new double[checked(columns.Sum(c => c.Count))];
                foreach (var c in columns)
                {
                    c.Numbers.AsSpan(0, c.Count).CopyTo(m.Numbers.AsSpan(m.Count));
                    m.Count += c.Count;
                }
                SampleSort.Sort(m.Numbers.AsSpan(0, m.Count));
            }
        }
        return new DriftTable(label, merged, parts.Sum(p => p.Rows));
    }

    private static void MergeSketches(DriftColumn merged, DriftColumn[] columns)
    {
        var sketch = new QuantileSketch(columns.First(c => c.Sketch is not null).Sketch!.Capacity);
        Dictionary<double, long>? small = [];
        foreach (var c in columns)
        {
            Dictionary<double, long>? part;
            if (c.Sketch is not null)
            {
                if (c.Sketch.Capacity != sketch.Capacity)
                    throw new InvalidDataException($"column '{merged.Name}': sketches of level capacity {c.Sketch.Capacity} and {sketch.Capacity} do not merge");
                sketch.Merge(c.Sketch);
                part = c.SmallCounts;
            }
            else
            {
                sketch.AddRange(c.Numbers.AsSpan(0, c.Count));
                part = DriftColumn.CountsAtMost(c.Numbers.AsSpan(0, c.Count), DriftPreset.MaxCategoricalUniques);
            }
            if (small is null) continue;
            if (part is null)
            {
                small = null;
                continue;
            }
            foreach (var (v, n) in part) System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(small, v, out _) += n;
            if (small.Count > DriftPreset.MaxCategoricalUniques) small = null;
        }
        merged.Sketch = sketch;
        merged.SmallCounts = small;
        merged.Numbers = [];
        merged.Count = 0;
    }
}
