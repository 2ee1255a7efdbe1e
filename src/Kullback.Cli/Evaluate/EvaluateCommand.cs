using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Cli.Train;
using Kullback.Learning.Data;
using Kullback.Learning.Models;
using Kullback.Learning.Training;

namespace Kullback.Cli.Evaluate;

/// <summary><c>kullback evaluate</c>: a saved model's CE = H + KL, accuracy and calibration on a data set.</summary>
public static class EvaluateCommand
{
    /// <summary>Builds the <c>evaluate</c> verb.</summary>
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "a model file written by `kullback train --save`" };
        var onnx = new Option<string?>("--onnx") { Description = "an ONNX classifier (float N × D features in, N × C logits or probabilities out), run by ONNX Runtime on the raw features" };
        var onnxOptions = new OnnxOptions();
        var data = new Option<string>("--data") { Description = "digits (bundled), a folder of IDX files, a CSV file, or a 2-D NPY array (label in the last column)", DefaultValueFactory = _ => "digits" };
        var header = new Option<bool>("--header") { Description = "the CSV's first line is a header" };
        var labelColumn = new Option<int>("--label-column") { Description = "0-based CSV column of the label; negative counts from the end", DefaultValueFactory = _ => -1 };
        var testFraction = new Option<double>("--test-fraction") { Description = "fraction of a CSV held out for testing (as at training)", DefaultValueFactory = _ => 0.2 };
        var seed = new Option<int>("--seed") { Description = "split seed of a CSV (as at training)" };
        var all = new Option<bool>("--all") { Description = "evaluate every row (train and test) instead of the test split" };
        var smoothing = new Option<double>("--label-smoothing") { Description = "ε: targets (1 − ε)·onehot + ε/C" };
        var threads = new Option<int>("--threads") { Description = "threads for the matrix products", DefaultValueFactory = _ => Environment.ProcessorCount };
        var temperature = new Option<string?>("--temperature") { Description = "calibration temperature T (a number or a file from `kullback calibrate --save`): metrics of softmax(z/T)" };
        var json = new Option<bool>("--json") { Description = "one JSON object" };
        var command = new Command("evaluate", "Measure a saved model on data: H(P,Q) = H(P) + D(P‖Q), accuracy, expected calibration error.")
        {
            model, onnx, data, header, labelColumn, testFraction, seed, all, smoothing, threads, temperature, json,
        };
        foreach (var o in onnxOptions.All) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            double eps = parse.GetValue(smoothing);
            if (!(eps >= 0 && eps < 1)) throw new UsageException($"--label-smoothing {eps}: must be in [0, 1)");
            int threadCount = parse.GetValue(threads);
            if (threadCount < 1) throw new UsageException($"--threads {threadCount}: must be ≥ 1");
            var temperatureText = parse.GetValue(temperature);
            double t = temperatureText is null ? 1 : Calibrate.CalibrateCommand.ParseTemperature(temperatureText, "--temperature");
            string? modelPath = parse.GetValue(model), onnxPath = parse.GetValue(onnx);
            if ((modelPath is null) == (onnxPath is null)) throw new UsageException("give the model to evaluate: --model FILE (from kullback train --save) or --onnx FILE.onnx");
            foreach (var splitOption in new Option[] { testFraction, seed })
                if (parse.GetValue(all) && parse.GetResult(splitOption) is { Implicit: false })
                    throw new UsageException($"{splitOption.Name} chooses the held-out rows; it does not apply with --all (every row is evaluated)");
            InputPaths.CheckFile("--onnx", onnxPath);
            if (onnxPath is not null)
                return RunOnnx(onnxOptions.Open(parse, onnxPath), parse.GetValue(data)!, new CsvLayout(parse.GetValue(header), parse.GetValue(labelColumn)),
                    parse.GetValue(testFraction), parse.GetValue(seed), parse.GetValue(all), eps, t, threadCount, parse.GetValue(json), output);
            onnxOptions.RejectWithout(parse, "with --model");
            InputPaths.CheckFile("--model", modelPath);
            var classifier = ModelFile.Load(modelPath!);
            var loaded = DataSource.Load(parse.GetValue(data)!, new CsvLayout(parse.GetValue(header), parse.GetValue(labelColumn)),
                parse.GetValue(testFraction), parse.GetValue(seed));
            var rows = parse.GetValue(all) ? Concat(loaded.Train, loaded.Test) : loaded.Test;
            if (rows.FeatureCount != classifier.Spec.Inputs)
                throw new InvalidDataException($"the model takes {classifier.Spec.Inputs} features, the data has {rows.FeatureCount}");
            if (rows.Classes > classifier.Spec.Classes)
                throw new InvalidDataException($"the model has {classifier.Spec.Classes} classes, the data has labels up to {rows.Classes - 1}");
            var m = ModelOverflow.Run(parse.GetValue(data)!, rows, () => classifier.Evaluate(rows, default, eps, threadCount, calibration: t));
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonOut.Object(w =>
                {
                    w.WriteString("model", classifier.Spec.KindName);
                    w.WriteString("architecture", classifier.Spec.Describe());
                    w.WriteNumber("members", classifier.Members.Count);
                    w.WriteNumber("rows", m.Rows);
                    JsonOut.WriteNumber(w, "accuracy", m.Accuracy);
                    JsonOut.WriteNumber(w, "cross_entropy", m.CrossEntropy);
                    JsonOut.WriteNumber(w, "entropy", m.Entropy);
                    JsonOut.WriteNumber(w, "kl", m.Divergence);
                    JsonOut.WriteNumber(w, "ece", m.CalibrationError);
                    JsonOut.WriteNumber(w, "temperature", t);
                }));
            }
            else
            {
                static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
                output.WriteLine($"{classifier.Spec.Describe()}{(classifier.Members.Count > 1 ? $" (ensemble of {classifier.Members.Count})" : "")} on {loaded.Description}{(parse.GetValue(all) ? ", all rows" : ", test rows")}{(t != 1 ? $", temperature T = {t:G10}" : "")}");
                output.WriteLine($"{m.Rows} rows: accuracy {F(m.Accuracy)}  cross-entropy {F(m.CrossEntropy)} = H(P) {F(m.Entropy)} + D(P‖Q) {F(m.Divergence)} nats  ECE {F(m.CalibrationError)}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static int RunOnnx(Kullback.Onnx.OnnxClassifier model, string data, CsvLayout layout, double testFraction, int seed,
        bool all, double eps, double t, int threadCount, bool json, TextWriter output)
    {
        using (model)
        {
            var loaded = DataSource.Load(data, layout, testFraction, seed);
            var rows = all ? Concat(loaded.Train, loaded.Test) : loaded.Test;
            var m = OnnxEvaluation.Measure(model, rows, eps, t, threadCount);
            if (json)
            {
                var buffer = new MemoryStream();
                using (var w = new Utf8JsonWriter(buffer, JsonOut.LineOptions))
                {
                    w.WriteStartObject();
                    w.WriteString("model", "onnx");
                    w.WriteString("file", model.FilePath);
                    w.WriteString("input", model.InputName);
                    w.WriteString("output", model.OutputName);
                    w.WriteString("outputs", model.Outputs == Kullback.Onnx.OnnxOutputs.Probabilities ? "probabilities" : "logits");
                    w.WriteNumber("classes", model.Classes);
                    w.WriteNumber("rows", m.Rows);
                    JsonOut.WriteNumber(w, "accuracy", m.Accuracy);
                    JsonOut.WriteNumber(w, "cross_entropy", m.CrossEntropy);
                    JsonOut.WriteNumber(w, "entropy", m.Entropy);
                    JsonOut.WriteNumber(w, "kl", m.Divergence);
                    JsonOut.WriteNumber(w, "ece", m.CalibrationError);
                    JsonOut.WriteNumber(w, "temperature", t);
                    w.WriteEndObject();
                }
                output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
            }
            else
            {
                static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
                output.WriteLine($"ONNX {model.FilePath} ({model.InputName} → {model.OutputName}, {model.Classes} classes) on {loaded.Description}{(all ? ", all rows" : ", test rows")}{(t != 1 ? $", temperature T = {t:G10}" : "")}");
                output.WriteLine($"{m.Rows} rows: accuracy {F(m.Accuracy)}  cross-entropy {F(m.CrossEntropy)} = H(P) {F(m.Entropy)} + D(P‖Q) {F(m.Divergence)} nats  ECE {F(m.CalibrationError)}");
            }
            return ExitCodes.Success;
        }
    }

    private static Dataset Concat(Dataset a, Dataset b) =>
        new([.. a.Features, .. b.Features], [.. a.Labels, .. b.Labels], a.FeatureCount, Math.Max(a.Classes, b.Classes), a.ImageHeight, a.ImageWidth, a.Name);
}
