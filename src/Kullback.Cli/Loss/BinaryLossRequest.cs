using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Losses;

namespace Kullback.Cli.Loss;

/// <summary>
/// One input line of <c>kullback loss</c> with <c>"objective": "binary_cross_entropy"</c> (inputs in <c>"probs"</c>) or
/// <c>"binary_cross_entropy_with_logits"</c> (inputs in <c>"logits"</c>): element-wise targets, weights broadcast as PyTorch
/// broadcasts them (a number, one per column, or one per element), one positive-class weight per column, sample weights per row.
/// </summary>
internal sealed class BinaryLossRequest
{
    public required bool FromLogits { get; init; }
    public required LossTensor Input { get; init; }
    public required double[] Target { get; init; }
    public double[]? Weight { get; init; }
    public double[]? PositiveWeight { get; init; }
    public double[]? SampleWeight { get; init; }
    public required BinaryLossOptions Options { get; init; }

    /// <summary>The JSON field behind each library parameter, for error messages.</summary>
    public Dictionary<string, string> Fields => new()
    {
        ["probabilities"] = "probs", ["logits"] = "logits", ["targets"] = "target_probs", ["weights"] = "weight",
        ["positiveWeights"] = "pos_weight", ["sampleWeights"] = "sample_weight",
    };

    /// <summary>Parses one line; shapes are checked here, value ranges by the library.</summary>
    /// <exception cref="FormatException">A field is missing, unknown or of the wrong shape; the message names it.</exception>
    public static BinaryLossRequest Parse(JsonElement line, string objective)
    {
        bool logits = objective == "binary_cross_entropy_with_logits";
        string inputName = logits ? "logits" : "probs";
        if (line.TryGetProperty(logits ? "probs" : "logits", out _))
            throw new FormatException($"objective \"{objective}\" takes its inputs in \"{inputName}\"");
        LossFields.OnlyKnown(line, objective, ["id", "objective", inputName, "target_probs", "weight", "pos_weight", "sample_weight", "reduction", "torch_compatible"]);
        var input = LossTensor.Read(JsonLines.Required(line, inputName), inputName);
        var target = LossTensor.Read(JsonLines.Required(line, "target_probs"), "target_probs");
        if (!input.SameShape(target)) throw new FormatException($"target_probs is {target.Shape}, {inputName} is {input.Shape}: they must have the same shape");
        double[]? weight = null;
        if (line.TryGetProperty("weight", out var w))
        {
            var t = LossTensor.Read(w, "weight");
            weight = t.Rank == 0 ? Enumerable.Repeat(t.Values[0], input.Values.Length).ToArray()
                : t.Rank == 1 && input.Rank == 2 && t.Cols == input.Cols ? Enumerable.Range(0, input.Values.Length).Select(k => t.Values[k % input.Cols]).ToArray()
                : input.SameShape(t) ? t.Values
                : throw new FormatException($"weight is {t.Shape}: expected a number, one per column ({input.Cols}) or the shape of {inputName} ({input.Shape})");
        }
        double[]? pos = null;
        if (line.TryGetProperty("pos_weight", out var pw))
        {
            var t = LossTensor.Read(pw, "pos_weight");
            pos = t.Rank == 0 ? Enumerable.Repeat(t.Values[0], input.Cols).ToArray()
                : t.Rank == 1 && t.Cols == input.Cols ? t.Values
                : throw new FormatException($"pos_weight is {t.Shape}: expected a number or one per column ({input.Cols})");
        }
        double[]? sample = null;
        if (line.TryGetProperty("sample_weight", out _))
        {
            if (input.Rank < 2) throw new FormatException($"sample_weight needs a batch: give {inputName} as rows (an array of arrays)");
            sample = LossFields.SampleWeight(line, input.Rows);
        }
        var reduction = LossFields.Reduction(line, LossReduction.Mean, batchMean: false);
        return new BinaryLossRequest
        {
            FromLogits = logits, Input = input, Target = target.Values, Weight = weight, PositiveWeight = pos, SampleWeight = sample,
            Options = new BinaryLossOptions { Reduction = reduction, TorchCompatible = LossFields.TorchCompatible(line) },
        };
    }

    /// <summary>Evaluates the request and writes "loss" (in the input's shape for "none") and "grad" (always in the input's shape).</summary>
    public void Write(Utf8JsonWriter writer)
    {
        var grad = new double[Input.Values.Length];
        var elements = new double[Input.Values.Length];
        double loss;
        try
        {
            loss = FromLogits
                ? LogisticLoss.Evaluate(Input.Values, Input.Rows, Input.Cols, Target, grad, Options, Weight, PositiveWeight, SampleWeight, elements)
                : BinaryCrossEntropyLoss.Evaluate(Input.Values, Input.Rows, Input.Cols, Target, grad, Options, Weight, PositiveWeight, SampleWeight, elements);
        }
        catch (ArgumentException e)
        {
            throw LossFields.Renamed(e, Fields);
        }
        if (Options.Reduction == LossReduction.None) Input.Write(writer, "loss", elements);
        else JsonOut.WriteNumber(writer, "loss", loss);
        Input.Write(writer, "grad", grad);
    }
}
