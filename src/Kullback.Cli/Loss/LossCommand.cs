using System.CommandLine;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Losses;

namespace Kullback.Cli.Loss;

/// <summary>
/// <c>kullback loss --input FILE|- --json</c>: cross-entropy or the KL objective from logits, in double, one JSON line in and
/// one out: the loss, its gradient with respect to the logits, and the decomposition H(P,Q) = H(P) + D(P‖Q).
/// </summary>
public static class LossCommand
{
    /// <summary>Builds the <c>loss</c> verb.</summary>
    /// <param name="stdin">What <c>--input -</c> reads (standard input when null; tests pass a reader).</param>
    public static Command Create(TextReader? stdin = null)
    {
        var input = new Option<string>("--input") { Description = "JSON lines to read ('-' for standard input).", Required = true };
        var json = new Option<bool>("--json") { Description = "Write one JSON object per input line (otherwise a text line each)." };
        var cmd = new Command("loss", "Training losses with their gradients, computed in double. Each input line: {\"id\", \"objective\": " +
            "\"cross_entropy\"|\"kl\" (\"logits\": [[...]], \"target\": [...] | \"target_probs\": [[...]] | \"target_log_probs\" with \"log_target\": true; " +
            "reports H(P,Q) = H(P) + D(P‖Q)), \"binary_cross_entropy\" (\"probs\") | \"binary_cross_entropy_with_logits\" (\"logits\") with element-wise " +
            "\"target_probs\", \"weight\", \"pos_weight\" (per column), or \"nll\" (\"log_probs\", \"target\"); \"reduction\": \"none\"|\"sum\"|\"mean\"|\"batchmean\", " +
            "\"weight\"?, \"ignore_index\"?, \"row_mask\"?, \"label_smoothing\"?, \"sample_weight\"?: [...] (per row), \"torch_compatible\"?: true}. See docs/losses.md.")
        { input, json };
        cmd.SetAction(parse =>
        {
            using var reader = JsonLines.OpenInput(parse.GetValue(input)!, stdin);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) return JsonLines.Process(reader, output, Handle);
            // The table streams: each answer is written (and flushed) before the next input line is read, so a pipe that
            // stays open (a REPL, a training loop feeding lines) sees every answer at once, as with --json.
            var error = parse.InvocationConfiguration.Error;
            return JsonLines.Process(reader, line =>
            {
                var (text, failed) = AsText(line);
                var to = failed ? error : output;
                to.WriteLine(text);
                to.Flush();
            }, Handle);
        });
        return cmd;
    }

    /// <summary>Evaluates one request and writes loss, grad, entropy, cross_entropy and kl.</summary>
    internal static void Handle(JsonElement line, Utf8JsonWriter writer)
    {
        string objective = "cross_entropy";
        if (line.TryGetProperty("objective", out var o))
            objective = o.ValueKind == JsonValueKind.String ? o.GetString()! : throw new FormatException("objective: expected a string");
        switch (objective)
        {
            case "binary_cross_entropy" or "binary_cross_entropy_with_logits":
                BinaryLossRequest.Parse(line, objective).Write(writer);
                return;
            case "nll":
                NllRequest.Parse(line).Write(writer);
                return;
            case "cross_entropy" or "kl":
                break;
            default:
                throw new FormatException($"objective: \"{objective}\" is not one of {string.Join(", ", Objectives)}");
        }
        var q = LossRequest.Parse(line);
        var gradient = new double[q.Logits.Length];
        double[] rowLoss = new double[q.Rows], h = new double[q.Rows], hpq = new double[q.Rows], d = new double[q.Rows];
        var terms = new RowTerms { Loss = rowLoss, Entropy = h, CrossEntropy = hpq, Divergence = d };
        var options = new LossOptions
        {
            Reduction = q.Reduction, IgnoreIndex = q.IgnoreIndex, LabelSmoothing = q.LabelSmoothing, Decompose = true, TorchCompatible = q.TorchCompatible,
        };
        LossResult r;
        try
        {
            r = Evaluate(q, gradient, options, terms);
        }
        catch (ArgumentException e)
        {
            // the library's message names the argument, index and value: rename the argument to the JSON field
            throw LossFields.Renamed(e, LossRequest.Fields);
        }
        bool perRow = q.Reduction == LossReduction.None;
        if (perRow) WriteArray(writer, "loss", rowLoss);
        else JsonOut.WriteNumber(writer, "loss", r.Loss);
        writer.WritePropertyName("grad");
        writer.WriteStartArray();
        for (int i = 0; i < q.Rows; i++)
        {
            writer.WriteStartArray();
            for (int c = 0; c < q.Cols; c++) JsonOut.WriteNumberValue(writer, gradient[i * q.Cols + c]);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        if (perRow)
        {
            WriteArray(writer, "entropy", h);
            WriteArray(writer, "cross_entropy", hpq);
            WriteArray(writer, "kl", d);
        }
        else
        {
            JsonOut.WriteNumber(writer, "entropy", r.Entropy!.Value);
            JsonOut.WriteNumber(writer, "cross_entropy", r.CrossEntropy!.Value);
            JsonOut.WriteNumber(writer, "kl", r.Divergence!.Value);
        }
        writer.WriteNumber("rows_counted", r.CountedRows);
    }

    /// <summary>The objectives "objective" may name.</summary>
    internal static readonly string[] Objectives = ["cross_entropy", "kl", "binary_cross_entropy", "binary_cross_entropy_with_logits", "nll"];

    private static LossResult Evaluate(LossRequest q, double[] gradient, LossOptions options, RowTerms terms) => q.Target is { } y
        ? q.KullbackLeibler
            ? KullbackLeiblerLoss.Evaluate(q.Logits, q.Rows, q.Cols, y, gradient, options, q.Weight, terms, q.SampleWeight)
            : CrossEntropyLoss.Evaluate(q.Logits, q.Rows, q.Cols, y, gradient, options, q.Weight, terms, q.SampleWeight)
        : q.LogTarget
            ? KullbackLeiblerLoss.EvaluateLogTarget(q.Logits, q.Rows, q.Cols, q.TargetProbs, gradient, options, q.Weight, q.RowMask, terms, q.SampleWeight)
        : q.KullbackLeibler
            ? KullbackLeiblerLoss.Evaluate(q.Logits, q.Rows, q.Cols, q.TargetProbs, gradient, options, q.Weight, q.RowMask, terms, q.SampleWeight)
            : CrossEntropyLoss.Evaluate(q.Logits, q.Rows, q.Cols, q.TargetProbs, gradient, options, q.Weight, q.RowMask, terms, q.SampleWeight);

    private static void WriteArray(Utf8JsonWriter writer, string name, double[] values)
    {
        writer.WritePropertyName(name);
        writer.WriteStartArray();
        foreach (var v in values) JsonOut.WriteNumberValue(writer, v);
        writer.WriteEndArray();
    }

    /// <summary>A text line for people: id, loss and the decomposition (the gradient only in --json).</summary>
    private static (string Text, bool Failed) AsText(string jsonLine)
    {
        using var doc = JsonDocument.Parse(jsonLine);
        var o = doc.RootElement;
        string id = o.TryGetProperty("id", out var idValue) ? idValue.GetRawText() : "-";
        if (o.TryGetProperty("error", out var error)) return ($"kullback: {id}: {error.GetString()}", true);
        string Show(string name) => o.GetProperty(name).GetRawText();
        if (!o.TryGetProperty("entropy", out _)) return ($"{id}\tloss {Show("loss")}  (nats)", false);   // binary objectives and nll
        return ($"{id}\tloss {Show("loss")}\tH(P) {Show("entropy")}\tH(P,Q) {Show("cross_entropy")}\tD(P‖Q) {Show("kl")}  (nats)", false);
    }
}
