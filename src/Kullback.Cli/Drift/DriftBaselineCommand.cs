using System.CommandLine;
using System.Globalization;
using Kullback.Cli.Common;

namespace Kullback.Cli.Drift;

/// <summary>
/// <c>kullback drift baseline REFERENCE --out FILE</c> freezes a reference (every column's sorted numbers or category
/// counts, missing cells, kind, row count) so that <c>kullback drift --baseline FILE CURRENT</c> needs only the current
/// data and gives exactly the result of the raw comparison; a numeric column of more than <c>--sketch-above</c>
/// (1,000,000) values is kept as a quantile sketch with a proven rank-error bound instead. <c>kullback drift baseline
/// --merge A B … --out FILE</c> merges baselines of partitions of one table.
/// </summary>
public static class DriftBaselineCommand
{
    /// <summary>Builds the <c>drift baseline</c> verb.</summary>
    public static Command Create()
    {
        var input = new Argument<string?>("reference") { Description = "REFERENCE: CSV with a header, 2-D .npy or .parquet (omit with --merge)", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string>("--out") { Description = "The baseline file to write", Required = true };
        var merge = new Option<string[]>("--merge") { Description = "Merge these baselines of partitions of one table (A B …) into one", AllowMultipleArgumentsPerToken = true };
        var columns = new Option<string?>("--columns") { Description = "Keep only these columns: A,B,…" };
        var sketchAbove = new Option<long>("--sketch-above") { Description = "N: keep a numeric column of more than N values as a quantile sketch (rank error ≤ its stated bound) instead of all its numbers", DefaultValueFactory = _ => DriftTable.DefaultSketchAbove };
        var capacity = new Option<int>("--sketch-k") { Description = "K: a sketch's level capacity (larger: smaller rank error, larger file; default 8192)", DefaultValueFactory = _ => Kullback.Drift.QuantileSketch.DefaultCapacity };
        var exact = new Option<bool>("--exact") { Description = "Keep every numeric column's numbers, however many (no sketch)" };
        var cmd = new Command("baseline", "Freeze a reference for later `kullback drift --baseline FILE CURRENT` runs, or merge partition baselines (--merge).");
        cmd.Arguments.Add(input);
        foreach (var o in new Option[] { output, merge, columns, sketchAbove, capacity, exact }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            string outPath = parse.GetValue(output)!;
            OutputPaths.CheckFile("--out", outPath); // before any work
            long above = parse.GetValue(sketchAbove);
            if (above < 1) throw new UsageException($"--sketch-above {above}: must be ≥ 1");
            int k = parse.GetValue(capacity);
            if (k < 2) throw new UsageException($"--sketch-k {k}: must be ≥ 2");
            if (parse.GetValue(exact))
            {
                if (parse.GetResult(sketchAbove) is { Implicit: false }) throw new UsageException("give --exact or --sketch-above N, not both");
                above = long.MaxValue;
            }
            string? reference = parse.GetValue(input);
            var parts = parse.GetValue(merge) ?? [];
            if ((reference is null) == (parts.Length == 0)) throw new UsageException("give a REFERENCE table or --merge A B …, not both");
            var select = parse.GetValue(columns) is { } text ? text.Split(',', StringSplitOptions.TrimEntries) : null;
            if (select is not null && (select.Length == 0 || select.Any(c => c.Length == 0))) throw new UsageException("--columns: give names separated by commas");
            foreach (var p in reference is null ? parts : new[] { reference })
                if (!File.Exists(p)) throw new FileNotFoundException($"{p}: no such file", p);
            var full = Path.GetFullPath(outPath);
            if (parts.Any(p => Path.GetFullPath(p) == full)) throw new UsageException($"--out {outPath}: is one of the --merge inputs; write the merged baseline to a new file");
            // A sketched baseline streams its large columns into their sketches (the same bytes as sketching them in memory).
            var table = reference is not null
                ? above == long.MaxValue ? DriftTable.Read(reference, select) : DriftTable.ReadSketched(reference, select, above, k)
                : DriftTable.MergeBaselines(parts.Select(p => DriftTable.LoadBaseline(p, select)).ToArray(), outPath);
            table.SketchColumnsAbove(above, k);
            table.SaveBaseline(outPath);
            var sketched = table.Columns.Where(c => c.Sketch is not null).ToArray();
            string sketches = sketched.Length == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
                $"; {sketched.Length} column{(sketched.Length == 1 ? "" : "s")} kept as quantile sketches (rank error ≤ {sketched.Max(c => c.Sketch!.NormalizedRankError):G4} of the values)");
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"baseline of {table.Rows} rows × {table.Columns.Length} columns{(parts.Length > 0 ? $" (merged from {parts.Length} baselines)" : "")} written to {outPath}{sketches}"));
            return ExitCodes.Success;
        });
        return cmd;
    }
}
