using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Losses;

namespace Kullback.Cli.Loss;

/// <summary>One input line of <c>kullback loss</c> with <c>"objective": "nll"</c>: PyTorch's <c>nll_loss</c> on given log-probabilities.</summary>
internal sealed class NllRequest
{
    public required LossTensor Input { get; init; }
    public required int[] Target { get; init; }
    public double[]? Weight { get; init; }
    public double[]? SampleWeight { get; init; }
    public required LossOptions Options { get; init; }

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["logProbabilities"] = "log_probs", ["targets"] = "target", ["classWeights"] = "weight", ["sampleWeights"] = "sample_weight",
    };

    /// <summary>Parses one line; "log_probs" is N rows of C (one class index per row in "target") or one row of C (PyTorch's
    /// no-batch-dim input, "target" a single index).</summary>
    /// <exception cref="FormatException">A field is missing, unknown or of the wrong shape; the message names it.</exception>
    public static NllRequest Parse(JsonElement line)
    {
        if (line.TryGetProperty("logits", out _)) throw new FormatException("objective \"nll\" takes log-probabilities in \"log_probs\" (for logits use \"cross_entropy\")");
        LossFields.OnlyKnown(line, "nll", ["id", "objective", "log_probs", "target", "weight", "ignore_index", "sample_weight", "reduction", "torch_compatible"]);
        var input = LossTensor.Read(JsonLines.Required(line, "log_probs"), "log_probs");
        if (input.Rank == 0) throw new FormatException("log_probs: expected an array of C numbers or rows of C numbers");
        var t = JsonLines.Required(line, "target");
        int[] target;
        if (input.Rank == 1)
        {
            if (t.ValueKind != JsonValueKind.Number || !t.TryGetInt32(out int y)) throw new FormatException("target: expected one integer class index (log_probs is a single row)");
            target = [y];
        }
        else
        {
            if (t.ValueKind != JsonValueKind.Array) throw new FormatException("target: expected an array of class indices");
            target = new int[t.GetArrayLength()];
            int i = 0;
            foreach (var e in t.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out target[i])) throw new FormatException($"target[{i}]: expected an integer class index");
                i++;
            }
            if (target.Length != input.Rows) throw new FormatException($"target has {target.Length} entries, log_probs has {input.Rows} rows");
        }
        int? ignore = null;
        if (line.TryGetProperty("ignore_index", out var ig))
        {
            if (ig.ValueKind != JsonValueKind.Number || !ig.TryGetInt32(out int v)) throw new FormatException("ignore_index: expected an integer");
            ignore = v;
        }
        double[]? sample = null;
        if (line.TryGetProperty("sample_weight", out _))
        {
            if (input.Rank < 2) throw new FormatException("sample_weight needs a batch: give log_probs as rows (an array of arrays)");
            sample = LossFields.SampleWeight(line, input.Rows);
        }
        return new NllRequest
        {
            Input = input, Target = target, SampleWeight = sample,
            Weight = line.TryGetProperty("weight", out var w) ? JsonOut.ReadNumberArray(w, "weight") : null,
            Options = new LossOptions { Reduction = LossFields.Reduction(line, LossReduction.Mean), IgnoreIndex = ignore, TorchCompatible = LossFields.TorchCompatible(line) },
        };
    }

    /// <summary>Evaluates the request and writes "loss" (per row for "none"), "grad" (in the shape of log_probs) and "rows_counted".</summary>
    public void Write(Utf8JsonWriter writer)
    {
        var grad = new double[Input.Values.Length];
        var rows = new double[Input.Rows];
        LossResult r;
        try
        {
            r = NegativeLogLikelihoodLoss.Evaluate(Input.Values, Input.Rows, Input.Cols, Target, grad, Options, Weight, SampleWeight, rows);
        }
        catch (ArgumentException e)
        {
            throw LossFields.Renamed(e, Fields);
        }
        if (Options.Reduction != LossReduction.None) JsonOut.WriteNumber(writer, "loss", r.Loss);
        else if (Input.Rank == 1) JsonOut.WriteNumber(writer, "loss", rows[0]);
        else
        {
            writer.WritePropertyName("loss");
            writer.WriteStartArray();
            foreach (var v in rows) JsonOut.WriteNumberValue(writer, v);
            writer.WriteEndArray();
        }
        Input.Write(writer, "grad", grad);
        writer.WriteNumber("rows_counted", r.CountedRows);
    }
}
