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
    public double[]? SampleWeight { get; init; }
    public bool TorchCompatible { get; init; }

    /// <summary>True when <see cref="TargetProbs"/> holds log-probabilities ("target_log_probs" with "log_target": true).</summary>
    public bool LogTarget { get; init; }

    /// <summary>The JSON field behind each library parameter, for error messages.</summary>
    public static readonly Dictionary<string, string> Fields = new()
    {
        ["targetProbabilities"] = "target_probs", ["targetLogProbabilities"] = "target_log_probs", ["targets"] = "target",
        ["classWeights"] = "weight", ["sampleWeights"] = "sample_weight", ["rowMask"] = "row_mask",
        ["options.LabelSmoothing"] = "label_smoothing", ["logits"] = "logits",
    };

    private static readonly string[] Known = ["id", "logits", "target", "target_probs", "target_log_probs", "log_target", "row_mask", "objective",
        "reduction", "weight", "ignore_index", "label_smoothing", "sample_weight", "torch_compatible"];

    /// <summary>Parses and checks the shape of one request; the loss itself checks values (ranges, normalisation).</summary>
    /// <exception cref="FormatException">A field is missing, unknown or of the wrong shape; the message names it.</exception>
    public static LossRequest Parse(JsonElement line)
    {
        foreach (var property in line.EnumerateObject())
            if (!Known.Contains(property.Name)) throw new FormatException($"unknown field \"{property.Name}\" (known: {string.Join(", ", Known)})");
        var (logits, rows, cols) = LossTensor.ReadMatrix(JsonLines.Required(line, "logits"), "logits", -1);
        bool logTarget = LossFields.Flag(line, "log_target");
        bool hasTarget = line.TryGetProperty("target", out var target), hasProbs = line.TryGetProperty("target_probs", out var probs);
        bool hasLogProbs = line.TryGetProperty("target_log_probs", out var logProbs);
        if (logTarget != hasLogProbs)
            throw new FormatException(logTarget ? "log_target: true needs the target as log-probabilities in \"target_log_probs\""
                : "target_log_probs goes with \"log_target\": true (as torch's log_target=True)");
        if ((hasTarget ? 1 : 0) + (hasProbs ? 1 : 0) + (hasLogProbs ? 1 : 0) != 1)
            throw new FormatException("give exactly one of \"target\" (class indices), \"target_probs\" (probability rows) and \"target_log_probs\" (log-probability rows, with \"log_target\": true)");
        if (hasLogProbs) probs = logProbs;
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
        if (hasLogProbs && !kl) throw new FormatException("target_log_probs (log_target) goes with \"objective\": \"kl\"");
        var reduction = LossFields.Reduction(line, kl ? LossReduction.BatchMean : LossReduction.Mean);
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
            string name = hasLogProbs ? "target_log_probs" : "target_probs";
            (p, int pr, int pc) = LossTensor.ReadMatrix(probs, name, cols);
            if (pr != rows) throw new FormatException($"{name} has {pr} rows, logits has {rows}");
        }
        bool[]? mask = null;
        if (line.TryGetProperty("row_mask", out var m))
        {
            if (hasTarget) throw new FormatException("row_mask goes with target_probs or target_log_probs; with class indices use ignore_index");
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
            SampleWeight = LossFields.SampleWeight(line, rows), TorchCompatible = LossFields.TorchCompatible(line), LogTarget = hasLogProbs,
        };
    }
}
