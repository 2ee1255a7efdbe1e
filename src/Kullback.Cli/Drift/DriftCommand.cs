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
        var files = new Argument<string[]>("files") { Description = "REFERENCE and CURRENT: CSV with a header, or 2-D .npy (columns named 0…k−1)", Arity = new ArgumentArity(2, 2) };
        var json = new Option<bool>("--json") { Description = "One JSON object instead of a table" };
        var columns = new Option<string?>("--columns") { Description = "Compare only these columns: A,B,…" };
        var method = new Option<string[]>("--method") { Description = $"COL=METHOD, overrides the preset for one column ({string.Join(", ", DriftMethods.All)}); repeatable" };
        var threshold = new Option<string[]>("--threshold") { Description = "COL=X, the column's threshold (p-value for ks/z/chisquare, distance otherwise); repeatable" };
        var share = new Option<double>("--drift-share") { Description = "The data set drifts when the share of drifted columns is ≥ this", DefaultValueFactory = _ => DriftPreset.DefaultDriftShare };
        var threads = new Option<int>("--threads") { Description = "Threads (default: all processors)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var failOnDrift = new Option<bool>("--fail-on-drift") { Description = $"Exit with code {DriftExitCode} when the data set drifts (for CI pipelines)" };

        var cmd = new Command("drift", "Has CURRENT moved away from REFERENCE, column by column? Evidently's default drift preset, exact, with a data-set verdict.");
        cmd.Arguments.Add(files);
        foreach (var o in new Option[] { json, columns, method, threshold, share, threads, failOnDrift }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var paths = parse.GetValue(files)!;
            int t = parse.GetValue(threads);
            if (t < 1) throw new UsageException($"--threads {t}: must be ≥ 1");
            double s = parse.GetValue(share);
            if (!(s > 0 && s <= 1)) throw new UsageException($"--drift-share {s}: must be in (0, 1]");
            var select = parse.GetValue(columns) is { } text ? text.Split(',', StringSplitOptions.TrimEntries) : null;
            if (select is not null && (select.Length == 0 || select.Any(c => c.Length == 0))) throw new UsageException("--columns: give names separated by commas");
            var methods = Pairs(parse.GetValue(method) ?? [], "--method", v =>
                DriftMethods.All.Contains(v) ? v : throw new UsageException($"--method: unknown method '{v}' (use {string.Join(", ", DriftMethods.All)})"));
            var thresholds = Pairs(parse.GetValue(threshold) ?? [], "--threshold", v =>
                double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && x > 0 && double.IsFinite(x)
                    ? x : throw new UsageException($"--threshold: '{v}' is not a positive number"));
            foreach (var p in paths)
                if (!File.Exists(p)) throw new FileNotFoundException($"{p}: no such file", p);

            DriftTable reference = null!, current = null!;
            if (t >= 2)
                Unwrapped(() => Parallel.Invoke(() => reference = DriftTable.Read(paths[0], select), () => current = DriftTable.Read(paths[1], select)));
            else
            {
                reference = DriftTable.Read(paths[0], select);
                current = DriftTable.Read(paths[1], select);
            }
            DriftRow[] rows = null!;
            Unwrapped(() => rows = DriftComparison.Run(reference, current, new DriftSettings(methods, thresholds, s, t)));
            var summary = DriftPreset.Summarize(rows.Select(r => r.Result).ToArray(), s);
            if (parse.GetValue(json)) WriteJson(output, rows, summary, reference.Rows, current.Rows);
            else WriteTable(output, rows, summary, reference.Rows, current.Rows);
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

    private static void WriteJson(TextWriter output, DriftRow[] rows, (int Drifted, double Share, bool DatasetDrift) summary, long refRows, long curRows)
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
                JsonOut.WriteNumber(w, "threshold", r.Threshold);
                w.WriteBoolean("drift", r.Drift);
                w.WriteNumber("missing_reference", row.MissingReference);
                w.WriteNumber("missing_current", row.MissingCurrent);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("drifted_columns", summary.Drifted);
            JsonOut.WriteNumber(w, "share", summary.Share);
            w.WriteBoolean("dataset_drift", summary.DatasetDrift);
            w.WriteNumber("rows_reference", refRows);
            w.WriteNumber("rows_current", curRows);
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
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
            output.WriteLine($"{r.Name.PadRight(width)}  {TypeName(r.Type),-11}  {r.Method,-13}  {r.Statistic.ToString("G6", inv),12}  {p,12}  {r.Threshold.ToString("G4", inv),9}  {(r.Drift ? "yes" : "no"),-5}  {row.MissingReference}/{row.MissingCurrent}");
        }
        output.WriteLine($"{summary.Drifted} of {rows.Length} columns drifted (share {summary.Share.ToString("G4", inv)}); data set drift: {(summary.DatasetDrift ? "yes" : "no")}; rows: reference {refRows}, current {curRows}");
    }
}
