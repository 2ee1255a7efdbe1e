using System.Text;
using Kullback.Cli.Common;
using Kullback.Learning.Data;
using Kullback.Learning.Models;
using Kullback.Tests.Support;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli;

/// <summary>
/// Models compute in float32 (issue 10, item 13): a feature beyond ±3.4e38 is an error naming the file, line or row, and
/// column; a model whose arithmetic overflows on in-range features names the data and the row's largest feature — where
/// 1e308 features used to give NaN logits and a bare "logits row 0" (or NaN metrics).
/// </summary>
public sealed class FeatureOverflowTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kullback-overflow-" + Guid.NewGuid().ToString("N"));

    public FeatureOverflowTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A little-endian float64 C-order NPY (format 1.0) of <paramref name="rows"/> × <paramref name="cols"/>.</summary>
    private string WriteNpy(string name, double[] values, int rows, int cols)
    {
        string header = $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({rows}, {cols}), }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        using var stream = File.Create(Path.Combine(_dir, name));
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        foreach (var v in values) stream.Write(BitConverter.GetBytes(v));
        return Path.Combine(_dir, name);
    }

    /// <summary>A softmax model of 2 inputs and 2 classes with every parameter <paramref name="weight"/>.</summary>
    private string WriteModel(string name, float weight, FeatureScaler scaler)
    {
        var spec = new ModelSpec(ModelKind.Softmax, 2, 2, []);
        var parameters = Enumerable.Repeat(weight, (int)spec.ParameterCount).ToArray();
        string path = Path.Combine(_dir, name);
        ModelFile.Save(new Classifier([new Network(spec, parameters)], scaler), path);
        return path;
    }

    private static string Rows(params string[] rows) => string.Join("\n", rows) + "\n";

    private static string Repeat(int times, params string[] rows) => Rows([.. Enumerable.Repeat(rows, times).SelectMany(r => r)]);

    [Fact]
    public void CsvFeatureBeyondFloat32IsNamedByLineAndColumn()
    {
        string csv = Write("t.csv", Repeat(5, "1,2,0", "3,4,1").TrimEnd('\n') + "\n5,1e308,1\n");
        var (code, _, err) = Run("train", "--data", csv, "--epochs", "1");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("kullback: t.csv: line 11, column 2: 1e308 is outside the float32 range ±3.4e38 (features are float32)", err.Trim());
    }

    [Fact]
    public void NpyFeatureBeyondFloat32IsNamedByRowAndColumn()
    {
        var values = new double[12 * 3];
        for (int r = 0; r < 12; r++) (values[3 * r], values[3 * r + 1], values[3 * r + 2]) = (r, -r, r % 2);
        values[3 * 7 + 1] = -1e308;
        var (code, _, err) = Run("train", "--data", WriteNpy("t.npy", values, 12, 3), "--epochs", "1");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("kullback: t.npy: row 7, column 1: -1E+308 is outside the float32 range ±3.4e38 (features are float32)", err.Trim());
    }

    [Fact]
    public void PredictLineWithAFeatureBeyondFloat32AnswersWithItsError()
    {
        string model = WriteModel("m.kbm", 0.5f, FeatureScaler.Identity(2));
        string input = Write("x.jsonl", "{\"id\":1,\"x\":[1,2]}\n{\"id\":2,\"x\":[1,1e308]}\n");
        var (code, output, _) = Run("predict", "--model", model, "--input", input);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.StartsWith("{\"id\":1,\"predicted\":", lines[0]);
        Assert.Equal("{\"id\":2,\"error\":\"line 2: x[1] = 1E+308: outside the float32 range ±3.4e38 (the model computes in float32)\"}", lines[1]);
    }

    [Fact]
    public void OverflowingLogitsNameTheDataAndTheRowsLargestFeature()
    {
        // Every weight 1e38: W·x overflows float32 on features 10 and 20, and softmax of ∞ is NaN.
        string model = WriteModel("big.kbm", 1e38f, FeatureScaler.Identity(2));
        string csv = Write("d.csv", Repeat(5, "10,10,0", "20,-20,1"));
        var (code, _, err) = Run("evaluate", "--model", model, "--data", csv, "--all");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.StartsWith($"kullback: {csv}: the model's float32 logits overflow (NaN or ∞) on a row whose largest feature is feature ", err);
        Assert.Contains("features far outside the range the model was trained on", err);
        Assert.DoesNotContain("NaN\n", err);

        var (calibrateCode, _, calibrateErr) = Run("calibrate", "--model", model, "--data", csv, "--test-fraction", "0.5");
        Assert.Equal(ExitCodes.Failure, calibrateCode);
        Assert.StartsWith($"kullback: {csv}: the model's float32 logits overflow (NaN or ∞)", calibrateErr);

        string input = Write("x.jsonl", "{\"id\":1,\"x\":[20,-20]}\n");
        var (predictCode, output, _) = Run("predict", "--model", model, "--input", input);
        Assert.Equal(ExitCodes.Failure, predictCode);
        Assert.Contains("line 1: the model's float32 logits overflow (NaN or ∞) on this x, whose largest feature is x[0] = 20", output);
    }

    [Fact]
    public void AFeatureThatOverflowsOnceScaledIsNamedWithItsValue()
    {
        // Fitted on a tiny range (scale 1e30): 1e10 is far outside it and (1e10 − 0)·1e30 overflows float32.
        string model = WriteModel("scaled.kbm", 0.5f, new FeatureScaler(ScalingKind.PerColumn, [0f, 0f], [1e30f, 1f]));
        string csv = Write("d.csv", Repeat(5, "0,1,0", "1e10,1,1"));
        var (code, _, err) = Run("evaluate", "--model", model, "--data", csv, "--all");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Matches($"^kullback: {System.Text.RegularExpressions.Regex.Escape(csv)}: row [0-9]+, feature 1: 1E\\+10 overflows float32 once scaled, \\(1E\\+10 − 0\\)·1E\\+30: far outside the range the scaling was fitted on", err);
    }

    [Fact]
    public void AFeatureRangeWiderThanFloat32CannotBeMinMaxScaled()
    {
        string csv = Write("wide.csv", Repeat(5, "-3e38,1,0", "3e38,2,1"));
        var (code, _, err) = Run("train", "--data", csv, "--scale", "column", "--epochs", "1");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.StartsWith("kullback: wide.csv (train): feature 1 of 2 ranges over [-3E+38, 3E+38], wider than float32 holds (3.4e38); rescale the data", err);
    }
}

/// <summary>Bad option values that reach the library exit 2 and name the option (issue 10, item 17).</summary>
public sealed class OptionValueErrorTests
{
    private static (int Code, string Err) Run(params string[] args)
    {
        var (code, _, error) = KullbackCli.Run(args);
        return (code, error.Trim());
    }

    [Theory]
    [InlineData("kullback: --p: p sums to 1.2: probabilities must sum to 1 within 1e-6 (or normalise: normalize: true, --normalize)", "measure", "--p", "0.6,0.6", "--q", "0.5,0.5")]
    [InlineData("kullback: --p-index: p: class index 5 is out of range for 2 classes", "measure", "--p-index", "5", "--q", "0.5,0.5")]
    [InlineData("kullback: --q-logits: q[0] = Infinity: logits must be finite or -∞", "measure", "--p", "1,0", "--q-logits=inf,0")]
    [InlineData("kullback: --validation 0.0001: fraction 0.0001 of 1438 rows leaves one side empty", "train", "--validation", "0.0001", "--epochs", "1")]
    public void ExitTwoNamingTheOption(string expected, params string[] args)
    {
        var (code, err) = Run(args);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(expected, err);
    }
}
