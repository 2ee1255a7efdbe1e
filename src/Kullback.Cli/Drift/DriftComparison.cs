using System.Globalization;
using Kullback.Drift;

namespace Kullback.Cli.Drift;

/// <summary>The verdict of one column with its missing-cell counts.</summary>
/// <param name="Result">The library's verdict.</param>
/// <param name="MissingReference">Missing reference cells.</param>
/// <param name="MissingCurrent">Missing current cells.</param>
internal sealed record DriftRow(ColumnDrift Result, long MissingReference, long MissingCurrent);

/// <summary>Settings of a comparison: per-column method and threshold overrides, the data-set share.</summary>
internal sealed record DriftSettings(IReadOnlyDictionary<string, string> Methods, IReadOnlyDictionary<string, double> Thresholds, double DriftShare, int Threads);

/// <summary>Compares two <see cref="DriftTable"/>s column by column with the preset (or the overrides).</summary>
internal static class DriftComparison
{
    /// <summary>Checks that both tables have the same columns, then compares every column (in parallel over columns).</summary>
    /// <exception cref="InvalidDataException">Different column sets, a column numeric in one file and text in the other, an empty column.</exception>
    public static DriftRow[] Run(DriftTable reference, DriftTable current, DriftSettings settings)
    {
        var refNames = reference.Columns.Select(c => c.Name).ToArray();
        var curNames = current.Columns.Select(c => c.Name).ToHashSet();
        var onlyRef = refNames.Where(n => !curNames.Contains(n)).ToArray();
        var onlyCur = current.Columns.Select(c => c.Name).Where(n => !refNames.Contains(n)).ToArray();
        if (onlyRef.Length > 0 || onlyCur.Length > 0)
            throw new InvalidDataException($"{reference.File} and {current.File} have different columns: only in the reference: [{string.Join(", ", onlyRef)}]; only in the current: [{string.Join(", ", onlyCur)}]");
        foreach (var name in settings.Methods.Keys.Concat(settings.Thresholds.Keys))
            if (!refNames.Contains(name)) throw new InvalidDataException($"--method/--threshold name column '{name}', which is not compared (columns: {string.Join(", ", refNames)})");
        var curByName = current.Columns.ToDictionary(c => c.Name);
        var rows = new DriftRow[reference.Columns.Length];
        // Validate every column before any statistic is computed.
        foreach (var r in reference.Columns)
        {
            var c = curByName[r.Name];
            bool refEmpty = r.IsNumeric ? r.Count == 0 : r.Text!.Count == 0;
            bool curEmpty = c.IsNumeric ? c.Count == 0 : c.Text!.Count == 0;
            if (refEmpty) throw new InvalidDataException($"{reference.File}: column '{r.Name}' is empty (all {r.Missing} cells missing)");
            if (curEmpty) throw new InvalidDataException($"{current.File}: column '{r.Name}' is empty (all {c.Missing} cells missing)");
            if (r.IsNumeric != c.IsNumeric)
                throw new InvalidDataException($"column '{r.Name}' is {(r.IsNumeric ? "numeric" : "text")} in {reference.File} but {(c.IsNumeric ? "numeric" : "text")} in {current.File}");
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.Threads };
        Parallel.For(0, rows.Length, options, k =>
        {
            var r = reference.Columns[k];
            var c = curByName[r.Name];
            rows[k] = new DriftRow(Column(r, c, reference.Rows, settings), r.Missing, c.Missing);
        });
        return rows;
    }

    private static ColumnDrift Column(DriftColumn r, DriftColumn c, long referenceRows, DriftSettings settings)
    {
        settings.Methods.TryGetValue(r.Name, out var method);
        double? threshold = settings.Thresholds.TryGetValue(r.Name, out double t) ? t : null;
        if (r.IsNumeric)
        {
            var a = r.Numbers.AsSpan(0, r.Count);
            var b = c.Numbers.AsSpan(0, c.Count);
            SampleSort.Sort(a);
            SampleSort.Sort(b);
            bool categorical = method is null ? DistinctAtMost(a, DriftPreset.MaxCategoricalUniques) : !DriftMethods.IsNumeric(method);
            if (!categorical)
                return DriftPreset.Numeric(r.Name, a, b, method ?? DriftPreset.DefaultMethod(ColumnType.Numeric, referenceRows, 0), threshold);
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

    private static Dictionary<double, long> Counts(ReadOnlySpan<double> sorted)
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
