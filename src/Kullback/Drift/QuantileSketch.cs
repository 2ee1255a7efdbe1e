namespace Kullback.Drift;

/// <summary>
/// A deterministic, mergeable quantile sketch of a stream of numbers: a hierarchy of compactors (the deterministic
/// compaction scheme of Manku, Rajagopalan and Lindsay 1998, the building block that KLL — Karnin, Lang and Liberty 2016 —
/// randomises). Level h holds items of weight 2ʰ; when a level holds ≥ <see cref="Capacity"/> items it is sorted and
/// compacted: an even number m of them (all, or all but the largest when the count is odd) is replaced by every other one,
/// alternately the 1st, 3rd, … or the 2nd, 4th, …, each kept one moving to level h + 1 with twice the weight.
/// <para>
/// <b>Guarantee (deterministic, for every y at once).</b> Let R(y) = #{input values ≤ y} and R̂(y) the total weight of
/// the sketch's items ≤ y. One compaction at level h changes R̂(y) by 0 or ±2ʰ for any y (the items ≤ y are a prefix of
/// the sorted buffer, and every other one of a prefix of length j is ⌊j/2⌋ or ⌈j/2⌉ of them, at twice the weight), so
/// |R̂(y) − R(y)| ≤ <see cref="RankErrorBound"/> = Σ over all compactions of their weight 2ʰ, tracked exactly, and the same
/// holds for #{values &lt; y}. Every compaction at level h consumes ≥ Capacity − 1 items, and at most n/2ʰ items ever reach
/// level h, so a priori RankErrorBound ≤ L·n/(Capacity − 1) for L levels (L ≤ ⌈log₂(n/(Capacity − 1))⌉ + 1) — under any
/// order of inserts and any tree of <see cref="Merge"/>s, since merging only concatenates levels and compacts the same way.
/// The weights always sum to n, the sketch keeps the exact minimum and maximum, and no randomness is used: the same inputs
/// in the same order give the same sketch, bit for bit.
/// </para>
/// <para>
/// Beside the quantiles the sketch keeps the exact count, minimum, maximum, mean and sum of squared deviations
/// M₂ = Σ(x − x̄)² (two-pass compensated sums per <see cref="AddRange"/>, combined by Chan et al.'s pairwise formula
/// x̄ = x̄_a + δ n_b/n, M₂ = M₂a + M₂b + δ² n_a n_b/n, δ = x̄_b − x̄_a), so moment-based statistics stay exact up to rounding.
/// </para>
/// </summary>
public sealed partial class QuantileSketch
{
    /// <summary>The default level capacity k = 8192: for 10⁶ values ≈ 7 levels, RankErrorBound/n ≤ 7/8191 ≈ 0.00085, ≤ 57,344 items kept.</summary>
    public const int DefaultCapacity = 8192;

    /// <summary>The most levels a sketch may have (weights up to 2⁶²).</summary>
    private const int MaxLevels = 62;

    private readonly List<double[]> _levels = [];
    private readonly List<int> _sizes = [];
    private readonly List<bool> _keepOdd = [];

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="capacity">Items a level holds before it is compacted, k ≥ 2 (even values are best).</param>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 2.</exception>
    public QuantileSketch(int capacity = DefaultCapacity)
    {
        if (capacity < 2) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the level capacity must be ≥ 2");
        Capacity = capacity;
    }

    /// <summary>The level capacity k.</summary>
    public int Capacity { get; }

    /// <summary>n, the number of values added (over all merges).</summary>
    public long Count { get; private set; }

    /// <summary>E: |R̂(y) − R(y)| ≤ E for every y (rank units, exact sum of the weights of all compactions so far).</summary>
    public long RankErrorBound { get; private set; }

    /// <summary>E/n (0 for an empty sketch): every CDF value F̂(y) = R̂(y)/n is within this of the exact empirical CDF.</summary>
    public double NormalizedRankError => Count == 0 ? 0 : (double)RankErrorBound / Count;

    /// <summary>The exact smallest value added (+∞ when empty).</summary>
    public double Min { get; private set; } = double.PositiveInfinity;

    /// <summary>The exact largest value added (−∞ when empty).</summary>
    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>The mean x̄ of the values added.</summary>
    public double Mean { get; private set; }

    /// <summary>M₂ = Σ(x − x̄)², the sum of squared deviations from the mean.</summary>
    public double SumSquaredDeviations { get; private set; }

    /// <summary>The population standard deviation √(M₂/n) (NumPy's <c>np.std</c>, ddof 0).</summary>
    public double PopulationStandardDeviation => Math.Sqrt(SumSquaredDeviations / Count);

    /// <summary>Levels in use.</summary>
    public int Levels => _levels.Count;

    /// <summary>Items kept, over all levels.</summary>
    public long ItemCount
    {
        get
        {
            long s = 0;
            foreach (int n in _sizes) s += n;
            return s;
        }
    }

    /// <summary>Adds a batch of values: its moments by two passes (compensated), combined with the sketch's; then every value is inserted.</summary>
    /// <param name="values">Values, none NaN (±∞ allowed).</param>
    /// <exception cref="ArgumentException">A NaN value.</exception>
    public void AddRange(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return;
        CheckNoNaN(values);
        double mean = Kernels.CompensatedSum.Of(values) / values.Length;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        double m2 = Kernels.CompensatedSum.OfSquaredDeviations(values, mean);
        MinMax(values, ref min, ref max);
        CombineMoments(values.Length, mean, m2, min, max);
        InsertItems(values);
    }

    private static void CheckNoNaN(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
            if (double.IsNaN(v)) throw new ArgumentException("a quantile sketch takes no NaN values (leave missing values out)", nameof(values));
    }

    private static void MinMax(ReadOnlySpan<double> values, ref double min, ref double max)
    {
        foreach (double value in values)
        {
            if (value < min) min = value;
            if (value > max) max = value;
        }
    }

    /// <summary>Inserts values into level 0 (compacting as levels fill), leaving the count and moments alone; split into any batches, the same sketch.</summary>
    private void InsertItems(ReadOnlySpan<double> values)
    {
        // Insert in blocks that fill level 0 up to its capacity: the same sketch as inserting one value at a time.
        if (_levels.Count == 0) EnsureLevel(0);
        while (!values.IsEmpty)
        {
            int take = Math.Min(values.Length, Capacity - _sizes[0]);
            Append(0, values[..take]);
            values = values[take..];
            if (_sizes[0] >= Capacity) Compact(0);
        }
    }

    /// <summary>Merges <paramref name="other"/> (same capacity) into this sketch: levels are concatenated, then compacted as usual; the bounds add.</summary>
    /// <param name="other">Another sketch (left unchanged).</param>
    /// <exception cref="ArgumentException">Different capacities.</exception>
    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Capacity != Capacity) throw new ArgumentException($"cannot merge sketches of level capacity {other.Capacity} and {Capacity}", nameof(other));
        if (other.Count == 0) return;
        CombineMoments(other.Count, other.Mean, other.SumSquaredDeviations, other.Min, other.Max);
        RankErrorBound += other.RankErrorBound;
        for (int h = 0; h < other._levels.Count; h++)
        {
            EnsureLevel(h);
            Append(h, other._levels[h].AsSpan(0, other._sizes[h]));
        }
        for (int h = 0; h < _levels.Count; h++)
            if (_sizes[h] >= Capacity) Compact(h);
    }

    /// <summary>The sketch as a weighted sample sorted by value: equal values joined, with cumulative weights (the last is n).</summary>
    /// <returns>Values strictly increasing and R̂(values[i]) = cumulative[i].</returns>
    public (double[] Values, long[] Cumulative) SortedItems()
    {
        long items = ItemCount;
        var values = new double[items];
        var weights = new long[items];
        int at = 0;
        for (int h = 0; h < _levels.Count; h++)
        {
            _levels[h].AsSpan(0, _sizes[h]).CopyTo(values.AsSpan(at));
            weights.AsSpan(at, _sizes[h]).Fill(1L << h);
            at += _sizes[h];
        }
        Array.Sort(values, weights);
        int distinct = 0;
        long total = 0;
        for (int i = 0; i < values.Length; i++)
        {
            total += weights[i];
            if (distinct > 0 && values[distinct - 1] == values[i]) weights[distinct - 1] = total;
            else
            {
                values[distinct] = values[i];
                weights[distinct++] = total;
            }
        }
        return (values[..distinct], weights[..distinct]);
    }

    /// <summary>R̂(y): the total weight of items ≤ y; |R̂(y) − #{x ≤ y}| ≤ <see cref="RankErrorBound"/>.</summary>
    /// <param name="y">Any value.</param>
    /// <returns>The estimated rank in [0, n].</returns>
    public long Rank(double y)
    {
        long r = 0;
        for (int h = 0; h < _levels.Count; h++)
        {
            var level = _levels[h].AsSpan(0, _sizes[h]);
            long below = 0;
            foreach (double v in level)
                if (v <= y) below++;
            r += below << h;
        }
        return r;
    }

    /// <summary>Writes the sketch (capacity, count, bound, moments, every level's parity and items).</summary>
    /// <param name="w">The writer.</param>
    public void Write(BinaryWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.Write(Capacity);
        w.Write(Count);
        w.Write(RankErrorBound);
        w.Write(Min);
        w.Write(Max);
        w.Write(Mean);
        w.Write(SumSquaredDeviations);
        w.Write(_levels.Count);
        for (int h = 0; h < _levels.Count; h++)
        {
            w.Write(_keepOdd[h]);
            w.Write(_sizes[h]);
            w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_levels[h].AsSpan(0, _sizes[h])));
        }
    }

    /// <summary>Reads a sketch written by <see cref="Write"/>, checking its invariants.</summary>
    /// <param name="r">The reader.</param>
    /// <returns>The sketch.</returns>
    /// <exception cref="InvalidDataException">A capacity &lt; 2, a level over capacity, a NaN item or one outside [min, max], weights that do not sum to the count.</exception>
    /// <exception cref="EndOfStreamException">The stream ends inside the sketch.</exception>
    public static QuantileSketch Read(BinaryReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        int capacity = r.ReadInt32();
        if (capacity < 2) throw new InvalidDataException($"quantile sketch of level capacity {capacity}");
        var s = new QuantileSketch(capacity)
        {
            Count = r.ReadInt64(),
            RankErrorBound = r.ReadInt64(),
            Min = r.ReadDouble(),
            Max = r.ReadDouble(),
            Mean = r.ReadDouble(),
            SumSquaredDeviations = r.ReadDouble(),
        };
        int levels = r.ReadInt32();
        if (s.Count < 0 || s.RankErrorBound < 0 || levels < 0 || levels > MaxLevels) throw new InvalidDataException("quantile sketch with a negative count, bound or level count");
        long weight = 0;
        for (int h = 0; h < levels; h++)
        {
            s.EnsureLevel(h);
            s._keepOdd[h] = r.ReadBoolean();
            int n = r.ReadInt32();
            if (n < 0 || n >= capacity) throw new InvalidDataException($"quantile sketch level {h} holds {n} items; the capacity is {capacity}");
            if ((long)n * sizeof(double) > r.BaseStream.Length - r.BaseStream.Position) throw new EndOfStreamException();
            var items = new double[Math.Max(n, 1)];
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(items.AsSpan(0, n));
            while (bytes.Length > 0)
            {
                int got = r.Read(bytes);
                if (got == 0) throw new EndOfStreamException();
                bytes = bytes[got..];
            }
            foreach (double v in items.AsSpan(0, n))
                if (!(v >= s.Min && v <= s.Max)) throw new InvalidDataException($"quantile sketch item {v} outside [min {s.Min}, max {s.Max}]");
            s._levels[h] = items;
            s._sizes[h] = n;
            weight += (long)n << h;
        }
        if (weight != s.Count) throw new InvalidDataException($"quantile sketch weights sum to {weight}, not its count {s.Count}");
        return s;
    }

    private void CombineMoments(long nb, double meanB, double m2B, double min, double max)
    {
        long na = Count, n = na + nb;
        if (na == 0)
        {
            Mean = meanB;
            SumSquaredDeviations = m2B;
        }
        else
        {
            double delta = meanB - Mean;
            Mean += delta * ((double)nb / n);
            SumSquaredDeviations += m2B + delta * delta * ((double)na * nb / n);
        }
        Count = n;
        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
    }

    private void EnsureLevel(int h)
    {
        while (_levels.Count <= h)
        {
            if (_levels.Count == MaxLevels) throw new InvalidOperationException("quantile sketch: too many levels");
            _levels.Add(new double[Capacity]);
            _sizes.Add(0);
            _keepOdd.Add(false);
        }
    }

    private void Append(int h, ReadOnlySpan<double> items)
    {
        int size = _sizes[h];
        if (size + items.Length > _levels[h].Length)
        {
            var grown = new double[Math.Max(size + items.Length, _levels[h].Length * 2)];
            _levels[h].AsSpan(0, size).CopyTo(grown);
            _levels[h] = grown;
        }
        items.CopyTo(_levels[h].AsSpan(size));
        _sizes[h] = size + items.Length;
    }

    /// <summary>Sorts level h and replaces an even number of its items (all, or all but the largest) by every other one at level h + 1; adds 2ʰ to the bound.</summary>
    private void Compact(int h)
    {
        var level = _levels[h].AsSpan(0, _sizes[h]);
        SampleSort.Sort(level);
        int m = level.Length & ~1;
        EnsureLevel(h + 1);
        var kept = new double[m / 2];
        int first = _keepOdd[h] ? 0 : 1;
        for (int i = 0; i < kept.Length; i++) kept[i] = level[first + 2 * i];
        _keepOdd[h] = !_keepOdd[h];
        // The odd one out (the largest) stays at level h.
        if (m < level.Length) level[0] = level[m];
        _sizes[h] = level.Length - m;
        RankErrorBound += 1L << h;
        Append(h + 1, kept);
        if (h + 1 < _levels.Count && _sizes[h + 1] >= Capacity) Compact(h + 1);
    }
}
