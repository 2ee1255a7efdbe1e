using Kullback.Tests.Support;
using Kullback.Learning.Data;
using Kullback.Learning.Models;
using Kullback.Learning.Training;
using Kullback.Onnx;

namespace Kullback.Tests.Onnx;

/// <summary>
/// Kullback's classifiers exported to ONNX and run back by ONNX Runtime (an independent executor of the graph) give the
/// logits and probabilities Kullback computes: softmax, logistic, MLP with two hidden layers, an ensemble, with every
/// kind of feature scaling folded into the first layer.
/// </summary>
public sealed class OnnxExportTests
{
    private const int Rows = 97;

    public static TheoryData<string, ModelKind, int[], int, ScalingKind, int> Models => new()
    {
        { "softmax, global scaling", ModelKind.Softmax, [], 1, ScalingKind.Global, 7 },
        { "logistic, per-column scaling", ModelKind.Logistic, [], 1, ScalingKind.PerColumn, 2 },
        { "mlp 2 hidden, per-column scaling", ModelKind.Mlp, [16, 8], 1, ScalingKind.PerColumn, 5 },
        { "mlp, no scaling", ModelKind.Mlp, [12], 1, ScalingKind.None, 4 },
        { "ensemble of 3 MLPs", ModelKind.Mlp, [10], 3, ScalingKind.Global, 6 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void OnnxRuntimeOnTheExportedGraphGivesKullbacksLogitsAndProbabilities(string name, ModelKind kind, int[] hidden, int members, ScalingKind scaling, int classes)
    {
        OnnxRuntimeSupport.SkipIfEmulatedArm64();
        const int features = 11;
        var random = new Random(name.Length);
        var raw = new float[Rows * features];
        for (int i = 0; i < raw.Length; i++) raw[i] = (float)(random.NextDouble() * 20 - 5);
        var spec = new ModelSpec(kind, features, classes, hidden);
        var networks = Enumerable.Range(0, members).Select(m => new Network(spec, seed: 100 + m)).ToList();
        var labels = Enumerable.Range(0, Rows).Select(i => i % classes).ToArray();
        var scaler = FeatureScaler.Fit(new Dataset(raw, labels, features, classes, 0, 0, name), scaling);
        var model = new Classifier(networks, scaler);

        var path = Path.Combine(Path.GetTempPath(), $"kullback-export-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExport.Save(model, path);
            using var onnx = OnnxClassifier.Open(path);
            Assert.Equal(OnnxExport.InputName, onnx.InputName);
            Assert.Equal(OnnxExport.OutputName, onnx.OutputName);
            Assert.Equal(features, onnx.Features);
            Assert.Equal(classes, onnx.Classes);
            var z = new float[Rows * classes];
            onnx.Logits(raw, features, 0, Rows, z);

            var scaled = (float[])raw.Clone();
            scaler.Apply(scaled);
            var expected = Evaluator.Logits(networks, scaled);
            var q = Evaluator.Probabilities(networks, scaled);
            var qOnnx = new float[z.Length];
            PredictiveDistribution.Softmax(z, Rows, classes, qOnnx);
            double worstLogit = 0, worstP = 0;
            for (int i = 0; i < z.Length; i++)
            {
                worstLogit = Math.Max(worstLogit, Math.Abs(z[i] - expected[i]) / Math.Max(1, Math.Abs(expected[i])));
                worstP = Math.Max(worstP, Math.Abs(qOnnx[i] - q[i]));
            }
            Assert.True(worstLogit <= 1e-5, $"{name}: logits differ by {worstLogit:G3} (relative, floor 1)");
            Assert.True(worstP <= 1e-6, $"{name}: probabilities differ by {worstP:G3}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheGraphDeclaresOpset13AndItsShapes()
    {
        var spec = new ModelSpec(ModelKind.Softmax, 3, 2, []);
        var proto = OnnxExport.Build(new Classifier([new Network(spec, seed: 1)], FeatureScaler.Identity(3)));
        Assert.Equal(13, proto.OpsetImport.Single().Version);
        Assert.Equal("", proto.OpsetImport.Single().Domain);
        Assert.Equal(7, proto.IrVersion);
        var input = proto.Graph.Input.Single().Type.TensorType;
        Assert.Equal("N", input.Shape.Dim[0].DimParam);
        Assert.Equal(3, input.Shape.Dim[1].DimValue);
        Assert.Equal(["Gemm"], proto.Graph.Node.Select(n => n.OpType));
    }
}
