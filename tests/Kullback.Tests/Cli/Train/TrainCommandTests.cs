using System.Text.Json;
using Kullback.Cli;
using Kullback.Cli.Common;
using Kullback.Tests.Support;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Train;

public sealed class TrainCommandTests
{
    private static JsonElement LastJson(string output) =>
        JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;

    [Fact]
    public void DefaultRunReachesNinetyFivePercentAndCeIsHPlusKl()
    {
        var (code, output, err) = Run("train", "--json");
        Assert.True(code == 0, err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(21, lines.Length);
        var final = LastJson(output);
        foreach (var key in new[] { "model", "objective", "epochs", "seconds_per_epoch", "test_accuracy", "test_cross_entropy", "test_entropy", "test_kl", "test_ece" })
            Assert.True(final.TryGetProperty(key, out _), key);
        Assert.Equal("softmax", final.GetProperty("model").GetString());
        Assert.Equal("kl", final.GetProperty("objective").GetString());
        Assert.True(final.GetProperty("test_accuracy").GetDouble() >= 0.95, final.ToString());
        Assert.Equal(final.GetProperty("test_cross_entropy").GetDouble(),
            final.GetProperty("test_entropy").GetDouble() + final.GetProperty("test_kl").GetDouble(), 1e-12);
    }

    [Fact]
    public void PlainOutputHasEpochLinesAndTestMetrics()
    {
        var (code, output, _) = Run("train", "--epochs", "2", "--label-smoothing", "0.1");
        Assert.Equal(0, code);
        Assert.Contains("epoch   2", output);
        Assert.Contains("targets: labels smoothed by ε = 0.1", output);
        Assert.Matches(@"test \(359 rows\): accuracy 0\.\d{4}  cross-entropy \d\.\d{4} = H\(P\) 0\.[1-9]\d{3} \+ D\(P‖Q\)", output);
    }

    [Fact]
    public void ReportSaveEvaluateAndPredict()
    {
        var dir = Directory.CreateTempSubdirectory("kullback-train-").FullName;
        try
        {
            string model = Path.Combine(dir, "digits.kbm"), report = Path.Combine(dir, "report");
            var (code, _, err) = Run("train", "--epochs", "3", "--model", "mlp", "--hidden", "16", "--ensemble", "2", "--save", model, "--report", report);
            Assert.True(code == 0, err);
            var html = File.ReadAllText(Path.Combine(report, "index.html"));
            var images = Directory.GetFiles(report, "*.png").Select(Path.GetFileName).ToList();
            Assert.Contains("ce_stacked_test.png", images);
            Assert.Contains("reliability.png", images);
            Assert.True(images.Count(i => i!.StartsWith("example_")) >= 6);
            foreach (var image in images)
            {
                Assert.Contains($"src=\"{image}\"", html);
                var bytes = File.ReadAllBytes(Path.Combine(report, image!));
                Assert.True(bytes.Length > 500 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G', image);
            }
            Assert.Contains("aleatoric", html);

            var (evalCode, evalOut, evalErr) = Run("evaluate", "--model", model, "--json");
            Assert.True(evalCode == 0, evalErr);
            var metrics = LastJson(evalOut);
            Assert.Equal(359, metrics.GetProperty("rows").GetInt32());
            Assert.Equal(2, metrics.GetProperty("members").GetInt32());

            var (mismatchCode, _, mismatchErr) = Run("evaluate", "--model", model, "--data", Path.Combine(TestPaths.SharedData, "breast-cancer.csv"));
            Assert.Equal(ExitCodes.Failure, mismatchCode);
            Assert.Contains("the model takes 64 features, the data has 30", mismatchErr);

            var input = Path.Combine(dir, "rows.jsonl");
            File.WriteAllText(input, "{\"id\":\"a\",\"x\":[" + string.Join(",", Enumerable.Repeat("3", 64)) + "],\"label\":1}\n{\"id\":\"b\",\"x\":[1]}\n{\"id\":\"c\",\"x\":[1],\"lable\":1}\n");
            var (predictCode, predictOut, _) = Run("predict", "--model", model, "--input", input);
            Assert.Equal(ExitCodes.Failure, predictCode);
            var lines = predictOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var first = JsonDocument.Parse(lines[0]).RootElement;
            Assert.Equal(10, first.GetProperty("q").GetArrayLength());
            Assert.True(first.GetProperty("cross_entropy").GetDouble() > 0);
            Assert.Contains("x has 1 features, the model takes 64", lines[1]);
            Assert.Contains("line 3: unknown field \\\"lable\\\" (expected id, x, label)", lines[2]); // issue 10, item 14
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void IdxFolderTrainsSoftmax()
    {
        var (code, output, err) = Run("train", "--data", Path.Combine(TestPaths.SharedData, "mnist-10k"), "--epochs", "1", "--lr", "0.001", "--batch-size", "128", "--json");
        Assert.True(code == 0, err);
        Assert.True(LastJson(output).GetProperty("test_accuracy").GetDouble() > 0.8);
    }

    [Fact]
    public void ErrorsAreOneLineWithExitCodes()
    {
        var (code, _, err) = Run("train", "--data", "/nonexistent.csv");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--data /nonexistent.csv", err);
        (code, _, err) = Run("train", "--batch-size", "0");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--batch-size 0: must be ≥ 1", err); // the option typed, not the field name (issue 10, item 17)
        var bad = Path.GetTempFileName();
        try
        {
            File.WriteAllText(bad, "1,2,0\n3,oops,1\n");
            (code, _, err) = Run("train", "--data", bad);
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains("line 2, column 2", err);
            File.WriteAllText(bad, "garbage");
            (code, _, err) = Run("evaluate", "--model", bad);
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains("not a Kullback model file", err);
        }
        finally { File.Delete(bad); }
    }

    [Fact]
    public void NpyTableTrainsAndBadArraysAreNamed()
    {
        var (code, output, err) = Run("train", "--data", TestPaths.Fixture("Learning/Data/digits400_u1.npy"), "--epochs", "10", "--json");
        Assert.True(code == 0, err);
        Assert.True(LastJson(output).GetProperty("test_accuracy").GetDouble() > 0.85, output);
        (code, _, err) = Run("train", "--data", TestPaths.Fixture("Learning/Data/fractional_label_f8.npy"));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("row 1, column 2: label 1.5 must be an integer", err);
        (code, _, err) = Run("train", "--data", TestPaths.Fixture("Learning/Data/cube_f4.npy"));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("train reads a 2-D array", err);
    }

    [Fact]
    public void LogisticRegressionOnBreastCancer()
    {
        var (code, output, err) = Run("train", "--data", Path.Combine(TestPaths.SharedData, "breast-cancer.csv"), "--model", "logistic", "--scale", "column", "--json");
        Assert.True(code == 0, err);
        Assert.True(LastJson(output).GetProperty("test_accuracy").GetDouble() > 0.9, output);
    }
}
