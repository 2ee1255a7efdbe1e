using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Learning.Data;
using Kullback.Learning.Models;
using Kullback.Onnx;
using Kullback.Tests.Support;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Compare;

/// <summary><c>compare --onnx</c> on the PyTorch-exported digits MLP and its 8-bit-grid copy (Fixtures/Onnx).</summary>
public sealed class CompareOnnxTests
{
    internal static string F(string name) => TestPaths.Fixture(Path.Combine("Onnx", name));

    /// <summary>
    /// ONNX Runtime computes in float32, torch's reference in float64: every statistic agrees to 1e-4 relative, or to
    /// 1e-10 nats absolute — the float32 floor of a per-row KL (rows whose KL is ~1e-8, where rounding of float32
    /// logits, ~1e-7 relative, dominates the lowest percentiles).
    /// </summary>
    [Theory]
    [InlineData("1")]
    [InlineData("3")]
    public void ReproducesTheTorchFloat64StatisticsOfThePair(string threads)
    {
        OnnxRuntimeSupport.SkipIfEmulatedArm64();
        var expected = JsonDocument.Parse(File.ReadAllText(F("onnx_reference.json"))).RootElement.GetProperty("compare");
        var (code, output, error) = Run("compare", "--onnx", F("digits_mlp.onnx"), F("digits_mlp_8bit.onnx"), "--data", "digits", "--threads", threads, "--json");
        Assert.True(code == 0, error);
        var actual = JsonDocument.Parse(output).RootElement;
        Assert.Equal("onnx-f4", actual.GetProperty("dtype_a").GetString());
        int compared = 0;
        foreach (var p in expected.EnumerateObject())
        {
            double want = p.Value.GetDouble(), got = JsonOut.ReadNumber(actual.GetProperty(p.Name), p.Name);
            Assert.True(Math.Abs(got - want) <= 1e-4 * Math.Abs(want) + 1e-10, $"{p.Name}: got {got:R}, torch float64 {want:R}");
            compared++;
        }
        Assert.Equal(20, compared);
        Assert.True(expected.GetProperty("kl_mean").GetDouble() > 1e-6);
    }

    [Fact]
    public void AModelAgainstItselfHasZeroDivergence()
    {
        OnnxRuntimeSupport.SkipIfEmulatedArm64();
        var (code, output, error) = Run("compare", "--onnx", F("digits_mlp.onnx"), F("digits_mlp.onnx"), "--data", "digits", "--json");
        Assert.True(code == 0, error);
        var actual = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0, actual.GetProperty("kl_max").GetDouble());
        Assert.Equal(1, actual.GetProperty("top1_agreement").GetDouble());
        Assert.Equal(1797, actual.GetProperty("tokens").GetInt32());
    }

    [Fact]
    public void ProbabilityOutputsAreReadAsLogProbabilities()
    {
        OnnxRuntimeSupport.SkipIfEmulatedArm64();
        var (code, output, error) = Run("compare", "--onnx", F("digits_mlp_softmax.onnx"), F("digits_mlp_softmax.onnx"), "--data", "digits", "--outputs", "probabilities", "--json");
        Assert.True(code == 0, error);
        var actual = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0, actual.GetProperty("kl_max").GetDouble());
        Assert.Equal(1797, actual.GetProperty("tokens").GetInt32());
    }

    [Fact]
    public void ClassCountsThatDifferAreAnError()
    {
        OnnxRuntimeSupport.SkipIfEmulatedArm64();
        var spec = new ModelSpec(ModelKind.Softmax, 64, 3, []);
        var path = Path.Combine(Path.GetTempPath(), $"kullback-3class-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExport.Save(new Classifier([new Network(spec, seed: 2)], FeatureScaler.Identity(64)), path);
            var (code, _, error) = Run("compare", "--onnx", F("digits_mlp.onnx"), path, "--data", "digits");
            Assert.Equal(1, code);
            Assert.Contains("class counts differ", error);
            Assert.Contains("has 10", error);
            Assert.Contains("has 3", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("README", "not an ONNX model that ONNX Runtime can load")]
    [InlineData("two_inputs.onnx", "the graph has 2 inputs (\"a\", \"b\")")]
    [InlineData("vector_output.onnx", "output \"total\" has shape [N]; N × C classes (2 dimensions) is needed")]
    public void BadModelsAreClearErrors(string model, string message)
    {
        OnnxRuntimeSupport.SkipIfEmulatedArm64();
        string path = model == "README" ? Path.Combine(TestPaths.RepositoryRoot, "README.md") : F(model);
        var (code, output, error) = Run("compare", "--onnx", F("digits_mlp.onnx"), path, "--data", "digits");
        Assert.Equal(1, code);
        Assert.Contains(message, error);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal("", output);
    }

    [Fact]
    public void AFeatureCountThatDoesNotMatchTheGraphIsAnError()
    {
        OnnxRuntimeSupport.SkipIfEmulatedArm64();
        var (code, _, error) = Run("compare", "--onnx", F("digits_mlp.onnx"), F("digits_mlp_8bit.onnx"), "--data", Path.Combine(TestPaths.RepositoryRoot, "data", "breast-cancer.csv.gz"));
        Assert.Equal(1, code);
        Assert.Contains("input \"pixels\" takes 64 features, the data has 30", error);
    }

    [Theory]
    [InlineData(new[] { "--onnx", "a.onnx", "b.onnx" }, "--onnx needs --data")]
    [InlineData(new[] { "--onnx", "--logits", "a.onnx", "b.onnx", "--data", "digits" }, "choose one")]
    [InlineData(new[] { "--logits", "a.npy", "b.npy", "--outputs", "probabilities" }, "--outputs applies to ONNX models")]
    [InlineData(new[] { "--logits", "a.npy", "b.npy", "--data", "digits" }, "--data needs --onnx")]
    public void OptionMisuseIsAUsageError(string[] args, string message)
    {
        var (code, _, error) = Run(["compare", .. args]);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
    }
}
