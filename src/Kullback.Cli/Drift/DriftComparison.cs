using System.Globalization;
using Kullback.Drift;
using Kullback.Kernels;

namespace Kullback.Cli.Drift;

/// <summary>The verdict of one column with its missing-cell counts.</summary>
/// <param name="Result">The library's verdict.</param>
/// <param name="MissingReference">Missing reference cells.</param>
/// <param name="MissingCurrent">Missing current cells.</param>
/// <param name="PValueAdjusted">The p-value after <c>--correction</c> (null without one, or for a distance).</param>
/// <param name="Approximation">How the verdict came from a reference quantile sketch (null: exact).</param>
internal sealed record DriftRow(ColumnDrift Result, long MissingReference, long MissingCurrent, double? PValueAdjusted = null, SketchApproximation? Approximation = null);

/// <summary>One column of one chunk of <c>--chunk-size</c>.</summary>
/// <param name="Name">The column.</param>
/// <param name="Result">Its verdict on the chunk; null when the chunk has no values in the column (not judged).</param>
/// <param name="Missing">Missing cells of the column in the chunk.</param>
/// <param name="PValueAdjusted">The p-value after <c>--correction</c> across the chunk's judged test columns.</param>
internal sealed record DriftChunkColumn(string Name, ColumnDrift? Result, long Missing, double? PValueAdjusted = null);

/// <summary>The comparison of one chunk of current rows [<paramref name="RowStart"/>, <paramref name="RowEnd"/>) with the reference.</summary>
/// <param name="RowStart">First data row of the chunk (0-based, blank CSV lines not counted).</param>
/// <param name="RowEnd">One past its last row.</param>
/// <param name="Columns">Per column, in the reference's column order.</param>
/// <param name="Summary">Drifted columns, their share of the judged columns and the chunk's data-set verdict.</param>
internal sealed record DriftChunk(long RowStart, long RowEnd, DriftChunkColumn[] Columns, (int Drifted, double Share, bool DatasetDrift) Summary);

/// <summary>Settings of a comparison: per-column method and threshold overrides, the data-set share.</summary>
internal sealed record DriftSettings(IReadOnlyDictionary<string, string> Methods, IReadOnlyDictionary<string, double> Thresholds, double DriftShare, int Threads,
    int Bins = BinnedDistances.DefaultBins, string Correction = "none", int Permutations = 0, int Seed = 0);

/// <summary>Compares two <see cref="DriftTable"/>s column by column with the preset (or the overrides).</summary>
internal static class DriftComparison
{
    /// <summary>Checks that both tables have the same columns, then compares every column (in parallel over columns).
    /// A current table read in chunks keeps its numbers in row order (each column is sorted in a copy, one column per thread at a time).</summary>
    /// <param name="reference">The reference table (or one loaded from a baseline).</param>
    /// <param name="current">The current table.</param>
    /// <param name="settings">Methods, thresholds, share, threads, bins, correction, permutations.</param>
    /// <param name="columnDone">Called (from any thread) after each column is compared, for a progress bar; null: none.</param>
    /// <exception cref="InvalidDataException">Different column sets, a column numeric in one file and text in the other, an empty column.</exception>
    public static DriftRow[] Run(DriftTable reference, DriftTable current, DriftSettings settings, Action? columnDone = null)
    {
        var curByName = Validate(reference, current, settings);
        var rows = new DriftRow[reference.Columns.Length];
        RowPartition.Run(rows.Length, settings.Threads, k =>
        {
            var r = reference.Columns[k];
            var c = curByName[r.Name];
            DriftRow compare(DriftColumn cur) => r.Sketch is not null ? DriftSketchComparison.Compare(r, cur, reference.Rows, settings)
                : new DriftRow(Column(r, cur, reference.Rows, settings), r.Missing, c.Missing);
            // A chunked current keeps its numbers in row order for the chunks: the whole column is sorted in a copy.
            rows[k] = c.ChunkStarts is null || !c.IsNumeric ? compare(c) : OnCopy(c, 0, c.Count, c.Missing, null, compare);
            columnDone?.Invoke();
        });
        return settings.Correction == "none" ? rows : Corrected(rows, settings.Correction);
    }

    /// <summary>Checks that both tables have the same columns, of the same kinds, none empty; returns the current columns by name.</summary>
    private static Dictionary<string, DriftColumn> Validate(DriftTable reference, DriftTable current, DriftSettings settings)
    {
        var refNames = reference.Columns.Select(c => c.Name).ToArray();
        var curNames = current.Columns.Select(c => c.Name).ToHashSet();
        var onlyRef = refNames.Where(n => !curNames.Contains(n)).ToArray();
        var onlyCur = current.Columns.Select(c => c.Name).Where(n => !refNames.Contains(n)).ToArray();
        if (onlyRef.Length > 0 || onlyCur.Length > 0)
            throw new InvalidDataException($"{reference.File} and {current.File} have different columns: only in the reference: [{string.Join(", ", onlyRef)}]; only in the current: [{string.Join(", ", onlyCur)}]");
        foreach (var name in settings.Methods.Keys.Concat(settings.Thresholds.Keys))
            if (!refNames.Contains(name)) throw new Kullback.Cli.Common.UsageException($"--method/--threshold name column '{name}', which is not compared (columns: {string.Join(", ", refNames)})");
        var curByName = current.Columns.ToDictionary(c => c.Name);
        // Validate every column before any statistic is computed.
        foreach (var r in reference.Columns)
        {
            var c = curByName[r.Name];
            bool refEmpty = r.IsNumeric ? r.Count == 0 && r.Sketch is null : r.Text!.Count == 0;
            bool curEmpty = c.IsNumeric ? c.Count == 0 : c.Text!.Count == 0;
            if (refEmpty) throw new InvalidDataException($"{reference.File}: column '{r.Name}' is empty (all {r.Missing} cells missing)");
            if (curEmpty) throw new InvalidDataException($"{current.File}: column '{r.Name}' is empty (all {c.Missing} cells missing)");
            if (r.IsNumeric != c.IsNumeric)
                throw new InvalidDataException($"column '{r.Name}' is {(r.IsNumeric ? "numeric" : "text")} in {reference.File} but {(c.IsNumeric ? "numeric" : "text")} in {current.File}");
            DriftSketchComparison.Check(r, reference.Rows, settings, reference.File);
        }
        return curByName;
    }

    /// <summary>
    /// <c>--chunk-size</c>: compares each chunk of rows of <paramref name="current"/> (read with a chunk size) with the
    /// reference, every column with the method the whole comparison chose for it (<paramref name="whole"/>) and the same
    /// thresholds, correction and permutations. Must run before the whole comparison, which sorts the current numbers in
    /// place: each chunk's numbers are copied (in row order) into a buffer of at most a chunk's length per column being
    /// compared, so the current data is never held twice. A column without values in a chunk is not judged there (null).
    /// </summary>
    /// <param name="reference">The reference table.</param>
    /// <param name="current">The current table, read with <c>chunkSize</c> &gt; 0.</param>
    /// <param name="whole">The whole comparison's verdicts (their methods are reused), in the reference's column order.</param>
    /// <param name="settings">As for the whole comparison.</param>
    /// <param name="chunkSize">Rows per chunk.</param>
    public static DriftChunk[] RunChunks(DriftTable reference, DriftTable current, IReadOnlyList<ColumnDrift> whole, DriftSettings settings, long chunkSize)
    {
        var curByName = Validate(reference, current, settings);
        var methods = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var w in whole) methods[w.Name] = w.Method;
        var chunkSettings = settings with { Methods = methods };
        int chunks = (int)((current.Rows + chunkSize - 1) / chunkSize);
        var result = new DriftChunk[chunks];
        for (int k = 0; k < chunks; k++)
        {
            var cells = new DriftChunkColumn[reference.Columns.Length];
            RowPartition.Run(cells.Length, settings.Threads, j =>
            {
                var r = reference.Columns[j];
                var c = curByName[r.Name];
                var starts = c.ChunkStarts ?? throw new InvalidOperationException($"{current.File} was not read in chunks");
                long missing = (k + 1 < chunks ? starts[k + 1].Missing : c.Missing) - starts[k].Missing;
                DriftChunkColumn judge(DriftColumn part) =>
                    new(r.Name, (part.IsNumeric ? part.Count == 0 : part.Text!.Count == 0) ? null
                        : r.Sketch is not null ? DriftSketchComparison.Compare(r, part, reference.Rows, chunkSettings).Result
                        : Column(r, part, reference.Rows, chunkSettings), missing);
                cells[j] = c.IsNumeric
                    ? OnCopy(c, starts[k].Count, k + 1 < chunks ? starts[k + 1].Count : c.Count, missing, null, judge)
                    : OnCopy(c, 0, 0, missing, c.ChunkText![k] ?? new Dictionary<string, long>(StringComparer.Ordinal), judge);
            });
            if (settings.Correction != "none") cells = Corrected(cells, settings.Correction);
            var judged = cells.Where(x => x.Result is not null).Select(x => x.Result!).ToArray();
            var summary = judged.Length == 0 ? (0, 0.0, false) : DriftPreset.Summarize(judged, settings.DriftShare);
            result[k] = new DriftChunk(k * chunkSize, Math.Min(current.Rows, (k + 1) * chunkSize), cells, summary);
        }
        return result;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a column that holds <paramref name="column"/>'s numbers [from, to) copied into a
    /// pooled buffer (numeric columns), or the given category counts (text columns), with <paramref name="missing"/> cells.
    /// </summary>
    private static T OnCopy<T>(DriftColumn column, int from, int to, long missing, Dictionary<string, long>? text, Func<DriftColumn, T> work)
    {
        var part = new DriftColumn(column.Name) { IsNumeric = column.IsNumeric, AllIntegers = column.AllIntegers, Missing = missing, Numbers = [], Text = text };
        if (!column.IsNumeric) return work(part);
        var rented = System.Buffers.ArrayPool<double>.Shared.Rent(Math.Max(1, to - from));
        try
        {
            column.Numbers.AsSpan(from, to - from).CopyTo(rented);
            part.Numbers = rented;
            part.Count = to - from;
            return work(part);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>The chunk version of <see cref="Corrected(DriftRow[], string)"/>: the judged test columns of one chunk are adjusted together.</summary>
    private static DriftChunkColumn[] Corrected(DriftChunkColumn[] cells, string correction)
    {
        var judged = Enumerable.Range(0, cells.Length).Where(k => cells[k].Result is not null).ToArray();
        var adjusted = Corrected(judged.Select(k => new DriftRow(cells[k].Result!, 0, cells[k].Missing)).ToArray(), correction);
        var result = (DriftChunkColumn[])cells.Clone();
        for (int t = 0; t < judged.Length; t++)
            result[judged[t]] = cells[judged[t]] with { Result = adjusted[t].Result, PValueAdjusted = adjusted[t].PValueAdjusted };
        return result;
    }

    /// <summary>Adjusts the p-values of the test columns together (distances are left alone); a test column drifts when its adjusted p &lt; threshold.</summary>
    private static DriftRow[] Corrected(DriftRow[] rows, string correction)
    {
        var tested = Enumerable.Range(0, rows.Length).Where(k => rows[k].Result.PValue is not null).ToArray();
        var p = tested.Select(k => rows[k].Result.PValue!.Value).ToArray();
        var adjusted = correction == "bonferroni" ? MultipleTesting.Bonferroni(p) : MultipleTesting.BenjaminiHochberg(p);
        var result = (DriftRow[])rows.Clone();
        for (int t = 0; t < tested.Length; t++)
        {
            var row = rows[tested[t]];
            result[tested[t]] = row with { Result = row.Result with { Drift = adjusted[t] < row.Result.Threshold }, PValueAdjusted = adjusted[t] };
        }
        return result;
    }

    private static ColumnDrift Column(DriftColumn r, DriftColumn c, long referenceRows, DriftSettings settings)
    {
        settings.Methods.TryGetValue(r.Name, out var method);
        double? threshold = settings.Thresholds.TryGetValue(r.Name, out double t) ? t : null;
        if (r.IsNumeric)
        {
            var a = r.Numbers.AsSpan(0, r.Count);
            var b = c.Numbers.AsSpan(0, c.Count);
            if (!r.Sorted) SampleSort.Sort(a);
            if (!c.Sorted) SampleSort.Sort(b);
            r.Sorted = c.Sorted = true;
            bool categorical = method is null || DriftMethods.IsBinned(method) ? DistinctAtMost(a, DriftPreset.MaxCategoricalUniques) : !DriftMethods.IsNumeric(method);
            if (!categorical)
            {
                string m = method ?? DriftPreset.DefaultMethod(ColumnType.Numeric, referenceRows, 0);
                var verdict = DriftPreset.Numeric(r.Name, a, b, m, threshold, settings.Bins);
                if (settings.Permutations == 0 || verdict.PValue is not null) return verdict;
                // --permutations: the distance becomes a test; its p-value is the pooled permutation p, drift when p < threshold.
                var test = PermutationTest.PValue(a, b, (x, y) => DriftPreset.Numeric(r.Name, x, y, m, null, settings.Bins).Statistic, settings.Permutations, settings.Seed);
                double pt = threshold ?? DriftPreset.PValueThreshold;
                return verdict with { PValue = test.PValue, Threshold = pt, Drift = test.PValue < pt };
            }
            var refCounts = Counts(a);
            var curCounts = Counts(b);
            var values = refCounts.Keys.Union(curCounts.Keys).Select(v => (Label: Label(v, r.PandasInteger), Value: v))
                .OrderBy(x => x.Label, StringComparer.Ordinal).ToArray();
            return Categorical(r.Name, values.Select(v => refCounts.GetValueOrDefault(v.Value)).ToArray(),
                values.Select(v => curCounts.GetValueOrDefault(v.Value)).ToArray(), referenceRows, method, threshold);
        }
        var labels = r.Text!.Keys.Union(c.Text!.Keys).Order(StringComparer.Ordinal).ToArray();
        return Categorical(r.Name, labels.Select(l => r.Text.GetValueOrDefault(l)).ToArray(), labels.Select(l => c.Text.GetValueOrDefault(l)).ToArray(),
            referenceRows, method, threshold);
    }

    private static ColumnDrift Categorical(string name, long[] reference, long[] current, long referenceRows, string? method, double? threshold) =>
        DriftPreset.Categorical(name, reference.Length, reference, current,
            method ?? DriftPreset.DefaultMethod(ColumnType.Categorical, referenceRows, reference.Length), threshold);

    private static bool DistinctAtMost(ReadOnlySpan<double> sorted, int limit)
    {
        int distinct = 0;
        for (int i = 0; i < sorted.Length; i++)
            if (i == 0 || sorted[i] != sorted[i - 1])
                if (++distinct > limit) return false;
        return true;
    }

    internal static Dictionary<double, long> Counts(ReadOnlySpan<double> sorted)
    {
        var counts = new Dictionary<double, long>();
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j < sorted.Length && sorted[j] == sorted[i]) j++;
            counts[sorted[i] == 0 ? 0.0 : sorted[i]] = j - i;
            i = j;
        }
        return counts;
    }

    /// <summary>The category label pandas' <c>astype(str)</c> gives a number: "3" for an integer column, Python's float repr ("3.0", "0.5", "1e-05") otherwise.</summary>
    public static string Label(double v, bool integerColumn)
    {
        if (integerColumn && Math.Abs(v) < 9.2e18) return ((long)v).ToString(CultureInfo.InvariantCulture);
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.Floor(v) && Math.Abs(v) < 1e16) return (v == 0 && double.IsNegative(v) ? "-" : "") + ((long)v).ToString(CultureInfo.InvariantCulture) + ".0";
        return v.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
    }
}
