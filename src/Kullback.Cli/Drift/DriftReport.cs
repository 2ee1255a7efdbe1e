using System.Globalization;
using Kullback.Cli.Reporting;
using Kullback.Drift;
using ScottPlot;

namespace Kullback.Cli.Drift;

/// <summary>
/// <c>kullback drift --report DIR</c>: an HTML page (<see cref="HtmlReport"/>) with the data-set verdict, one table row
/// per column (method, statistic, p-value, threshold, verdict, missing cells) and, per column, the reference and current
/// distributions overlaid — a histogram of the fractions of values in equal-width bins over both samples' finite range
/// for numeric columns, a bar chart of the category frequencies for categorical ones (the two samples' bars side by
/// side). The charts are drawn with ScottPlot, as wide as the other reports' (<see cref="Charts.Width"/>).
/// </summary>
internal static class DriftReport
{
    /// <summary>Equal-width bins of the numeric histograms.</summary>
    public const int HistogramBins = 30;

    /// <summary>At most this many categories are drawn (the most frequent over both samples); the table still has the exact statistic.</summary>
    public const int MaxCategoriesShown = 30;

    /// <summary>Builds the report of a comparison and writes it into <paramref name="directory"/>; returns the page's path.</summary>
    /// <param name="directory">The report folder (created if needed).</param>
    /// <param name="reference">The reference table (its numbers may have been sorted by the comparison).</param>
    /// <param name="current">The current table.</param>
    /// <param name="rows">The verdicts, in the reference's column order.</param>
    /// <param name="summary">The data-set verdict.</param>
    /// <param name="referenceLabel">What the reference is: its file, or the baseline file.</param>
    /// <param name="chunks">The <c>--chunk-size</c> comparisons (null: none): a table of the chunks and one line chart per column.</param>
    public static string Save(string directory, DriftTable reference, DriftTable current, DriftRow[] rows,
        (int Drifted, double Share, bool DatasetDrift) summary, string referenceLabel, DriftChunk[]? chunks = null)
    {
        var inv = CultureInfo.InvariantCulture;
        var report = new HtmlReport($"kullback drift: {Path.GetFileName(referenceLabel)} → {Path.GetFileName(current.File)}");
        report.Heading("Summary")
            .Paragraph($"Data set drift: {(summary.DatasetDrift ? "YES" : "no")} — {summary.Drifted} of {rows.Length} columns drifted (share {summary.Share.ToString("G4", inv)}).")
            .Paragraph($"Reference: {referenceLabel} ({reference.Rows} rows). Current: {current.File} ({current.Rows} rows).");
        report.Table("Columns (drift when p < threshold for tests, statistic ≥ threshold for distances)",
            ["column", "type", "method", "statistic", "p-value", "adjusted p", "threshold", "drift", "missing ref", "missing cur"],
            rows.Select(row =>
            {
                var r = row.Result;
                return new[]
                {
                    r.Name, r.Type == ColumnType.Numeric ? "numeric" : "categorical", r.Method, r.Statistic.ToString("G6", inv),
                    r.PValue is double p ? p.ToString("G6", inv) : "—", row.PValueAdjusted is double pa ? pa.ToString("G6", inv) : "—",
                    r.Threshold.ToString("G4", inv), r.Drift ? "DRIFT" : "no",
                    row.MissingReference.ToString(inv), row.MissingCurrent.ToString(inv),
                };
            }));
        report.Heading("Distributions (reference vs current)");
        var curByName = current.Columns.ToDictionary(c => c.Name);
        for (int k = 0; k < rows.Length; k++)
        {
            var r = rows[k].Result;
            var refColumn = reference.Columns[k];
            var curColumn = curByName[r.Name];
            string title = $"{r.Name}: {r.Method} {r.Statistic.ToString("G4", inv)}{(r.PValue is double pv ? $", p = {pv.ToString("G4", inv)}" : "")} — {(r.Drift ? "DRIFT" : "no drift")}";
            string file = $"column{k.ToString("D3", inv)}.png";
            if (r.Type == ColumnType.Numeric)
            {
                var bytes = Histogram(r.Name, refColumn.Numbers.AsSpan(0, refColumn.Count), curColumn.Numbers.AsSpan(0, curColumn.Count));
                if (bytes is null) report.Paragraph($"{title} (no finite values to draw)");
                else report.Image(title, file, bytes);
            }
            else
            {
                var (labels, refFreq, curFreq, total) = Frequencies(refColumn, curColumn);
                string shown = labels.Count < total ? $" ({labels.Count} most frequent of {total} categories)" : "";
                report.Image(title + shown, file, CategoryBars(r.Name, labels, refFreq, curFreq));
            }
        }
        if (chunks is not null) AddChunks(report, rows, chunks);
        return report.Save(directory);
    }

    /// <summary>
    /// The chunk series: a table with one row per chunk (rows, drifted columns, share, verdict) and, per column, a line
    /// chart of the quantity its verdict compares with the threshold — the p-value of a test, the statistic of a distance —
    /// per chunk, with the threshold as a horizontal line (<c>chunk000.png</c>, …). Chunks where the column has no values are left out of its line.
    /// </summary>
    private static void AddChunks(HtmlReport report, DriftRow[] rows, DriftChunk[] chunks)
    {
        var inv = CultureInfo.InvariantCulture;
        report.Heading($"Chunks of the current data ({chunks.Length}, each compared with the whole reference)");
        report.Table("Chunks (row ranges are 0-based data rows, the last row included)",
            ["chunk", "rows", "drifted columns", "share", "data set drift", "drifted"],
            chunks.Select((c, k) => (IReadOnlyList<string>)
            [
                k.ToString(inv), $"{c.RowStart.ToString(inv)}–{(c.RowEnd - 1).ToString(inv)}", c.Summary.Drifted.ToString(inv),
                c.Summary.Share.ToString("G4", inv), c.Summary.DatasetDrift ? "DRIFT" : "no",
                string.Join(", ", c.Columns.Where(x => x.Result?.Drift == true).Select(x => x.Name)),
            ]));
        for (int j = 0; j < rows.Length; j++)
        {
            var whole = rows[j].Result;
            bool test = whole.PValue is not null;
            var points = chunks.Select((c, k) => (k, c.Columns[j])).Where(x => x.Item2.Result is not null)
                .Select(x => (Chunk: (double)x.k, Value: test ? x.Item2.PValueAdjusted ?? x.Item2.Result!.PValue ?? double.NaN : x.Item2.Result!.Statistic))
                .Where(x => double.IsFinite(x.Value)).ToArray();
            string quantity = test ? (rows[j].PValueAdjusted is null ? "p-value" : "adjusted p-value") : whole.Method;
            string title = $"{whole.Name}: {quantity} per chunk, threshold {whole.Threshold.ToString("G4", inv)} ({(test ? "drift below" : "drift at or above")})";
            report.Image(title, $"chunk{j.ToString("D3", inv)}.png", ChunkSeries(whole.Name, quantity, points, whole.Threshold));
        }
    }

    /// <summary>A line with markers of one column's per-chunk values and the threshold as a dashed horizontal line.</summary>
    internal static byte[] ChunkSeries(string name, string quantity, IReadOnlyList<(double Chunk, double Value)> points, double threshold)
    {
        var plot = new Plot();
        if (points.Count > 0)
        {
            var line = plot.Add.Scatter(points.Select(p => p.Chunk).ToArray(), points.Select(p => p.Value).ToArray(), Colors.SteelBlue);
            line.LegendText = quantity;
        }
        var limit = plot.Add.HorizontalLine(threshold, 1.5f, Colors.Crimson, LinePattern.Dashed);
        limit.LegendText = "threshold";
        if (points.Count > 0 && points.All(p => p.Chunk == Math.Floor(p.Chunk)))
        {
            int last = (int)points.Max(p => p.Chunk);
            int step = Math.Max(1, (last + 1) / 20);
            var ticks = Enumerable.Range(0, last + 1).Where(i => i % step == 0).Select(i => (double)i).ToArray();
            plot.Axes.Bottom.SetTicks(ticks, ticks.Select(t => t.ToString(CultureInfo.InvariantCulture)).ToArray());
        }
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.Title(name);
        plot.XLabel("chunk");
        plot.YLabel(quantity);
        return plot.GetImageBytes(Charts.Width, 300, ImageFormat.Png);
    }

    /// <summary>Fractions of each sample's finite values in <see cref="HistogramBins"/> equal-width bins over both samples' finite range, overlaid; null when neither has a finite value.</summary>
    internal static byte[]? Histogram(string name, ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in reference) if (double.IsFinite(v)) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        foreach (double v in current) if (double.IsFinite(v)) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        if (lo > hi) return null;
        int bins = lo == hi ? 1 : HistogramBins;
        double width = lo == hi ? 1 : (hi - lo) / bins;
        var plot = new Plot();
        for (int s = 0; s < 2; s++)
        {
            var counts = BinCounts(s == 0 ? reference : current, lo, width, bins, out long finite);
            var bars = new List<Bar>(bins);
            for (int b = 0; b < bins; b++)
                bars.Add(new Bar { Position = bins == 1 ? lo : lo + (b + 0.5) * width, Value = finite == 0 ? 0 : (double)counts[b] / finite, FillColor = SampleColors[s], Size = width });
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = SampleNames[s], FillColor = SampleColors[s] });
        }
        return Finish(plot, name, name, "fraction of values");
    }

    private static readonly Color[] SampleColors = [Colors.SteelBlue.WithAlpha(0.55), Colors.DarkOrange.WithAlpha(0.55)];
    private static readonly string[] SampleNames = ["reference", "current"];

    /// <summary>The frequency of each category in both samples, bars side by side.</summary>
    private static byte[] CategoryBars(string name, IReadOnlyList<string> labels, IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var plot = new Plot();
        for (int s = 0; s < 2; s++)
        {
            var values = s == 0 ? reference : current;
            var bars = new List<Bar>(labels.Count);
            for (int i = 0; i < labels.Count; i++)
                bars.Add(new Bar { Position = i - 0.2 + 0.4 * s, Value = values[i], FillColor = SampleColors[s].WithAlpha(0.9), Size = 0.4 });
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = SampleNames[s], FillColor = SampleColors[s].WithAlpha(0.9) });
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray(), labels.ToArray());
        return Finish(plot, name, "", "fraction of values");
    }

    private static byte[] Finish(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot.GetImageBytes(Charts.Width, 300, ImageFormat.Png);
    }

    /// <summary>Counts of the finite values per bin [lo + b·width, lo + (b+1)·width), the last bin closed.</summary>
    internal static long[] BinCounts(ReadOnlySpan<double> values, double lo, double width, int bins, out long finite)
    {
        var counts = new long[bins];
        finite = 0;
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) continue;
            counts[Math.Clamp((int)((v - lo) / width), 0, bins - 1)]++;
            finite++;
        }
        return counts;
    }

    /// <summary>Category labels (pandas' text, as the comparison labels them) with each sample's frequencies; at most <see cref="MaxCategoriesShown"/>, the most frequent over both, in label order.</summary>
    private static (IReadOnlyList<string> Labels, IReadOnlyList<double> Reference, IReadOnlyList<double> Current, int Total) Frequencies(DriftColumn reference, DriftColumn current)
    {
        Dictionary<string, long> refCounts = reference.IsNumeric ? LabelCounts(reference, reference.PandasInteger) : reference.Text!;
        Dictionary<string, long> curCounts = current.IsNumeric ? LabelCounts(current, reference.PandasInteger) : current.Text!;
        double nr = Math.Max(1, refCounts.Values.Sum()), nc = Math.Max(1, curCounts.Values.Sum());
        var all = refCounts.Keys.Union(curCounts.Keys)
            .Select(l => (Label: l, R: refCounts.GetValueOrDefault(l) / nr, C: curCounts.GetValueOrDefault(l) / nc)).ToArray();
        var shown = all.OrderByDescending(x => x.R + x.C).ThenBy(x => x.Label, StringComparer.Ordinal).Take(MaxCategoriesShown)
            .OrderBy(x => x.Label, StringComparer.Ordinal).ToArray();
        return (shown.Select(x => x.Label).ToArray(), shown.Select(x => x.R).ToArray(), shown.Select(x => x.C).ToArray(), all.Length);
    }

    private static Dictionary<string, long> LabelCounts(DriftColumn column, bool integerLabels)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (double v in column.Numbers.AsSpan(0, column.Count))
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, DriftComparison.Label(v == 0 ? 0.0 : v, integerLabels), out _)++;
        return counts;
    }
}
