using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Estimation;
using Kullback.Measures;

namespace Kullback.Cli.Mi;

/// <summary>
/// <c>kullback mi DATA --target COLUMN</c>: ranks every feature by Î(feature; target) — KSG, Ross or the discrete
/// estimators as scikit-learn's mutual_info_regression / mutual_info_classif choose them — with optional
/// conditioning (Frenzel–Pompe) and permutation p-values.
/// </summary>
public static class MiCommand
{
    /// <summary>Integer-valued columns with at most this many distinct values are discrete under <c>auto</c>.</summary>
    public const int AutoDiscreteLimit = 20;

    /// <summary>Builds the <c>mi</c> verb.</summary>
    public static Command Create()
    {
        var data = new Argument<string>("data") { Description = "CSV with a header, or a 2-D .npy (columns named 0…k−1)" };
        var target = new Option<string>("--target") { Description = "The target column (name, or 0-based index)", Required = true };
        var k = new Option<int>("--k") { Description = "Neighbours of the kNN estimators (scikit-learn's n_neighbors)", DefaultValueFactory = _ => 3 };
        var discrete = new Option<string>("--discrete-features") { Description = $"auto (text, or integers with ≤ {AutoDiscreteLimit} values), all, none, or A,B,… (scikit-learn's discrete_features)", DefaultValueFactory = _ => "auto" };
        var task = new Option<string>("--task") { Description = "auto, classification (discrete target) or regression (continuous target)", DefaultValueFactory = _ => "auto" };
        var given = new Option<string?>("--given") { Description = "Condition on this continuous column: I(feature; target | given) by Frenzel–Pompe" };
        var permutations = new Option<int>("--permutations") { Description = "Shuffles of the target for a permutation p-value per feature (0: none)", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the permutations", DefaultValueFactory = _ => 0 };
        var estimator = new Option<string>("--discrete-estimator") { Description = "Discrete feature vs discrete target: plugin (scikit-learn's), miller_madow or chao_shen", DefaultValueFactory = _ => "plugin" };
        var sklearn = new Option<bool>("--sklearn-compatible") { Description = "scikit-learn's preprocessing: continuous columns scaled to unit population std (no centring), estimates clipped at 0 (its 1e-10 noise is not added)" };
        var dropMissing = new Option<bool>("--drop-missing") { Description = "Leave out rows with a missing cell in a used column (else such a cell is an error)" };
        var logBase = new Option<string?>("--base") { Description = "Unit: e (nats, default), 2 (bits), 10 (bans)" };
        var threads = new Option<int>("--threads") { Description = "Threads (default: all processors)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "One JSON object instead of a table" };

        var cmd = new Command("mi", "Rank features by mutual information with a target, estimated from samples (KSG, Ross, plug-in; scikit-learn's mutual_info_classif/regression).");
        cmd.Arguments.Add(data);
        foreach (var o in new Option[] { target, k, discrete, task, given, permutations, seed, estimator, sklearn, dropMissing, logBase, threads, json }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            InputPaths.CheckFile("DATA", parse.GetValue(data));
            Limits.AtMost("--permutations", parse.GetValue(permutations), Limits.Permutations, "shuffles of the target per feature");
            var request = new MiRequest(
                parse.GetValue(data)!, parse.GetValue(target)!, parse.GetValue(k), parse.GetValue(discrete)!, parse.GetValue(task)!,
                parse.GetValue(given), parse.GetValue(permutations), parse.GetValue(seed), parse.GetValue(estimator)!,
                parse.GetValue(sklearn), parse.GetValue(dropMissing), LogBaseOption.Parse(parse.GetValue(logBase)), parse.GetValue(threads));
            var report = MiAnalysis.Run(request);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) WriteJson(output, report);
            else WriteTable(output, report);
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static void WriteJson(TextWriter output, MiReport report)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOut.LineOptions))
        {
            w.WriteStartObject();
            w.WriteString("target", report.Target);
            w.WriteString("task", report.Task);
            if (report.Given is not null) w.WriteString("given", report.Given);
            w.WriteStartArray("features");
            foreach (var f in report.Features)
            {
                w.WriteStartObject();
                w.WriteString("name", f.Name);
                w.WriteString("kind", f.Kind);
                w.WriteString("estimator", f.Score.Estimator);
                JsonOut.WriteNumber(w, "mi", report.Unit.FromNats(f.Score.MutualInformation));
                w.WriteNumber("rank", f.Rank);
                if (f.Score.PValue is double p) JsonOut.WriteNumber(w, "p_value", p);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("unit", report.Unit.Name);
            w.WriteNumber("k", report.K);
            w.WriteNumber("rows", report.Rows);
            w.WriteBoolean("sklearn_compatible", report.SklearnCompatible);
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteTable(TextWriter output, MiReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        bool p = report.Features.Any(f => f.Score.PValue is not null);
        int width = Math.Max(7, report.Features.Max(f => f.Name.Length));
        string what = report.Given is null ? $"I(feature; {report.Target})" : $"I(feature; {report.Target} | {report.Given})";
        output.WriteLine($"{what} in {report.Unit.Name}: {report.Task} ({report.TaskSource}), k = {report.K}, {report.Rows} rows{(report.SklearnCompatible ? ", scikit-learn-compatible" : "")}");
        output.WriteLine($"{"rank",4}  {"feature".PadRight(width)}  {"kind",-10}  {"estimator",-13}  {"mi",12}{(p ? $"  {"p-value",9}" : "")}");
        foreach (var f in report.Features)
        {
            string pv = f.Score.PValue is double v ? $"  {v.ToString("G4", inv),9}" : "";
            output.WriteLine($"{f.Rank,4}  {f.Name.PadRight(width)}  {f.Kind,-10}  {f.Score.Estimator,-13}  {report.Unit.FromNats(f.Score.MutualInformation).ToString("G6", inv),12}{pv}");
        }
        if (report.Features.Any(f => f.Score.MutualInformation < 0))
            output.WriteLine("note: estimates below 0 are sampling noise around 0 (no detectable dependence); --sklearn-compatible clips them to 0");
    }
}
