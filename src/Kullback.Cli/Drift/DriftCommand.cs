using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Drift;

namespace Kullback.Cli.Drift;

/// <summary>
/// <c>kullback drift REFERENCE CURRENT</c>: column-by-column distribution shift with Evidently's default preset
/// (KS / Z / χ² for references ≤ 1,000 rows, Wasserstein/σ and Jensen–Shannon distance above), and a data-set verdict.
/// </summary>
public static class DriftCommand
{
    /// <summary>Exit code of <c>--fail-on-drift</c> when the data set drifts.</summary>
    public const int DriftExitCode = 3;

    /// <summary>Builds the <c>drift</c> verb.</summary>
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "REFERENCE and CURRENT (or CURRENT alone with --baseline): CSV with a header, 2-D .npy (columns named 0…k−1) or .parquet (int32/int64/float/double/string columns)", Arity = new ArgumentArity(1, 2) };
        var json = new Option<bool>("--json") { Description = "One JSON object instead of a table" };
        var columns = new Option<string?>("--columns") { Description = "Compare only these columns: A,B,…" };
        var method = new Option<string[]>("--method") { Description = $"COL=METHOD, overrides the preset for one column ({string.Join(", ", DriftMethods.All)}); repeatable" };
        var threshold = new Option<string[]>("--threshold") { Description = "COL=X, the column's threshold (p-value for ks/z/chisquare, distance otherwise); repeatable" };
        var share = new Option<double>("--drift-share") { Description = "The data set drifts when the share of drifted columns is ≥ this", DefaultValueFactory = _ => DriftPreset.DefaultDriftShare };
        var threads = new Option<int>("--threads") { Description = "Threads (default: all processors)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var bins = new Option<int>("--bins") { Description = "Reference-quantile bins of psi, kl, hellinger, total_variation on numeric columns", DefaultValueFactory = _ => BinnedDistances.DefaultBins };
        var correction = new Option<string>("--correction") { Description = "Adjust the test columns' p-values together: none, bh (Benjamini–Hochberg) or bonferroni", DefaultValueFactory = _ => "none" };
        var permutations = new Option<int>("--permutations") { Description = "N: give numeric distance columns a pooled permutation p-value (exact when the splits number ≤ N), drift when p < threshold (0.05)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the random permutations", DefaultValueFactory = _ => 0 };
        var failOnDrift = new Option<bool>("--fail-on-drift") { Description = $"Exit with code {DriftExitCode} when the data set drifts (for CI pipelines)" };
        var report = new Option<string?>("--report") { Description = "DIR: write an HTML report into this folder (summary, one row per column, reference and current distributions overlaid)" };
        var chunkSize = new Option<long?>("--chunk-size") { Description = "N: also compare each consecutive chunk of N rows of CURRENT with the reference (same methods and thresholds); adds \"chunks\"" };
        var baseline = new Option<string?>("--baseline") { Description = "FILE: compare CURRENT with a frozen baseline written by `kullback drift baseline` instead of a raw REFERENCE" };

        var cmd = new Command("drift", "Has CURRENT moved away from REFERENCE, column by column? Evidently's default drift preset, exact, with a data-set verdict.");
        cmd.Arguments.Add(files);
        foreach (var o in new Option[] { json, columns, method, threshold, share, threads, bins, correction, permutations, seed, failOnDrift, report, baseline, chunkSize }) cmd.Options.Add(o);
        cmd.Subcommands.Add(DriftBaselineCommand.Create());
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var paths = parse.GetValue(files)!;
            string? reportDir = parse.GetValue(report), baselineFile = parse.GetValue(baseline);
            OutputPaths.CheckFolder("--report", reportDir); // before any work: a bad path never costs a read of the data
            if (baselineFile is null && paths.Length != 2) throw new UsageException("give REFERENCE and CURRENT (or --baseline FILE CURRENT)");
            if (baselineFile is not null && paths.Length != 1) throw new UsageException("--baseline FILE takes the current data only: kullback drift --baseline FILE CURRENT");
            string referencePath = baselineFile ?? paths[0], currentPath = paths[^1];
            int t = parse.GetValue(threads);
            if (t < 1) throw new UsageException($"--threads {t}: must be ≥ 1");
            int b = parse.GetValue(bins);
            if (b < 2) throw new UsageException($"--bins {b}: must be ≥ 2");
            string corr = parse.GetValue(correction)!;
            if (corr is not ("none" or "bh" or "bonferroni")) throw new UsageException($"--correction {corr}: use none, bh or bonferroni");
            int perms = parse.GetValue(permutations);
            if (perms < 0) throw new UsageException($"--permutations {perms}: must be ≥ 1 (or 0: none)");
            double s = parse.GetValue(share);
            if (!(s > 0 && s <= 1)) throw new UsageException($"--drift-share {s}: must be in (0, 1]");
            long chunk = parse.GetValue(chunkSize) is long n ? n > 0 ? n : throw new UsageException($"--chunk-size {n}: must be a whole number of rows ≥ 1") : 0;
            var select = parse.GetValue(columns) is { } text ? text.Split(',', StringSplitOptions.TrimEntries) : null;
            if (select is not null && (select.Length == 0 || select.Any(c => c.Length == 0))) throw new UsageException("--columns: give names separated by commas");
            var methods = Pairs(parse.GetValue(method) ?? [], "--method", v =>
                DriftMethods.All.Contains(v) ? v : throw new UsageException($"--method: unknown method '{v}' (use {string.Join(", ", DriftMethods.All)})"));
            var thresholds = Pairs(parse.GetValue(threshold) ?? [], "--threshold", v =>
                double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && x > 0 && double.IsFinite(x)
                    ? x : throw new UsageException($"--threshold: '{v}' is not a positive number"));
            InputPaths.CheckFile(baselineFile is null ? "REFERENCE" : "--baseline", referencePath);
            InputPaths.CheckFile("CURRENT", currentPath);

            bool asJson = parse.GetValue(json);
            var settings = new DriftSettings(methods, thresholds, s, t, b, corr, perms, parse.GetValue(seed));
            bool show = DriftProgress.Shows(asJson, parse.InvocationConfiguration.Error, DriftProgress.ErrorIsTerminal());
            DriftChunk[]? chunks = null;
            var (reference, current, rows) = DriftProgress.Run(show, referencePath, currentPath, progress =>
            {
                DriftTable readReference()
                {
                    if (baselineFile is null) return DriftTable.Read(referencePath, select, progress.Reference);
                    var loaded = DriftTable.LoadBaseline(baselineFile, select);
                    if (reportDir is not null && loaded.Columns.FirstOrDefault(c => c.Sketch is not null) is { } sketched)
                        throw new InvalidDataException($"{baselineFile}: --report draws the reference's values, and column '{sketched.Name}' is kept as a quantile sketch (make the baseline with --exact for a report)");
                    progress.Reference(1);
                    return loaded;
                }
                DriftTable refTable = null!, curTable = null!;
                if (t >= 2)
                    Unwrapped(() => Parallel.Invoke(() => refTable = readReference(), () => curTable = DriftTable.Read(currentPath, select, progress.Current, chunk)));
                else
                {
                    refTable = readReference();
                    curTable = DriftTable.Read(currentPath, select, progress.Current, chunk);
                }
                progress.StartColumns(refTable.Columns.Length);
                DriftRow[] verdicts = null!;
                Unwrapped(() => verdicts = DriftComparison.Run(refTable, curTable, settings, progress.ColumnDone));
                if (chunk > 0) Unwrapped(() => chunks = DriftComparison.RunChunks(refTable, curTable, verdicts.Select(v => v.Result).ToArray(), settings, chunk));
                return (refTable, curTable, verdicts);
            });
            var summary = DriftPreset.Summarize(rows.Select(r => r.Result).ToArray(), s);
            string? page = reportDir is null ? null : DriftReport.Save(reportDir, reference, current, rows, summary, referencePath, chunks);
            if (asJson) WriteJson(output, rows, summary, reference.Rows, current.Rows, chunks);
            else
            {
                WriteTable(output, rows, summary, reference.Rows, current.Rows);
                if (chunks is not null) WriteChunks(output, chunks);
                if (page is not null) output.WriteLine($"report: {page}");
            }
            return summary.DatasetDrift && parse.GetValue(failOnDrift) ? DriftExitCode : ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>Runs parallel work and rethrows the first inner exception, so errors read as one line.</summary>
    private static void Unwrapped(Action work)
    {
        try
        {
            work();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
        }
    }

    private static Dictionary<string, T> Pairs<T>(string[] items, string option, Func<string, T> parse)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            int eq = item.LastIndexOf('=');
            if (eq <= 0 || eq == item.Length - 1) throw new UsageException($"{option} {item}: use COLUMN=VALUE");
            string col = item[..eq];
            if (!map.TryAdd(col, parse(item[(eq + 1)..]))) throw new UsageException($"{option}: column '{col}' is given twice");
        }
        return map;
    }

    private static string TypeName(ColumnType t) => t == ColumnType.Numeric ? "numeric" : "categorical";

    private static void WriteJson(TextWriter output, DriftRow[] rows, (int Drifted, double Share, bool DatasetDrift) summary, long refRows, long curRows, DriftChunk[]? chunks)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOut.LineOptions))
        {
            w.WriteStartObject();
            w.WriteStartArray("columns");
            foreach (var row in rows)
            {
                var r = row.Result;
                w.WriteStartObject();
                w.WriteString("name", r.Name);
                w.WriteString("type", TypeName(r.Type));
                w.WriteString("method", r.Method);
                JsonOut.WriteNumber(w, "statistic", r.Statistic);
                if (r.PValue is double p) JsonOut.WriteNumber(w, "p_value", p);
                else w.WriteNull("p_value");
                if (row.PValueAdjusted is double pa) JsonOut.WriteNumber(w, "p_value_adjusted", pa);
                JsonOut.WriteNumber(w, "threshold", r.Threshold);
                w.WriteBoolean("drift", r.Drift);
                w.WriteNumber("missing_reference", row.MissingReference);
                w.WriteNumber("missing_current", row.MissingCurrent);
                if (row.Approximation is not null) DriftSketchComparison.WriteJson(w, row);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("drifted_columns", summary.Drifted);
            JsonOut.WriteNumber(w, "share", summary.Share);
            w.WriteBoolean("dataset_drift", summary.DatasetDrift);
            w.WriteNumber("rows_reference", refRows);
            w.WriteNumber("rows_current", curRows);
            if (chunks is not null) WriteChunksJson(w, chunks);
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>The <c>"chunks"</c> array: per chunk its rows, every column's statistic, p-value and verdict, and the chunk's verdict.</summary>
    private static void WriteChunksJson(Utf8JsonWriter w, DriftChunk[] chunks)
    {
        w.WriteStartArray("chunks");
        for (int k = 0; k < chunks.Length; k++)
        {
            var chunk = chunks[k];
            w.WriteStartObject();
            w.WriteNumber("index", k);
            w.WriteNumber("row_start", chunk.RowStart);
            w.WriteNumber("row_end", chunk.RowEnd);
            w.WriteNumber("rows", chunk.RowEnd - chunk.RowStart);
            w.WriteStartArray("columns");
            foreach (var cell in chunk.Columns)
            {
                w.WriteStartObject();
                w.WriteString("name", cell.Name);
                if (cell.Result is { } r)
                {
                    JsonOut.WriteNumber(w, "statistic", r.Statistic);
                    if (r.PValue is double p) JsonOut.WriteNumber(w, "p_value", p);
                    else w.WriteNull("p_value");
                    if (cell.PValueAdjusted is double pa) JsonOut.WriteNumber(w, "p_value_adjusted", pa);
                    w.WriteBoolean("drift", r.Drift);
                }
                else
                {
                    w.WriteNull("statistic");
                    w.WriteNull("p_value");
                    w.WriteNull("drift");
                }
                w.WriteNumber("missing_current", cell.Missing);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("drifted_columns", chunk.Summary.Drifted);
            JsonOut.WriteNumber(w, "share", chunk.Summary.Share);
            w.WriteBoolean("dataset_drift", chunk.Summary.DatasetDrift);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>One line per chunk: its rows, how many columns drifted and which.</summary>
    private static void WriteChunks(TextWriter output, DriftChunk[] chunks)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine($"{chunks.Length} chunk{(chunks.Length == 1 ? "" : "s")} of current rows (each compared with the whole reference):");
        int width = chunks[^1].RowEnd.ToString(inv).Length;
        for (int k = 0; k < chunks.Length; k++)
        {
            var c = chunks[k];
            var drifted = c.Columns.Where(x => x.Result?.Drift == true).Select(x => x.Name).ToArray();
            var unjudged = c.Columns.Where(x => x.Result is null).Select(x => x.Name).ToArray();
            string rows = $"rows {c.RowStart.ToString(inv).PadLeft(width)}–{(c.RowEnd - 1).ToString(inv).PadLeft(width)}";
            string names = drifted.Length == 0 ? "" : $": {string.Join(", ", drifted)}";
            string empty = unjudged.Length == 0 ? "" : $" (no values, not judged: {string.Join(", ", unjudged)})";
            output.WriteLine($"chunk {k.ToString(inv).PadLeft(chunks.Length.ToString(inv).Length)}  {rows}  drift: {(c.Summary.DatasetDrift ? "yes" : "no "),-3}  {c.Summary.Drifted} of {c.Columns.Length - unjudged.Length} columns drifted (share {c.Summary.Share.ToString("G4", inv)}){names}{empty}");
        }
    }

    private static void WriteTable(TextWriter output, DriftRow[] rows, (int Drifted, double Share, bool DatasetDrift) summary, long refRows, long curRows)
    {
        var inv = CultureInfo.InvariantCulture;
        int width = Math.Max(6, rows.Max(r => r.Result.Name.Length));
        output.WriteLine($"{"column".PadRight(width)}  {"type",-11}  {"method",-13}  {"statistic",12}  {"p-value",12}  {"threshold",9}  {"drift",-5}  {"missing ref/cur"}");
        foreach (var row in rows)
        {
            var r = row.Result;
            string p = r.PValue is double pv ? pv.ToString("G6", inv) : "—";
            if (row.PValueAdjusted is double pa) p = pa.ToString("G6", inv) + "*";
            output.WriteLine($"{r.Name.PadRight(width)}  {TypeName(r.Type),-11}  {r.Method,-13}  {r.Statistic.ToString("G6", inv),12}  {p,12}  {r.Threshold.ToString("G4", inv),9}  {(r.Drift ? "yes" : "no"),-5}  {row.MissingReference}/{row.MissingCurrent}");
        }
        if (rows.Any(r => r.PValueAdjusted is not null)) output.WriteLine("* p-value after the --correction across the tested columns");
        if (DriftSketchComparison.Footnote(rows) is { } sketched) output.WriteLine(sketched);
        output.WriteLine($"{summary.Drifted} of {rows.Length} columns drifted (share {summary.Share.ToString("G4", inv)}); data set drift: {(summary.DatasetDrift ? "yes" : "no")}; rows: reference {refRows}, current {curRows}");
    }
}
