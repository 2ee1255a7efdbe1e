using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Cli.Train;
using Kullback.Learning.Calibration;
using Kullback.Learning.Models;
using Kullback.Learning.Training;

namespace Kullback.Cli.Calibrate;

/// <summary>
/// <c>kullback calibrate</c>: fits a temperature T on a fit set (NLL of softmax(z/T) minimised) and reports NLL,
/// accuracy, ECE (uniform and quantile bins), MCE, RMS-CE, classwise ECE and Brier on the evaluation set before and after.
/// </summary>
public static class CalibrateCommand
{
    /// <summary>Builds the <c>calibrate</c> verb.</summary>
    public static Command Create()
    {
        var logits = new Option<string?>("--logits") { Description = "logits (rows, classes) as a float NPY array" };
        var probabilities = new Option<string?>("--probabilities") { Description = "probabilities (rows, classes) as a float NPY array; rows must sum to 1" };
        var labels = new Option<string?>("--labels") { Description = "labels: NPY int32/int64, or CSV/text with one integer per line" };
        var model = new Option<string?>("--model") { Description = "a model file written by `kullback train --save` (logits from it on --data)" };
        var data = new Option<string>("--data") { Description = "with --model: digits, an IDX folder, a CSV or NPY table; its test rows are used", DefaultValueFactory = _ => "digits" };
        var header = new Option<bool>("--header") { Description = "the CSV's first line is a header" };
        var labelColumn = new Option<int>("--label-column") { Description = "0-based CSV column of the label; negative counts from the end", DefaultValueFactory = _ => -1 };
        var testFraction = new Option<double>("--test-fraction") { Description = "with --model on a CSV: fraction held out for testing (as at training)", DefaultValueFactory = _ => 0.2 };
        var fitFraction = new Option<double>("--fit-fraction") { Description = "fraction of the rows (seeded split) that fits T; the rest is evaluated", DefaultValueFactory = _ => 0.5 };
        var fitLogits = new Option<string?>("--fit-logits") { Description = "a separate fit set: logits NPY (then every input row is evaluated)" };
        var fitLabels = new Option<string?>("--fit-labels") { Description = "labels of --fit-logits" };
        var seed = new Option<int>("--seed") { Description = "seed of the fit/evaluation split (and of the CSV split with --model)" };
        var bins = new Option<int>("--bins") { Description = "confidence bins B", DefaultValueFactory = _ => CalibrationMetrics.DefaultBins };
        var bootstrap = new Option<int>("--bootstrap") { Description = "resamples for a 95% percentile interval of the ECE (0 = off)" };
        var save = new Option<string?>("--save") { Description = "write the fitted T to this file (read by evaluate/predict --temperature)" };
        var threads = new Option<int>("--threads") { Description = "threads for the model's matrix products", DefaultValueFactory = _ => Environment.ProcessorCount };
        var vector = new Option<bool>("--vector-scaling") { Description = "also fit vector scaling z′ = w ⊙ z + b (per class); \"after\" then reports it" };
        var report = new Option<string?>("--report") { Description = "write an HTML page with reliability diagrams before/after and the confidence histogram into this folder" };
        var json = new Option<bool>("--json") { Description = "one JSON object" };
        var command = new Command("calibrate", "Temperature scaling: fit T minimising the NLL of softmax(z/T); ECE, MCE, RMS-CE, classwise ECE, Brier before and after.")
        {
            logits, probabilities, labels, model, data, header, labelColumn, testFraction, fitFraction, fitLogits, fitLabels, seed, bins, bootstrap, save, threads, vector, report, json,
        };
        command.SetAction(parse =>
        {
            OutputPaths.CheckFile("--save", parse.GetValue(save));
            OutputPaths.CheckFolder("--report", parse.GetValue(report));
            int b = parse.GetValue(bins);
            if (b < 1) throw new UsageException($"--bins {b}: must be ≥ 1");
            Limits.AtMost("--bins", b, Limits.CalibrationBins, "confidence bins");
            int resamples = parse.GetValue(bootstrap);
            if (resamples != 0 && resamples < 2) throw new UsageException($"--bootstrap {resamples}: 0 (off) or ≥ 2");
            Limits.AtMost("--bootstrap", resamples, Limits.Bootstrap, "resamples; the interval keeps one ECE per resample");
            string? logitsPath = parse.GetValue(logits), probabilitiesPath = parse.GetValue(probabilities), modelPath = parse.GetValue(model);
            int sources = (logitsPath is null ? 0 : 1) + (probabilitiesPath is null ? 0 : 1) + (modelPath is null ? 0 : 1);
            if (sources != 1) throw new UsageException("give exactly one of --logits L.npy, --probabilities P.npy or --model M.kbm");
            string? labelsPath = parse.GetValue(labels);
            if (modelPath is null && labelsPath is null) throw new UsageException("--labels Y is needed with --logits or --probabilities");
            if (modelPath is not null && labelsPath is not null) throw new UsageException("--labels does not apply to --model: the labels come from --data");
            string? fitLogitsPath = parse.GetValue(fitLogits), fitLabelsPath = parse.GetValue(fitLabels);
            if ((fitLogitsPath is null) != (fitLabelsPath is null)) throw new UsageException("--fit-logits and --fit-labels go together");
            bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
            if (modelPath is null && new Option[] { data, header, labelColumn, testFraction, threads }.FirstOrDefault(Given) is { } modelOnly)
                throw new UsageException($"{modelOnly.Name} applies to --model (the logits it computes on --data); it does not apply to --logits or --probabilities");
            if (fitLogitsPath is not null && Given(fitFraction))
                throw new UsageException("--fit-fraction splits the input into fit and evaluation rows; with --fit-logits every input row is evaluated");
            double fraction = parse.GetValue(fitFraction);
            if (fitLogitsPath is null && !(fraction > 0 && fraction < 1)) throw new UsageException($"--fit-fraction {fraction}: must be in (0, 1)");
            bool vectorScaling = parse.GetValue(vector);
            if (vectorScaling && parse.GetValue(save) is not null) throw new UsageException("--save writes a temperature; it does not apply to --vector-scaling");
            int threadCount = parse.GetValue(threads);
            if (threadCount < 1) throw new UsageException($"--threads {threadCount}: must be ≥ 1");

            double[] z;
            int rows, classes;
            int[] y;
            string source;
            if (modelPath is not null)
            {
                InputPaths.CheckFile("--model", modelPath);
                var classifier = ModelFile.Load(modelPath);
                var loaded = DataSource.Load(parse.GetValue(data)!, new Kullback.Learning.Data.CsvLayout(parse.GetValue(header), parse.GetValue(labelColumn)),
                    parse.GetValue(testFraction), parse.GetValue(seed));
                var test = loaded.Test;
                if (test.FeatureCount != classifier.Spec.Inputs)
                    throw new InvalidDataException($"the model takes {classifier.Spec.Inputs} features, the data has {test.FeatureCount}");
                z = ModelOverflow.Run(parse.GetValue(data)!, test, () =>
                {
                    var logitsOfModel = classifier.Logits(test.Features, threadCount);
                    ModelOverflow.CheckRows(logitsOfModel, classifier.Spec.Classes);
                    return logitsOfModel;
                });
                rows = test.Rows;
                classes = classifier.Spec.Classes;
                y = test.Labels;
                source = $"{classifier.Spec.Describe()} on {loaded.Description}, test rows";
            }
            else
            {
                bool fromProbabilities = probabilitiesPath is not null;
                var path = (logitsPath ?? probabilitiesPath)!;
                (z, rows, classes) = CalibrationInputs.ReadMatrix(path, fromProbabilities ? "--probabilities" : "--logits");
                y = CalibrationInputs.ReadLabels(labelsPath!, "--labels");
                if (y.Length != rows) throw new InvalidDataException($"row counts differ: {path} has {rows} rows, {labelsPath} {y.Length} labels");
                if (fromProbabilities)
                {
                    CalibrationInput.CheckProbabilities(z, rows, classes, path);
                    for (int i = 0; i < z.Length; i++) z[i] = Math.Log(z[i]);   // log q as logits: softmax(log q) = q
                }
                else CalibrationInput.CheckLogits(z, rows, classes, path);
                source = $"{path} ({rows} rows × {classes} classes)";
            }
            CalibrationInput.CheckLabels(y, classes, labelsPath ?? "labels");

            double[] fitZ, evalZ;
            int[] fitY, evalY;
            if (fitLogitsPath is not null)
            {
                var (fz, frows, fclasses) = CalibrationInputs.ReadMatrix(fitLogitsPath, "--fit-logits");
                if (fclasses != classes) throw new InvalidDataException($"{fitLogitsPath}: {fclasses} classes, the evaluation set has {classes}");
                var fy = CalibrationInputs.ReadLabels(fitLabelsPath!, "--fit-labels");
                if (fy.Length != frows) throw new InvalidDataException($"row counts differ: {fitLogitsPath} has {frows} rows, {fitLabelsPath} {fy.Length} labels");
                CalibrationInput.CheckLogits(fz, frows, classes, fitLogitsPath);
                CalibrationInput.CheckLabels(fy, classes, fitLabelsPath!);
                (fitZ, fitY, evalZ, evalY) = (fz, fy, z, y);
            }
            else (fitZ, fitY, evalZ, evalY) = Split(z, y, classes, fraction, parse.GetValue(seed));

            var fit = TemperatureScaling.Fit(fitZ, classes, fitY);
            var before = Measure(evalZ, classes, evalY, 1, b, resamples, parse.GetValue(seed));
            VectorScalingFit? vfit = vectorScaling ? VectorScaling.Fit(fitZ, classes, fitY) : null;
            var after = vfit is null ? Measure(evalZ, classes, evalY, fit.Temperature, b, resamples, parse.GetValue(seed))
                : Measure(VectorScaling.Apply(evalZ, vfit.Scale, vfit.Bias), classes, evalY, 1, b, resamples, parse.GetValue(seed));
            var savePath = parse.GetValue(save);
            if (savePath is not null) File.WriteAllText(savePath, fit.Temperature.ToString("R", CultureInfo.InvariantCulture) + "\n");
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) WriteJson(output, fit, vfit, fitY.Length, before, after);
            else WriteTable(output, source, fit, vfit, fitY.Length, before, after, savePath);
            if (parse.GetValue(report) is { } dir)
            {
                var index = CalibrationReport.Write(dir, source, fit.Temperature, before.Summary, after.Summary, vfit is not null);
                if (!parse.GetValue(json)) output.WriteLine($"report: {index}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The largest temperature file read (one number and a newline fit many times over).</summary>
    internal const int MaxTemperatureFileBytes = 4096;

    /// <summary>Reads a temperature: a number, or a file written by <c>calibrate --save</c>.</summary>
    public static double ParseTemperature(string text, string option)
    {
        string value = text.Trim();
        if (File.Exists(text))
        {
            // A temperature file holds one number: a large file is not one (and is never read whole).
            long length = new FileInfo(text).Length;
            if (length > MaxTemperatureFileBytes)
                throw new UsageException($"{option} {text}: {length} bytes; a temperature file (from `kullback calibrate --save`) holds one number");
            value = File.ReadAllText(text).Trim();
        }
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double t) || !(t > 0) || !double.IsFinite(t))
            throw new UsageException($"{option} {text}: {(Directory.Exists(text) ? "is a folder; " : "")}expected a temperature T > 0 or a file written by `kullback calibrate --save`");
        return t;
    }

    /// <summary>Splits rows (seeded), fits T on the fit part and summarises the rest before and after.</summary>
    internal static (TemperatureFit Fit, CalibrationSummary Before, CalibrationSummary After, int FitRows) FitAndMeasure(double[] z, int[] y, int classes, double fraction, int seed, int bins)
    {
        var (fz, fy, ez, ey) = Split(z, y, classes, fraction, seed);
        var fit = TemperatureScaling.Fit(fz, classes, fy);
        return (fit, Measure(ez, classes, ey, 1, bins, 0, seed).Summary, Measure(ez, classes, ey, fit.Temperature, bins, 0, seed).Summary, fy.Length);
    }

    internal sealed record Evaluation(CalibrationSummary Summary, Kullback.Estimation.ConfidenceInterval? Interval);

    private static Evaluation Measure(double[] z, int classes, int[] y, double temperature, int bins, int resamples, int seed)
    {
        var q = CalibrationInput.Softmax(z, classes, temperature);
        var summary = CalibrationMetrics.Summarise(q, classes, y, bins, TemperatureScaling.NegativeLogLikelihood(z, classes, y, temperature));
        if (resamples == 0) return new Evaluation(summary, null);
        var conf = new double[y.Length];
        var hit = new double[y.Length];
        TopLabel.Of(q, classes, y, conf, hit);
        return new Evaluation(summary, CalibrationMetrics.ExpectedCalibrationErrorInterval(conf, hit, bins, resamples, 0.95, seed));
    }

    /// <summary>Seeded split: a Fisher–Yates shuffle of the row order; the first ⌈F·n⌉ rows (at least 1, at most n − 1) fit T.</summary>
    private static (double[], int[], double[], int[]) Split(double[] z, int[] y, int classes, double fraction, int seed)
    {
        int n = y.Length;
        if (n < 2) throw new InvalidDataException($"{n} row: at least 2 are needed to split into fit and evaluation sets");
        var order = Enumerable.Range(0, n).ToArray();
        var rng = new Random(seed);
        for (int i = n - 1; i > 0; i--) { int j = rng.Next(i + 1); (order[i], order[j]) = (order[j], order[i]); }
        int fitRows = Math.Clamp((int)Math.Ceiling(fraction * n), 1, n - 1);
        (double[], int[]) Take(ReadOnlySpan<int> idx)
        {
            var zz = new double[idx.Length * classes];
            var yy = new int[idx.Length];
            for (int i = 0; i < idx.Length; i++)
            {
                z.AsSpan(idx[i] * classes, classes).CopyTo(zz.AsSpan(i * classes));
                yy[i] = y[idx[i]];
            }
            return (zz, yy);
        }
        var (fz, fy) = Take(order.AsSpan(0, fitRows));
        var (ez, ey) = Take(order.AsSpan(fitRows));
        return (fz, fy, ez, ey);
    }

    private static void WriteJson(TextWriter output, TemperatureFit fit, VectorScalingFit? vfit, int fitRows, Evaluation before, Evaluation after)
    {
        output.WriteLine(JsonOut.Object(w =>
        {
            JsonOut.WriteNumber(w, "temperature", fit.Temperature);
            JsonOut.WriteNumber(w, "accuracy", before.Summary.Accuracy);
            w.WriteNumber("rows", before.Summary.Rows);
            w.WriteNumber("fit_rows", fitRows);
            JsonOut.WriteNumber(w, "fit_nll_before", fit.NllBefore);
            JsonOut.WriteNumber(w, "fit_nll_after", fit.NllAfter);
            w.WriteString("method", vfit is null ? "temperature" : "vector");
            if (vfit is not null)
            {
                JsonOut.WriteNumber(w, "fit_nll_vector", vfit.NllAfter);
                JsonOut.WriteNumber(w, "accuracy_after", after.Summary.Accuracy);   // vector scaling can move the argmax
                w.WriteStartArray("scale");
                foreach (var v in vfit.Scale) JsonOut.WriteNumberValue(w, v);
                w.WriteEndArray();
                w.WriteStartArray("bias");
                foreach (var v in vfit.Bias) JsonOut.WriteNumberValue(w, v);
                w.WriteEndArray();
            }
            WriteMetrics(w, "before", before);
            WriteMetrics(w, "after", after);
        }));
    }

    private static void WriteMetrics(Utf8JsonWriter w, string name, Evaluation e)
    {
        var m = e.Summary;
        w.WriteStartObject(name);
        JsonOut.WriteNumber(w, "nll", m.NegativeLogLikelihood);
        JsonOut.WriteNumber(w, "ece", m.ExpectedCalibrationError);
        JsonOut.WriteNumber(w, "ece_quantile", m.QuantileCalibrationError);
        JsonOut.WriteNumber(w, "mce", m.MaximumCalibrationError);
        JsonOut.WriteNumber(w, "rms_ce", m.RootMeanSquareCalibrationError);
        JsonOut.WriteNumber(w, "classwise_ece", m.ClasswiseCalibrationError);
        JsonOut.WriteNumber(w, "brier", m.Brier);
        JsonOut.WriteNumber(w, "debiased_ce", m.DebiasedCalibrationError);
        JsonOut.WriteNumber(w, "top_label_brier", m.BrierTerms.TopLabelBrier);
        JsonOut.WriteNumber(w, "brier_reliability", m.BrierTerms.Reliability);
        JsonOut.WriteNumber(w, "brier_resolution", m.BrierTerms.Resolution);
        JsonOut.WriteNumber(w, "brier_uncertainty", m.BrierTerms.Uncertainty);
        if (e.Interval is { } ci)
        {
            w.WriteStartArray("ece_interval");
            w.WriteNumberValue(ci.Lower);
            w.WriteNumberValue(ci.Upper);
            w.WriteEndArray();
        }
        w.WriteStartArray("bins");
        foreach (var bin in m.Bins)
        {
            w.WriteStartObject();
            w.WriteNumber("lo", bin.Lo);
            w.WriteNumber("hi", bin.Hi);
            w.WriteNumber("rows", bin.Rows);
            w.WriteNumber("accuracy", bin.Accuracy);
            w.WriteNumber("confidence", bin.Confidence);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTable(TextWriter output, string source, TemperatureFit fit, VectorScalingFit? vfit, int fitRows, Evaluation before, Evaluation after, string? savePath)
    {
        static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
        output.WriteLine($"calibrating {source}");
        output.WriteLine($"temperature T = {fit.Temperature.ToString("G10", CultureInfo.InvariantCulture)} (fit on {fitRows} rows: NLL {F(fit.NllBefore)} → {F(fit.NllAfter)}); evaluated on {before.Summary.Rows} rows, accuracy {F(before.Summary.Accuracy)} (unchanged by T)");
        if (vfit is not null)
            output.WriteLine($"vector scaling z′ = w ⊙ z + b (fit NLL {F(vfit.NllAfter)}); \"after\" below is vector scaling: w = [{string.Join(", ", vfit.Scale.Select(F))}], b = [{string.Join(", ", vfit.Bias.Select(F))}]");
        output.WriteLine($"  {"metric",-22} {"before",10} {"after",10}");
        void Row(string name, double a, double b) => output.WriteLine($"  {name,-22} {F(a),10} {F(b),10}");
        var (x, y) = (before.Summary, after.Summary);
        if (vfit is not null) Row("accuracy", x.Accuracy, y.Accuracy);
        Row("NLL = H + KL (nats)", x.NegativeLogLikelihood, y.NegativeLogLikelihood);
        Row($"ECE ({x.Bins.Count} uniform bins)", x.ExpectedCalibrationError, y.ExpectedCalibrationError);
        Row("ECE (quantile bins)", x.QuantileCalibrationError, y.QuantileCalibrationError);
        Row("MCE", x.MaximumCalibrationError, y.MaximumCalibrationError);
        Row("RMS-CE", x.RootMeanSquareCalibrationError, y.RootMeanSquareCalibrationError);
        Row("debiased RMS-CE", x.DebiasedCalibrationError, y.DebiasedCalibrationError);
        Row("classwise ECE", x.ClasswiseCalibrationError, y.ClasswiseCalibrationError);
        Row("Brier", x.Brier, y.Brier);
        Row("  top-label Brier", x.BrierTerms.TopLabelBrier, y.BrierTerms.TopLabelBrier);
        Row("  reliability", x.BrierTerms.Reliability, y.BrierTerms.Reliability);
        Row("  resolution", x.BrierTerms.Resolution, y.BrierTerms.Resolution);
        Row("  uncertainty", x.BrierTerms.Uncertainty, y.BrierTerms.Uncertainty);
        if (before.Interval is { } bi && after.Interval is { } ai)
            output.WriteLine($"  ECE 95% bootstrap ({bi.Resamples}):  before [{F(bi.Lower)}, {F(bi.Upper)}]  after [{F(ai.Lower)}, {F(ai.Upper)}]");
        if (savePath is not null) output.WriteLine($"temperature saved: {savePath}");
    }
}
