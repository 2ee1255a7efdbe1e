using System.CommandLine;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Learning.Data;
using Kullback.Learning.Models;
using Kullback.Learning.Training;

namespace Kullback.Cli.Train;

/// <summary>
/// <c>kullback train</c>: fit Q(y | x) to P by minimising D(P‖Q) (or H(P,Q)); report CE = H + KL, accuracy and
/// calibration on train and test every epoch.
/// </summary>
public static class TrainCommand
{
    /// <summary>Builds the <c>train</c> verb.</summary>
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "digits (bundled), a folder of IDX files, a CSV file, or a 2-D NPY array (label in the last column)", DefaultValueFactory = _ => "digits" };
        var header = new Option<bool>("--header") { Description = "the CSV's first line is a header" };
        var labelColumn = new Option<int>("--label-column") { Description = "0-based CSV column of the label; negative counts from the end", DefaultValueFactory = _ => -1 };
        var testFraction = new Option<double>("--test-fraction") { Description = "fraction of a CSV held out for testing", DefaultValueFactory = _ => 0.2 };
        var scale = new Option<string?>("--scale") { Description = "feature scaling: global (min–max over all cells), column, none; default global for CSV, none for IDX" };
        scale.AcceptOnlyFromAmong("global", "column", "none");
        var model = new Option<string>("--model") { Description = "softmax, logistic (two classes) or mlp", DefaultValueFactory = _ => "softmax" };
        model.AcceptOnlyFromAmong("softmax", "logistic", "mlp");
        var hidden = new Option<string>("--hidden") { Description = "MLP hidden sizes, comma-separated", DefaultValueFactory = _ => "256" };
        var optimizer = new Option<string>("--optimizer") { Description = "adam or sgd (with momentum)", DefaultValueFactory = _ => "adam" };
        optimizer.AcceptOnlyFromAmong("adam", "sgd");
        var lr = new Option<double>("--lr") { Description = "learning rate", DefaultValueFactory = _ => 0.02 };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum", DefaultValueFactory = _ => 0.9 };
        var weightDecay = new Option<double>("--weight-decay") { Description = "L2 weight decay λ (added to the gradient as λ·θ)" };
        var batchSize = new Option<int>("--batch-size") { Description = "rows per mini-batch", DefaultValueFactory = _ => 32 };
        var epochs = new Option<int>("--epochs") { Description = "passes over the training data", DefaultValueFactory = _ => 20 };
        var threads = new Option<int>("--threads") { Description = "threads for the matrix products", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<int>("--seed") { Description = "seed of the split, initialisation and shuffles" };
        var objective = new Option<string>("--objective") { Description = "kl: D(P‖Q), or ce: H(P,Q) = H(P) + D(P‖Q); same gradient", DefaultValueFactory = _ => "kl" };
        objective.AcceptOnlyFromAmong("kl", "ce");
        var smoothing = new Option<double>("--label-smoothing") { Description = "ε: targets (1 − ε)·onehot + ε/C, so H(P) > 0" };
        var teacher = new Option<string?>("--teacher") { Description = "a saved model whose softmax(t/T) become the targets (distillation)" };
        var temperature = new Option<double>("--temperature") { Description = "distillation temperature T; loss D(P_T‖Q_T)·T²", DefaultValueFactory = _ => 1 };
        var validation = new Option<double>("--validation") { Description = "fraction of the training rows held out for early stopping (0 = off)" };
        var patience = new Option<int>("--patience") { Description = "epochs without a better validation cross-entropy before stopping", DefaultValueFactory = _ => 3 };
        var ensemble = new Option<int>("--ensemble") { Description = "train M models (seeds seed … seed+M−1) and average them; splits uncertainty", DefaultValueFactory = _ => 1 };
        var save = new Option<string?>("--save") { Description = "write the trained model to this file; a name ending in .onnx writes an ONNX graph (opset 13, raw features in, logits out)" };
        var report = new Option<string?>("--report") { Description = "write an HTML report with plots into this folder" };
        var json = new Option<bool>("--json") { Description = "one JSON line per epoch and a final summary line" };

        var command = new Command("train", "Train a classifier Q by minimising D(P‖Q) (= H(P,Q) − H(P)); report CE = H + KL, accuracy and calibration each epoch.")
        {
            data, header, labelColumn, testFraction, scale, model, hidden, optimizer, lr, momentum, weightDecay, batchSize, epochs, threads,
            seed, objective, smoothing, teacher, temperature, validation, patience, ensemble, save, report, json,
        };
        command.SetAction(parse =>
        {
            OutputPaths.CheckFile("--save", parse.GetValue(save)); // before any work: a bad path never costs a training run
            OutputPaths.CheckFolder("--report", parse.GetValue(report));
            if (parse.GetValue(model) != "mlp" && parse.GetResult(hidden) is { Implicit: false })
                throw new UsageException($"--hidden sizes the hidden layers of --model mlp; --model {parse.GetValue(model)} has none");
            var output = parse.InvocationConfiguration.Output;
            int threadCount = parse.GetValue(threads);
            if (threadCount < 1) throw new UsageException($"--threads {threadCount}: must be ≥ 1");
            var teacherPath = parse.GetValue(teacher);
            InputPaths.CheckFile("--teacher", teacherPath);
            bool Given(System.CommandLine.Option option) => parse.GetResult(option) is { Implicit: false };
            if (Given(momentum) && parse.GetValue(optimizer) != "sgd")
                throw new UsageException("--momentum is the momentum of --optimizer sgd; it does not apply to adam");
            if (Given(patience) && !(parse.GetValue(validation) > 0))
                throw new UsageException("--patience counts epochs of early stopping, which needs --validation F (a held-out fraction)");
            Limits.AtMost("--ensemble", parse.GetValue(ensemble), Limits.Ensemble, "models trained one after another");
            var options = new TrainingOptions
            {
                Objective = parse.GetValue(objective) == "ce" ? Objective.CrossEntropy : Objective.KullbackLeibler,
                Optimizer = parse.GetValue(optimizer) == "sgd" ? OptimizerKind.Sgd : OptimizerKind.Adam,
                LearningRate = parse.GetValue(lr),
                Momentum = parse.GetValue(momentum),
                WeightDecay = parse.GetValue(weightDecay),
                BatchSize = parse.GetValue(batchSize),
                Epochs = parse.GetValue(epochs),
                Seed = parse.GetValue(seed),
                Threads = threadCount,
                LabelSmoothing = parse.GetValue(smoothing),
                Temperature = parse.GetValue(temperature),
                ValidationFraction = parse.GetValue(validation),
                Patience = parse.GetValue(patience),
                Ensemble = parse.GetValue(ensemble),
            };
            try { options.Validate(); }
            catch (ArgumentOutOfRangeException e)
            {
                // The message names the field ("learning rate = 0: …"); say which option the user typed.
                string message = ErrorText.Of(e);
                throw new UsageException(e.ParamName is { } field && OptionOfField.TryGetValue(field, out var option)
                    ? $"{option} {message[(message.IndexOf('=') + 1)..].TrimStart()}" : message);
            }
            // The trainer computes in float32: a larger value would become +∞ inside the optimizer.
            foreach (var (option, value) in new[] { ("--lr", options.LearningRate), ("--weight-decay", options.WeightDecay) })
                if (value > float.MaxValue)
                    throw new UsageException($"{option} {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}: above 3.4e38, the largest float32 (the trainer computes in float32)");
            if (teacherPath is null && options.Temperature != 1) throw new UsageException("--temperature applies to distillation: give --teacher FILE");
            var kind = parse.GetValue(model) switch { "logistic" => ModelKind.Logistic, "mlp" => ModelKind.Mlp, _ => ModelKind.Softmax };
            int[] hiddenSizes = kind == ModelKind.Mlp ? ParseHidden(parse.GetValue(hidden)!) : [];
            var loaded = DataSource.Load(parse.GetValue(data)!, new CsvLayout(parse.GetValue(header), parse.GetValue(labelColumn)),
                parse.GetValue(testFraction), parse.GetValue(seed));
            var scaling = parse.GetValue(scale) switch
            {
                "global" => ScalingKind.Global,
                "column" => ScalingKind.PerColumn,
                "none" => ScalingKind.None,
                _ => loaded.Scaling,
            };
            int classes = Math.Max(loaded.Train.Classes, loaded.Test.Classes);
            var spec = new ModelSpec(kind, loaded.Train.FeatureCount, classes, hiddenSizes);
            CheckEnsembleMemory(spec, options.Ensemble);
            Classifier? teacherModel = teacherPath is null ? null : ModelFile.Load(teacherPath);
            var reportDir = parse.GetValue(report);
            var savePath = parse.GetValue(save);

            var run = new TrainingRun(spec, loaded, scaling, options, teacherPath);
            var view = TrainingView.Create(output, parse.GetValue(json), run);
            TrainingResult result;
            try
            {
                result = view.Run((onEpoch, onBatch) => Trainer.Train(spec, loaded.Train, loaded.Test, scaling, options, teacherModel, onEpoch, onBatch));
            }
            catch (ArgumentOutOfRangeException e) when (e.ParamName == "testFraction" && options.ValidationFraction > 0)
            {
                throw new UsageException($"--validation {options.ValidationFraction.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}: {ErrorText.Of(e)}");
            }
            catch (ArgumentException e) when (e.ParamName is "logits" or "rows")
            {
                // float32 overflowed in the forward pass or the scaling: say which data, and what to try.
                throw new InvalidDataException($"{parse.GetValue(data)}: {ErrorText.Of(e)}: float32 overflowed on features of this size" +
                    (scaling == ScalingKind.None ? " (they are used unscaled: try --scale global or column)" : ""));
            }
            EnsembleUncertainty? uncertainty = options.Ensemble > 1 ? EnsembleUncertainty.Measure(result.Model, loaded.Test, threadCount) : null;
            view.Finish(result, uncertainty);
            if (savePath is not null)
            {
                if (savePath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) Kullback.Onnx.OnnxExport.Save(result.Model, savePath);
                else ModelFile.Save(result.Model, savePath);
            }
            if (reportDir is not null)
            {
                var index = TrainingReport.Write(reportDir, run, result, uncertainty, teacherModel);
                if (!parse.GetValue(json)) output.WriteLine($"report: {index}");
            }
            if (savePath is not null && !parse.GetValue(json)) output.WriteLine($"model saved: {savePath}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The ensemble's M networks stay in memory together (4 bytes per weight each): refuse before training when they
    /// would take more than half of the memory this process may use.
    /// </summary>
    private static void CheckEnsembleMemory(ModelSpec spec, int members)
    {
        if (members <= 1) return;
        double bytes = 4.0 * spec.ParameterCount * members;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (available > 0 && bytes > available / 2.0)
            throw new UsageException($"--ensemble {members}: {members} × {spec.ParameterCount} weights of {spec.Describe()} need {bytes / (1 << 20):F0} MiB, more than half of the {available / (1 << 20)} MiB available");
    }

    private static readonly Dictionary<string, string> OptionOfField = new(StringComparer.Ordinal)
    {
        ["learning rate"] = "--lr", ["momentum"] = "--momentum", ["weight decay"] = "--weight-decay", ["batch size"] = "--batch-size",
        ["epochs"] = "--epochs", ["threads"] = "--threads", ["label smoothing"] = "--label-smoothing", ["temperature"] = "--temperature",
        ["validation fraction"] = "--validation", ["patience"] = "--patience", ["ensemble"] = "--ensemble",
    };

    private static int[] ParseHidden(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new UsageException("--hidden: give at least one size, e.g. 256 or 256,128");
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], out sizes[i]) || sizes[i] < 1)
                throw new UsageException($"--hidden: \"{parts[i]}\" (item {i + 1}) is not a size ≥ 1");
        return sizes;
    }
}

/// <summary>What was asked for, for the summary, the JSON and the report.</summary>
internal sealed record TrainingRun(ModelSpec Spec, LoadedData Data, ScalingKind Scaling, TrainingOptions Options, string? TeacherPath)
{
    public string ObjectiveName => Options.Objective == Objective.CrossEntropy ? "ce" : "kl";

    public string TargetsName => TeacherPath is not null ? $"teacher {Path.GetFileName(TeacherPath)}, T = {Options.Temperature:g}"
        : Options.LabelSmoothing > 0 ? $"labels smoothed by ε = {Options.LabelSmoothing:g}" : "one-hot labels";
}

/// <summary>Ensemble uncertainty on the test set: per-row aleatoric and epistemic entropy and their means.</summary>
internal sealed record EnsembleUncertainty(double Total, double Aleatoric, double Epistemic, double[] RowAleatoric, double[] RowEpistemic)
{
    public static EnsembleUncertainty Measure(Classifier model, Dataset rawTest, int threads)
    {
        var a = new double[rawTest.Rows];
        var e = new double[rawTest.Rows];
        var (total, aleatoric, epistemic) = model.Uncertainty(rawTest.Features, a, e, threads);
        return new EnsembleUncertainty(total, aleatoric, epistemic, a, e);
    }
}
