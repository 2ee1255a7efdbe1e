using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Tests.Cli.Compare;
using Kullback.Tests.Support;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Evaluate;

/// <summary><c>evaluate --onnx</c>: accuracy and CE = H + KL of PyTorch-exported models equal torch's (float64) on every digits row.</summary>
public sealed class EvaluateOnnxTests
{
    [Theory]
    [InlineData("digits_mlp", "digits_mlp.onnx", "logits")]
    [InlineData("digits_mlp_8bit", "digits_mlp_8bit.onnx", "logits")]
    [InlineData("digits_mlp_8bit", "digits_mlp_softmax.onnx", "probabilities")]
    public void AccuracyAndCrossEntropyEqualTorch(string reference, string model, string outputs)
    {
        OnnxRuntimeSupport.SkipIfEmulatedArm64();
        var expected = JsonDocument.Parse(File.ReadAllText(CompareOnnxTests.F("onnx_reference.json"))).RootElement.GetProperty("evaluate_all").GetProperty(reference);
        var (code, output, error) = Run("evaluate", "--onnx", CompareOnnxTests.F(model), "--all", "--outputs", outputs, "--json");
        Assert.True(code == 0, error);
        var actual = JsonDocument.Parse(output).RootElement;
        Assert.Equal(expected.GetProperty("rows").GetInt32(), actual.GetProperty("rows").GetInt32());
        Assert.Equal(expected.GetProperty("accuracy").GetDouble(), actual.GetProperty("accuracy").GetDouble());
        double ce = actual.GetProperty("cross_entropy").GetDouble(), want = expected.GetProperty("cross_entropy").GetDouble();
        Assert.True(Math.Abs(ce - want) <= 1e-5 * want, $"cross-entropy {ce:R}, torch float64 {want:R}");
        Assert.Equal(ce, actual.GetProperty("entropy").GetDouble() + actual.GetProperty("kl").GetDouble(), 1e-12);
        Assert.InRange(actual.GetProperty("ece").GetDouble(), 0, 1);
    }

    [Fact]
    public void ExportedModelsEvaluateLikeTheKullbackModel()
    {
        OnnxRuntimeSupport.SkipIfEmulatedArm64();
        var dir = Path.Combine(Path.GetTempPath(), $"kullback-train-onnx-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string onnx = Path.Combine(dir, "m.onnx"), own = Path.Combine(dir, "m.model");
            foreach (var save in new[] { onnx, own })
            {
                var (code, _, error) = Run("train", "--model", "mlp", "--hidden", "24", "--epochs", "2", "--seed", "3", "--threads", "1", "--save", save, "--json");
                Assert.True(code == 0, error);
            }
            var (c1, viaOnnx, e1) = Run("evaluate", "--onnx", onnx, "--json", "--seed", "3");
            var (c2, viaModel, e2) = Run("evaluate", "--model", own, "--json", "--seed", "3");
            Assert.True(c1 == 0 && c2 == 0, e1 + e2);
            var a = JsonDocument.Parse(viaOnnx).RootElement;
            var b = JsonDocument.Parse(viaModel).RootElement;
            Assert.Equal(b.GetProperty("rows").GetInt32(), a.GetProperty("rows").GetInt32());
            Assert.Equal(b.GetProperty("accuracy").GetDouble(), a.GetProperty("accuracy").GetDouble());
            foreach (var key in new[] { "cross_entropy", "ece" })
            {
                double x = a.GetProperty(key).GetDouble(), y = b.GetProperty(key).GetDouble();
                Assert.True(Math.Abs(x - y) <= 1e-5 * Math.Abs(y) + 1e-9, $"{key}: onnx {x:R}, kullback {y:R}");
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData(new[] { "evaluate" }, "--model FILE")]
    [InlineData(new[] { "evaluate", "--model", "a", "--onnx", "b.onnx" }, "--model FILE")]
    [InlineData(new[] { "evaluate", "--model", "a", "--input-name", "x" }, "--input-name applies to ONNX models")]
    public void ModelOptionsAreChecked(string[] args, string message)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public void AMissingOnnxFileIsNamed()
    {
        var (code, _, error) = Run("evaluate", "--onnx", "no-such-model.onnx");
        Assert.NotEqual(0, code);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--onnx no-such-model.onnx: no such file", error);
    }

    [Fact]
    public void TheFeatureCountIsChecked()
    {
        OnnxRuntimeSupport.SkipIfEmulatedArm64();
        var (code, _, error) = Run("evaluate", "--onnx", CompareOnnxTests.F("digits_mlp.onnx"), "--data", Path.Combine(TestPaths.RepositoryRoot, "data", "breast-cancer.csv.gz"));
        Assert.Equal(1, code);
        Assert.Contains("takes 64 features, the data has 30", error);
    }
}
