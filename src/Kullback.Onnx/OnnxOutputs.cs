namespace Kullback.Onnx;

/// <summary>What the chosen output of an ONNX classifier holds.</summary>
public enum OnnxOutputs
{
    /// <summary>Unnormalised logits z: Q = softmax(z).</summary>
    Logits = 0,
    /// <summary>Probabilities Q (the graph ends in a softmax): read as the logits log Q, each row checked to sum to 1.</summary>
    Probabilities = 1,
}
