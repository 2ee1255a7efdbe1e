using System.CommandLine;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Learning.Models;
using Kullback.Learning.Training;
using Kullback.Losses;

namespace Kullback.Cli.Predict;

/// <summary>
/// <c>kullback predict</c>: for each JSON line {"id", "x": [features]} (optionally "label"), the model's Q, its argmax,
/// confidence and entropy H(Q); with a label also H(P,Q) = D(P‖Q) = −log q_label.
/// </summary>
public static class PredictCommand
{
    /// <summary>Builds the <c>predict</c> verb.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "a model file written by `kullback train --save`", Required = true };
        var input = new Option<string>("--input") { Description = "JSON lines {\"id\", \"x\": [raw features], \"label\"?}, or - for stdin", DefaultValueFactory = _ => "-" };
        var temperature = new Option<string?>("--temperature") { Description = "calibration temperature T (a number or a file from `kullback calibrate --save`): Q = softmax(z/T)" };
        var json = new Option<bool>("--json") { Description = "JSON lines out (the only output form; accepted for uniformity)" };
        var command = new Command("predict", "Predict Q(y | x) for feature rows given as JSON lines; prints Q, the predicted class, confidence and H(Q).")
        {
            model, input, temperature, json,
        };
        command.SetAction(parse =>
        {
            var temperatureText = parse.GetValue(temperature);
            double t = temperatureText is null ? 1 : Calibrate.CalibrateCommand.ParseTemperature(temperatureText, "--temperature");
            InputPaths.CheckFile("--model", parse.GetValue(model));
            var classifier = ModelFile.Load(parse.GetValue(model)!);
            classifier.Threads = 1;
            int inputs = classifier.Spec.Inputs, classes = classifier.Spec.Classes;
            var qLogits = new float[classes];
            using var reader = JsonLines.OpenInput(parse.GetValue(input)!);
            return JsonLines.Process(reader, parse.InvocationConfiguration.Output, (line, w) =>
            {
                foreach (var property in line.EnumerateObject())
                    if (property.Name is not ("id" or "x" or "label"))
                        throw new FormatException($"unknown field \"{property.Name}\" (expected id, x, label)");
                var raw = JsonOut.ReadNumberArray(JsonLines.Required(line, "x"), "x");
                if (raw.Length != inputs) throw new FormatException($"x has {raw.Length} features, the model takes {inputs}");
                var x = new float[inputs];
                for (int j = 0; j < inputs; j++)
                {
                    if (!double.IsFinite(raw[j])) throw new FormatException($"x[{j}] = {raw[j]}: features must be finite");
                    x[j] = (float)raw[j];
                    if (float.IsInfinity(x[j])) throw new FormatException($"x[{j}] = {raw[j]:R}: outside the float32 range ±3.4e38 (the model computes in float32)");
                }
                int? label = null;
                if (line.TryGetProperty("label", out var l))
                {
                    if (l.ValueKind != JsonValueKind.Number || !l.TryGetInt32(out int y) || (uint)y >= (uint)classes)
                        throw new FormatException($"label must be an integer class in [0, {classes})");
                    label = y;
                }
                // Temperature scaling divides the model's logits (log Q̄ for an ensemble) by T; T = 1 is Q̄ itself.
                float[] q;
                try
                {
                    double[]? z = t == 1 ? null : classifier.Logits(x);
                    if (z is not null) ModelOverflow.CheckRows(z, classes);
                    q = z is null ? classifier.Predict(x) : Array.ConvertAll(Kullback.Learning.Calibration.CalibrationInput.Softmax(z, classes, t), v => (float)v);
                }
                catch (NonFiniteLogitsException)
                {
                    int j = System.Numerics.Tensors.TensorPrimitives.IndexOfMaxMagnitude(x.AsSpan());
                    throw new FormatException($"the model's float32 logits overflow (NaN or ∞) on this x, whose largest feature is x[{j}] = {raw[j]:R}: features far outside the range the model was trained on");
                }
                catch (ArgumentException e) when (e.ParamName == "rows")
                {
                    throw new FormatException(ErrorText.Of(e).Replace("row 0, feature ", "x: feature ", StringComparison.Ordinal));
                }
                for (int c = 0; c < classes; c++) qLogits[c] = MathF.Log(q[c]);
                // H(Q) as the entropy term of the decomposition with target P = Q (log Q as logits: softmax(log Q) = Q).
                var terms = CrossEntropyLoss.Evaluate(qLogits, 1, classes, q, default, new LossOptions { Decompose = true, Reduction = LossReduction.Sum });
                int predicted = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(q.AsSpan());
                w.WriteNumber("predicted", predicted);
                JsonOut.WriteNumber(w, "confidence", q[predicted]);
                JsonOut.WriteNumber(w, "entropy", terms.Entropy!.Value);
                w.WriteStartArray("q");
                foreach (var v in q) JsonOut.WriteNumberValue(w, v);
                w.WriteEndArray();
                if (label is int target)
                {
                    var ce = CrossEntropyLoss.Evaluate(qLogits, 1, classes, [target], default, new LossOptions { Reduction = LossReduction.Sum });
                    JsonOut.WriteNumber(w, "cross_entropy", ce.Loss);
                }
            });
        });
        return command;
    }
}
