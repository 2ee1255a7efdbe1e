using System.CommandLine;
using System.Globalization;
using Kullback.Cli.Common;
using Kullback.Estimation;

namespace Kullback.Cli.Compare;

/// <summary>
/// <c>kullback compare A B</c>: KL, JS, PSI and entropies between two samples (CSV or NPY), and
/// <c>kullback compare --logits A.npy B.npy</c>: per-token KL between two models' logits.
/// </summary>
public static class CompareCommand
{
    /// <summary>Builds the <c>compare</c> verb.</summary>
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "A and B: CSV or .npy sample files; with --logits two logit files (tokens × vocab: .npy, .safetensors or llama.cpp --kl-divergence-base files); with --onnx two ONNX classifiers", Arity = new ArgumentArity(2, 2) };
        var logits = new Option<bool>("--logits") { Description = "Compare two models' logits per token: D(softmax(A)‖softmax(B)), A the reference" };
        var onnx = new Option<bool>("--onnx") { Description = "A and B are ONNX classifiers: run both over --data and compare their logits as --logits does, A the reference" };
        var tensor = new Option<string?>("--tensor") { Description = "With --logits: the tensor of a safetensors file that holds several" };
        var data = new Option<string?>("--data") { Description = "With --onnx: digits (bundled), a folder of IDX files, a CSV file, or a 2-D NPY array (label in the last column); every row is used" };
        var labelColumn = new Option<int>("--label-column") { Description = "With --onnx: 0-based CSV column of the label; negative counts from the end", DefaultValueFactory = _ => -1 };
        var onnxOptions = new OnnxOptions();
        var tokens = new Option<string?>("--tokens") { Description = "With --logits: .npy of int32/int64, the observed token of each row (adds ppl_a, ppl_b, delta_p)" };
        var threads = new Option<int>("--threads") { Description = "Threads (default: all processors)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var column = new Option<string[]>("--column") { Description = "Column NAME or 0-based INDEX (repeat for several numeric columns → kNN)" };
        var method = new Option<string>("--method") { Description = "auto | histogram | knn (auto: text → categorical, one numeric column → histogram, several → knn)", DefaultValueFactory = _ => "auto" };
        method.AcceptOnlyFromAmong("auto", "histogram", "knn");
        var bins = new Option<string>("--bins") { Description = "Histogram bins: fd (Freedman–Diaconis) | sturges | a count", DefaultValueFactory = _ => "fd" };
        var edges = new Option<string?>("--edges") { Description = "Histogram edges, comma-separated, strictly increasing (overrides --bins)" };
        var k = new Option<int>("--k") { Description = "Neighbour order of the kNN estimators", DefaultValueFactory = _ => 3 };
        var smoothing = new Option<string>("--smoothing") { Description = "none | laplace (α = 1) | jeffreys (α = ½) | α ≥ 0: pseudo-count added to every category or bin", DefaultValueFactory = _ => "none" };
        var millerMadow = new Option<bool>("--miller-madow") { Description = "Add the Miller–Madow bias correction (m − 1)/(2N) to categorical entropies" };
        var header = new Option<string>("--header") { Description = "CSV header: auto | yes | no", DefaultValueFactory = _ => "auto" };
        header.AcceptOnlyFromAmong("auto", "yes", "no");
        var bootstrap = new Option<int>("--bootstrap") { Description = "Percentile bootstrap intervals from N resamples (0: none)" };
        var confidence = new Option<double>("--confidence") { Description = "Interval level", DefaultValueFactory = _ => 0.95 };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap resampling" };
        var json = new Option<bool>("--json") { Description = "One JSON object instead of a table" };
        var report = new Option<string?>("--report") { Description = "Write an HTML report with both distributions overlaid into this folder (samples only)" };

        var cmd = new Command("compare", "Compare two distributions from data: D(A‖B), D(B‖A), JS, PSI, H(A), H(B) from samples, or per-token KL between two models' logits (--logits).");
        foreach (var a in new Argument[] { files }) cmd.Arguments.Add(a);
        foreach (var o in new Option[] { logits, onnx, tensor, data, labelColumn, tokens, threads, column, method, bins, edges, k, smoothing, millerMadow, header, bootstrap, confidence, seed, json, report })
            cmd.Options.Add(o);
        foreach (var o in onnxOptions.All) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            OutputPaths.CheckFolder("--report", parse.GetValue(report));
            var output = parse.InvocationConfiguration.Output;
            var paths = parse.GetValue(files)!;
            // After the options are checked (an option error is reported first), before any file is read.
            void CheckFiles()
            {
                InputPaths.CheckFile("A", paths[0]);
                InputPaths.CheckFile("B", paths[1]);
            }
            int t = parse.GetValue(threads);
            if (t < 1) throw new UsageException($"--threads {t}: must be ≥ 1");
            // An option given for the other mode or method is an error, never silently ignored (issue 10, item 19).
            bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
            if (parse.GetValue(onnx))
            {
                if (parse.GetValue(logits)) throw new UsageException("--onnx and --logits are two ways to give the models; choose one");
                if (parse.GetValue(report) is not null) throw new UsageException("--report draws sample distributions; it is not available with --onnx");
                if (parse.GetValue(tokens) is not null) throw new UsageException("--tokens needs --logits (with --onnx the data's labels are not tokens)");
                if (parse.GetValue(tensor) is not null) throw new UsageException("--tensor needs --logits");
                var dataSpec = parse.GetValue(data) ?? throw new UsageException("--onnx needs --data D: the rows both models run over");
                var layout = new Kullback.Learning.Data.CsvLayout(parse.GetValue(header) == "yes", parse.GetValue(labelColumn));
                CheckFiles();
                var modelA = onnxOptions.Open(parse, paths[0]);
                Kullback.Onnx.OnnxClassifier modelB;
                try { modelB = onnxOptions.Open(parse, paths[1]); }
                catch { modelA.Dispose(); throw; }
                return OnnxMode.Run(modelA, modelB, dataSpec, layout, t, parse.GetValue(json), output);
            }
            onnxOptions.RejectWithout(parse, "without --onnx");
            if (parse.GetValue(data) is not null) throw new UsageException("--data needs --onnx");
            if (parse.GetValue(logits))
            {
                if (parse.GetValue(report) is not null) throw new UsageException("--report draws sample distributions; it is not available with --logits");
                var samplesOnly = new Option[] { column, method, bins, edges, k, smoothing, millerMadow, header, bootstrap, confidence, seed }.Where(Given).ToList();
                if (samplesOnly.Count > 0)
                    throw new UsageException($"{string.Join(", ", samplesOnly.Select(o => o.Name))}: for samples; {(samplesOnly.Count == 1 ? "it does" : "they do")} not apply to --logits");
                CheckFiles();
                return LogitsMode.Run(paths[0], paths[1], parse.GetValue(tokens), parse.GetValue(tensor), t, parse.GetValue(json), output);
            }
            if (parse.GetValue(tensor) is not null) throw new UsageException("--tensor needs --logits");
            if (parse.GetValue(tokens) is not null) throw new UsageException("--tokens needs --logits");
            string chosen = parse.GetValue(method)!;
            if (chosen == "histogram" && Given(k)) throw new UsageException("--k is the neighbour order of --method knn; it does not apply to --method histogram");
            if (chosen == "knn" && (Given(bins) || Given(edges)))
                throw new UsageException($"{(Given(bins) ? "--bins" : "--edges")} shapes histograms; it does not apply to --method knn");
            int kk = parse.GetValue(k);
            if (kk < 1) throw new UsageException($"--k {kk}: must be ≥ 1");
            int boot = parse.GetValue(bootstrap);
            if (boot < 0 || boot == 1) throw new UsageException($"--bootstrap {boot}: must be 0 (none) or ≥ 2");
            if (boot == 0 && (Given(seed) || Given(confidence)))
                throw new UsageException($"{(Given(seed) ? "--seed" : "--confidence")} applies to bootstrap intervals; give --bootstrap N");
            Limits.AtMost("--bootstrap", boot, Limits.Bootstrap, "resamples; the interval keeps one value per resample");
            double level = parse.GetValue(confidence);
            if (!(level > 0 && level < 1)) throw new UsageException($"--confidence {level}: must be in (0, 1)");
            string binsText = parse.GetValue(bins)!;
            int binCount = 0;
            var rule = BinningRule.FreedmanDiaconis;
            if (binsText == "sturges") rule = BinningRule.Sturges;
            else if (binsText != "fd" && !(int.TryParse(binsText, NumberStyles.None, CultureInfo.InvariantCulture, out binCount) && binCount >= 1))
                throw new UsageException($"--bins {binsText}: use fd, sturges or a count ≥ 1");
            if (binCount > Histograms.MaxBins)
                throw new UsageException($"--bins {binsText}: at most {Histograms.MaxBins} bins (the cap of fd too)");
            var settings = new SampleSettings(Smoothing(parse.GetValue(smoothing)!), parse.GetValue(millerMadow), rule, binCount,
                Edges(parse.GetValue(edges)), kk);
            bool? hasHeader = parse.GetValue(header) switch { "yes" => true, "no" => false, _ => null };
            CheckFiles();
            return SamplesMode.Run(new SamplesRequest(paths[0], paths[1], parse.GetValue(column) ?? [], parse.GetValue(method)!, hasHeader,
                settings, binsText, boot, level, parse.GetValue(seed), parse.GetValue(json), parse.GetValue(report)), output);
        });
        return cmd;
    }

    private static double Smoothing(string text) => text switch
    {
        "none" => 0,
        "laplace" => PlugInEstimators.Laplace,
        "jeffreys" => PlugInEstimators.Jeffreys,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double a) && a >= 0 && double.IsFinite(a) => a,
        _ => throw new UsageException($"--smoothing {text}: use none, laplace, jeffreys or a number α ≥ 0"),
    };

    private static double[]? Edges(string? text)
    {
        if (text is null) return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var e = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out e[i]) || !double.IsFinite(e[i]))
                throw new UsageException($"--edges: edge {i} \"{parts[i]}\" is not a finite number");
        if (e.Length < 2) throw new UsageException("--edges: at least 2 edges are needed");
        for (int i = 1; i < e.Length; i++)
            if (!(e[i] > e[i - 1])) throw new UsageException($"--edges: edge {i} = {e[i]} is not above edge {i - 1} = {e[i - 1]}");
        return e;
    }
}
