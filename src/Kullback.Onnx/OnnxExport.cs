using Google.Protobuf;
using Kullback.Learning.Models;
using Kullback.Onnx.Proto;

namespace Kullback.Onnx;

/// <summary>
/// Writes a <see cref="Classifier"/> as a standard ONNX graph (IR version 7, opset 13 of the default ai.onnx domain)
/// that ONNX Runtime, ML.NET and any ONNX reader load. Input <c>features</c>: float [N, D] raw features (the scaler is
/// folded into the first layer: W'ⱼₖ = scaleⱼ·Wⱼₖ, b'ₖ = bₖ − Σⱼ offsetⱼ·scaleⱼ·Wⱼₖ, computed in double).
/// Output <c>logits</c>: float [N, C] — z = Gemm(…Relu(Gemm(x, W₁, b₁))…) for one network (softmax, MLP; a logistic
/// model's single logit s becomes the two logits (0, s) through a 2-column Gemm with a zero first column), and
/// log Q̄ = Log((1/M)·Σₘ Softmax(zₘ)) for an ensemble of M, so softmax(logits) is the classifier's Q in every case.
/// </summary>
public static class OnnxExport
{
    /// <summary>The operator set version the graph is written for (Gemm, Relu, Softmax(axis), Sum, Mul, Log are unchanged since).</summary>
    public const int Opset = 13;

    /// <summary>The IR version that goes with opset 13.</summary>
    public const int IrVersion = 7;

    /// <summary>Name of the graph input: float [N, D] raw features.</summary>
    public const string InputName = "features";

    /// <summary>Name of the graph output: float [N, C] logits, softmax(logits) = Q.</summary>
    public const string OutputName = "logits";

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (replacing it).</summary>
    public static void Save(Classifier model, string path)
    {
        using var file = File.Create(path);
        Build(model).WriteTo(file);
    }

    /// <summary>The serialized ONNX model of <paramref name="model"/>.</summary>
    public static byte[] ToBytes(Classifier model) => Build(model).ToByteArray();

    internal static ModelProto Build(Classifier model)
    {
        var spec = model.Spec;
        var graph = new GraphProto { Name = $"kullback {spec.Describe()}", DocString = "softmax(logits) is the classifier's predictive distribution Q(y | x)" };
        graph.Input.Add(Value(InputName, spec.Inputs));
        graph.Output.Add(Value(OutputName, spec.Classes));
        int m = model.Members.Count;
        if (m == 1)
        {
            AddNetwork(graph, model, 0, OutputName);
        }
        else
        {
            var probabilities = new List<string>();
            for (int i = 0; i < m; i++)
            {
                string z = $"m{i}_logits", q = $"m{i}_q";
                AddNetwork(graph, model, i, z);
                graph.Node.Add(Node("Softmax", [z], q, Int("axis", 1)));
                probabilities.Add(q);
            }
            graph.Node.Add(Node("Sum", probabilities, "q_sum"));
            graph.Initializer.Add(Tensor("inv_members", [], [(float)(1.0 / m)]));
            graph.Node.Add(Node("Mul", ["q_sum", "inv_members"], "q_mean"));
            graph.Node.Add(Node("Log", ["q_mean"], OutputName));
        }
        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Kullback",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "0",
            ModelVersion = 1,
            DocString = $"{spec.Describe()}{(m > 1 ? $", ensemble of {m}" : "")}, exported by kullback train --save",
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = "kullback.architecture", Value = spec.Describe() });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = "kullback.members", Value = m.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return proto;
    }

    /// <summary>Adds the nodes and weights of member <paramref name="member"/>, from the graph input to <paramref name="output"/>.</summary>
    private static void AddNetwork(GraphProto graph, Classifier model, int member, string output)
    {
        var network = model.Members[member];
        var layers = network.Layers;
        string prefix = $"m{member}_";
        string current = InputName;
        int offset = 0, dense = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            var theta = network.Parameters.AsSpan(offset, layer.ParameterCount);
            offset += layer.ParameterCount;
            switch (layer)
            {
                case DenseLayer d:
                {
                    int k = d.InputSize, n = d.OutputSize;
                    var (w, b) = dense == 0 ? Fold(theta, k, n, model.Scaler.Offset, model.Scaler.Scale) : (theta[..(k * n)].ToArray(), theta.Slice(k * n, n).ToArray());
                    bool logistic = l + 1 < layers.Count && layers[l + 1] is BinaryLogitLayer;
                    if (logistic)
                    {
                        // (0, s): a zero first column, the logistic weights in the second.
                        var w2 = new float[2 * k];
                        for (int j = 0; j < k; j++) w2[2 * j + 1] = w[j];
                        w = w2;
                        b = [0f, b[0]];
                        n = 2;
                        l++;
                    }
                    string wName = $"{prefix}W{dense}", bName = $"{prefix}b{dense}";
                    graph.Initializer.Add(Tensor(wName, [k, n], w));
                    graph.Initializer.Add(Tensor(bName, [n], b));
                    bool last = l == layers.Count - 1;
                    string y = last ? output : $"{prefix}h{dense}";
                    graph.Node.Add(Node("Gemm", [current, wName, bName], y));
                    current = y;
                    dense++;
                    break;
                }
                case ReluLayer:
                {
                    string y = $"{prefix}relu{dense - 1}";
                    graph.Node.Add(Node("Relu", [current], y));
                    current = y;
                    break;
                }
                default:
                    throw new NotSupportedException($"layer {l} ({layer.Describe()}) has no ONNX export");
            }
        }
        if (current != output) throw new InvalidOperationException($"{network.Spec.Describe()}: the last layer is not a dense layer");
    }

    /// <summary>W'ⱼₖ = scaleⱼ·Wⱼₖ and b'ₖ = bₖ − Σⱼ offsetⱼ·scaleⱼ·Wⱼₖ in double: x'·W + b = x·W' + b' for x'ⱼ = (xⱼ − offsetⱼ)·scaleⱼ.</summary>
    private static (float[] W, float[] B) Fold(ReadOnlySpan<float> theta, int k, int n, float[] offset, float[] scale)
    {
        var w = new float[k * n];
        var bias = new double[n];
        for (int c = 0; c < n; c++) bias[c] = theta[k * n + c];
        for (int j = 0; j < k; j++)
        {
            double s = scale[j], o = offset[j];
            for (int c = 0; c < n; c++)
            {
                double wjc = theta[j * n + c];
                w[j * n + c] = (float)(s * wjc);
                bias[c] -= o * s * wjc;
            }
        }
        return (w, bias.Select(v => (float)v).ToArray());
    }

    private static ValueInfoProto Value(string name, int columns) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = (int)TensorProto.Types.DataType.Float,
                Shape = new TensorShapeProto
                {
                    Dim =
                    {
                        new TensorShapeProto.Types.Dimension { DimParam = "N" },
                        new TensorShapeProto.Types.Dimension { DimValue = columns },
                    },
                },
            },
        },
    };

    private static TensorProto Tensor(string name, long[] dims, float[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        return t;
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, I = value, Type = AttributeProto.Types.AttributeType.Int };

    private static NodeProto Node(string op, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{output}", Domain = "" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }
}
