using System.CommandLine;
using Kullback.Onnx;

namespace Kullback.Cli.Common;

/// <summary>The options shared by <c>evaluate --onnx</c> and <c>compare --onnx</c>: which output, which input, and what it holds.</summary>
internal sealed class OnnxOptions
{
    public Option<string> Outputs { get; } = new("--outputs")
    {
        Description = "With --onnx: what the graph's output holds, logits or probabilities (the graph ends in softmax)",
        DefaultValueFactory = _ => "logits",
    };

    public Option<string?> InputName { get; } = new("--input-name") { Description = "With --onnx: the graph input that takes the N × D features (when it has several)" };

    public Option<string?> OutputName { get; } = new("--output-name") { Description = "With --onnx: the graph output of N × C logits or probabilities (when it has several)" };

    public OnnxOptions() => Outputs.AcceptOnlyFromAmong("logits", "probabilities");

    public IEnumerable<Option> All => [Outputs, InputName, OutputName];

    /// <summary>Opens <paramref name="path"/> with the parsed options.</summary>
    public OnnxClassifier Open(ParseResult parse, string path) =>
        OnnxClassifier.Open(path, parse.GetValue(InputName), parse.GetValue(OutputName),
            parse.GetValue(Outputs) == "probabilities" ? OnnxOutputs.Probabilities : OnnxOutputs.Logits);

    /// <summary>Rejects the options when --onnx is not given.</summary>
    public void RejectWithout(ParseResult parse, string mode)
    {
        foreach (var o in All)
            if (parse.GetResult(o) is { Implicit: false })
                throw new UsageException($"{o.Name} applies to ONNX models; it is not available {mode}");
    }
}
