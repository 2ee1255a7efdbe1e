using Kullback.Drift;

namespace Kullback.Cli.Drift;

/// <summary>
/// A numeric column read for a sketched baseline (<see cref="DriftTable.ReadSketched"/>): its numbers are kept until
/// there are more than the sketch threshold, then they and every later one go, a buffer at a time, into a
/// <see cref="QuantileSketch.TwoPassBuilder"/>, and the buffer is reused; a second read of the file gives the builder the
/// same values again for M₂. The sketch and its ≤ 5 distinct-value counts are those of the whole column in memory.
/// </summary>
internal sealed partial class DriftColumn
{
    /// <summary>Numbers a spilling column buffers between two spills.</summary>
    private const int SpillBuffer = 1 << 16;

    /// <summary>A column of more numbers than this becomes a sketch while it is read (long.MaxValue: never, an ordinary read).</summary>
    private long _sketchAbove = long.MaxValue;

    private int _sketchCapacity = QuantileSketch.DefaultCapacity;

    /// <summary>The sketch being built: from the first spill (first pass), or given (the second pass).</summary>
    private QuantileSketch.TwoPassBuilder? _builder;

    /// <summary>The counts of each distinct spilled value while at most 5 (null: more).</summary>
    private Dictionary<double, long>? _spilledCounts = [];

    /// <summary>The most numbers an unsketched column keeps (the threshold + 1: one more and it is a sketch).</summary>
    private long KeepAtMost => _sketchAbove == long.MaxValue ? long.MaxValue : _sketchAbove + 1;

    /// <summary>Whether a full buffer goes to the builder (a sketch is being built, or the column has passed the threshold).</summary>
    private bool Streams => _builder is not null || Count > _sketchAbove;

    /// <summary>First pass of a sketched baseline: sketch while reading once there are more than <paramref name="above"/> numbers.</summary>
    public void StreamInto(long above, int capacity)
    {
        _sketchAbove = above;
        _sketchCapacity = capacity;
    }

    /// <summary>Second pass: every number goes to the builder of <paramref name="first"/>, the column read in the first pass (whose first pass has ended).</summary>
    public void ReplayInto(DriftColumn first) => _builder = first._builder;

    /// <summary>Makes room for one more number: spills a streaming column's buffer, else grows it (doubling, up to the threshold + 1).</summary>
    private void Grow()
    {
        if (Streams)
        {
            Spill();
            return;
        }
        long grown = Math.Max(Count + 1L, Math.Min(2L * Numbers.Length, KeepAtMost));
        Array.Resize(ref Numbers, checked((int)grown));
    }

    /// <summary>Gives the buffered numbers to the builder (started here at the first spill) and empties the buffer.</summary>
    private void Spill()
    {
        _builder ??= new QuantileSketch.TwoPassBuilder(_sketchCapacity);
        var values = Numbers.AsSpan(0, Count);
        if (_builder.InFirstPass) AddCounts(values, ref _spilledCounts, DriftPreset.MaxCategoricalUniques);
        _builder.Add(values);
        Count = 0;
        if (Numbers.Length != SpillBuffer) Numbers = new double[SpillBuffer];
    }

    /// <summary>The column turned to text: no sketch.</summary>
    private void StopStreaming()
    {
        _builder = null;
        _spilledCounts = [];
    }

    /// <summary>Ends the first pass: true when the column is becoming a sketch (its numbers are all in the builder, which now waits for the second pass).</summary>
    public bool EndFirstPass()
    {
        if (!IsNumeric || !Streams) return false;
        Spill();
        _builder!.EndFirstPass();
        Numbers = [];
        return true;
    }

    /// <summary>Ends the second pass of a replaying column: its last numbers go to the builder.</summary>
    public void EndReplay()
    {
        if (Count > 0) Spill();
        Numbers = [];
    }

    /// <summary>After the second pass: the column becomes the sketch, with its ≤ 5 distinct-value counts.</summary>
    public void FinishSketch()
    {
        Sketch = _builder!.Finish();
        SmallCounts = _spilledCounts;
        _builder = null;
        Numbers = [];
        Count = 0;
    }
}

internal sealed partial class DriftTable
{
    /// <summary>
    /// Reads <paramref name="path"/> for a baseline whose numeric columns of more than <paramref name="sketchAbove"/>
    /// values are quantile sketches of level capacity <paramref name="capacity"/>, without holding those columns: the
    /// same table, bit for bit, as <see cref="Read"/> followed by <see cref="SketchColumnsAbove"/>. A column keeps its
    /// numbers until it passes the threshold, then streams them into its sketch; when any column did, the file is read a
    /// second time, those columns only, for their M₂ = Σ(x − x̄)² (x̄ is known only at the end of the first read).
    /// Memory: each numeric column's numbers up to the threshold + 1, the sketches, the text counts and read buffers.
    /// </summary>
    /// <exception cref="InvalidDataException">As <see cref="Read"/>; or the file changed between the two reads.</exception>
    public static DriftTable ReadSketched(string path, IReadOnlyList<string>? select, long sketchAbove, int capacity)
    {
        var table = Read(path, select, configure: c => c.StreamInto(sketchAbove, capacity));
        var sketched = table.Columns.Where(c => c.EndFirstPass()).ToArray();
        if (sketched.Length == 0) return table;
        var byName = sketched.ToDictionary(c => c.Name);
        try
        {
            var replay = Read(path, sketched.Select(c => c.Name).ToArray(), configure: c => c.ReplayInto(byName[c.Name]));
            foreach (var c in replay.Columns) c.EndReplay();
            foreach (var c in sketched) c.FinishSketch();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"{path}: the file changed while it was read twice for its sketches ({e.Message})");
        }
        return table;
    }
}
