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
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "JSON lines to read ('-' for standard input).", Required = true };
        var json = new Option<bool>("--json") { Description = "Write one JSON object per input line (otherwise a text line each)." };
        var cmd = new Command("loss", "Cross-entropy or KL objective from logits, with the gradient and H(P,Q) = H(P) + D(P‖Q), computed in double. " +
            "Each input line: {\"id\", \"logits\": [[...]], \"target\": [...] | \"target_probs\": [[...]], \"objective\": \"cross_entropy\"|\"kl\", " +
            "\"reduction\": \"none\"|\"sum\"|\"mean\"|\"batchmean\", \"weight\"?: [...], \"ignore_index\"?: int, \"row_mask\"?: [bool], \"label_smoothing\"?: number}.")
        { input, json };
        cmd.SetAction(parse =>
        {
            using var reader = JsonLines.OpenInput(parse.GetValue(input)!);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) return JsonLines.Process(reader, output, Handle);
            var buffer = new StringWriter();
            int code = JsonLines.Process(reader, buffer, Handle);
            foreach (var line in buffer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var (text, failed) = AsText(line.TrimEnd('\r'));
                (failed ? parse.InvocationConfiguration.Error : output).WriteLine(text);
            }
            return code;
        });
        return cmd;
    }

    /// <summary>Evaluates one request and writes loss, grad, entropy, cross_entropy and kl.</summary>
    internal static void Handle(JsonElement line, Utf8JsonWriter writer)
    {
        var q = LossRequest.Parse(line);
        var gradient = new double[q.Logits.Length];
        double[] rowLoss = new double[q.Rows], h = new double[q.Rows], hpq = new double[q.Rows], d = new double[q.Rows];
        var terms = new RowTerms { Loss = rowLoss, Entropy = h, CrossEntropy = hpq, Divergence = d };
        var options = new LossOptions { Reduction = q.Reduction, IgnoreIndex = q.IgnoreIndex, LabelSmoothing = q.LabelSmoothing, Decompose = true };
        LossResult r;
        try
        {
            r = Evaluate(q, gradient, options, terms);
        }
        catch (ArgumentException e)
        {
            // the library's message already names the argument, index and value; drop .NET's "(Parameter …)" suffix
            int cut = e.Message.IndexOf(" (Parameter '", StringComparison.Ordinal);
            throw new ArgumentException(cut < 0 ? e.Message : e.Message[..cut], e);
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

    private static LossResult Evaluate(LossRequest q, double[] gradient, LossOptions options, RowTerms terms) => q.Target is { } y
        ? q.KullbackLeibler
            ? KullbackLeiblerLoss.Evaluate(q.Logits, q.Rows, q.Cols, y, gradient, options, q.Weight, terms)
            : CrossEntropyLoss.Evaluate(q.Logits, q.Rows, q.Cols, y, gradient, options, q.Weight, terms)
        : q.KullbackLeibler
            ? KullbackLeiblerLoss.Evaluate(q.Logits, q.Rows, q.Cols, q.TargetProbs, gradient, options, q.Weight, q.RowMask, terms)
            : CrossEntropyLoss.Evaluate(q.Logits, q.Rows, q.Cols, q.TargetProbs, gradient, options, q.Weight, q.RowMask, terms);

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
        return ($"{id}\tloss {Show("loss")}\tH(P) {Show("entropy")}\tH(P,Q) {Show("cross_entropy")}\tD(P‖Q) {Show("kl")}  (nats)", false);
    }
}
