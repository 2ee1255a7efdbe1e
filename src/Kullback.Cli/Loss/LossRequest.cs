using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Losses;

namespace Kullback.Cli.Loss;

/// <summary>One parsed input line of <c>kullback loss</c>: logits, targets and options, all in double.</summary>
internal sealed class LossRequest
{
    public required int Rows { get; init; }
    public required int Cols { get; init; }
    public required double[] Logits { get; init; }
    public int[]? Target { get; init; }
    public double[]? TargetProbs { get; init; }
    public bool[]? RowMask { get; init; }
    public double[]? Weight { get; init; }
    public bool KullbackLeibler { get; init; }
    public LossReduction Reduction { get; init; }
    public int? IgnoreIndex { get; init; }
    public double LabelSmoothing { get; init; }

    private static readonly string[] Known = ["id", "logits", "target", "target_probs", "row_mask", "objective", "reduction", "weight", "ignore_index", "label_smoothing"];

    /// <summary>Parses and checks the shape of one request; the loss itself checks values (ranges, normalisation).</summary>
    /// <exception cref="FormatException">A field is missing, unknown or of the wrong shape; the message names it.</exception>
    public static LossRequest Parse(JsonElement line)
    {
        foreach (var property in line.EnumerateObject())
            if (!Known.Contains(property.Name)) throw new FormatException($"unknown field \"{property.Name}\" (known: {string.Join(", ", Known)})");
        var (logits, rows, cols) = ReadMatrix(JsonLines.Required(line, "logits"), "logits", -1);
        bool hasTarget = line.TryGetProperty("target", out var target), hasProbs = line.TryGetProperty("target_probs", out var probs);
        if (hasTarget == hasProbs) throw new FormatException("give exactly one of \"target\" (class indices) and \"target_probs\" (probability rows)");
        bool kl = line.TryGetProperty("objective", out var objective) switch
        {
            false => false,
            true => objective.GetString() switch
            {
                "cross_entropy" => false,
                "kl" => true,
                var s => throw new FormatException($"objective: \"{s}\" is not \"cross_entropy\" or \"kl\""),
            },
        };
        var reduction = !line.TryGetProperty("reduction", out var r) ? (kl ? LossReduction.BatchMean : LossReduction.Mean) : r.GetString() switch
        {
            "none" => LossReduction.None,
            "sum" => LossReduction.Sum,
            "mean" => LossReduction.Mean,
            "batchmean" => LossReduction.BatchMean,
            var s => throw new FormatException($"reduction: \"{s}\" is not one of none, sum, mean, batchmean"),
        };
        int[]? classes = null;
        double[]? p = null;
        if (hasTarget)
        {
            if (target.ValueKind != JsonValueKind.Array) throw new FormatException("target: expected an array of class indices");
            classes = new int[target.GetArrayLength()];
            int i = 0;
            foreach (var t in target.EnumerateArray())
            {
                if (t.ValueKind != JsonValueKind.Number || !t.TryGetInt32(out classes[i])) throw new FormatException($"target[{i}]: expected an integer class index");
                i++;
            }
            if (classes.Length != rows) throw new FormatException($"target has {classes.Length} entries, logits has {rows} rows");
        }
        else
        {
            (p, int pr, int pc) = ReadMatrix(probs, "target_probs", cols);
            if (pr != rows) throw new FormatException($"target_probs has {pr} rows, logits has {rows}");
        }
        bool[]? mask = null;
        if (line.TryGetProperty("row_mask", out var m))
        {
            if (hasTarget) throw new FormatException("row_mask goes with target_probs; with class indices use ignore_index");
            if (m.ValueKind != JsonValueKind.Array || m.GetArrayLength() != rows) throw new FormatException($"row_mask: expected an array of {rows} booleans");
            mask = m.EnumerateArray().Select((b, i) => b.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new FormatException($"row_mask[{i}]: expected true or false"),
            }).ToArray();
        }
        int? ignore = null;
        if (line.TryGetProperty("ignore_index", out var ig))
        {
            if (!hasTarget) throw new FormatException("ignore_index goes with target (class indices); with target_probs use row_mask");
            if (ig.ValueKind != JsonValueKind.Number || !ig.TryGetInt32(out int ignoreValue)) throw new FormatException("ignore_index: expected an integer");
            ignore = ignoreValue;
        }
        return new LossRequest
        {
            Rows = rows, Cols = cols, Logits = logits, Target = classes, TargetProbs = p, RowMask = mask,
            Weight = line.TryGetProperty("weight", out var w) ? JsonOut.ReadNumberArray(w, "weight") : null,
            KullbackLeibler = kl, Reduction = reduction, IgnoreIndex = ignore,
            LabelSmoothing = line.TryGetProperty("label_smoothing", out var ls) ? JsonOut.ReadNumber(ls, "label_smoothing") : 0,
        };
    }

    /// <summary>Reads an array of equally long number arrays into a row-major matrix.</summary>
    private static (double[] Values, int Rows, int Cols) ReadMatrix(JsonElement element, string what, int cols)
    {
        if (element.ValueKind != JsonValueKind.Array) throw new FormatException($"{what}: expected an array of rows (arrays of numbers)");
        int rows = element.GetArrayLength();
        var values = new List<double>();
        int i = 0;
        foreach (var row in element.EnumerateArray())
        {
            var r = JsonOut.ReadNumberArray(row, $"{what}[{i}]");
            if (cols < 0) cols = r.Length;
            if (r.Length != cols) throw new FormatException($"{what}[{i}] has {r.Length} numbers, expected {cols}");
            values.AddRange(r);
            i++;
        }
        if (rows == 0 && cols < 0) throw new FormatException($"{what}: no rows");
        if (cols == 0) throw new FormatException($"{what}: rows are empty (no classes)");
        return (values.ToArray(), rows, cols);
    }
}
