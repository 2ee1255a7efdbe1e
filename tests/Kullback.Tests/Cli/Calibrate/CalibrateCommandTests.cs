using System.Text.Json;
using Kullback.Cli;
using Kullback.Cli.Common;
using Kullback.Tests.Support;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Calibrate;

public sealed class CalibrateCommandTests
{
    private static JsonElement Fixture(string name) => JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Calibration/calibration.json")))
        .RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>Writes a C-order NPY array (version 1.0) of float64 or int64.</summary>
    private static void WriteNpy(string path, string descr, int[] shape, byte[] data)
    {
        string dims = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        using var f = File.Create(path);
        f.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        f.Write(BitConverter.GetBytes((ushort)header.Length));
        f.Write(System.Text.Encoding.ASCII.GetBytes(header));
        f.Write(data);
    }

    private static string Temp() => Directory.CreateTempSubdirectory("kullback-calibrate-").FullName;

    private static (string Logits, string Labels, JsonElement Case) FixtureFiles(string dir, string name = "overconfident_10")
    {
        var c = Fixture(name);
        var z = c.GetProperty("logits").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var y = c.GetProperty("labels").EnumerateArray().Select(v => (long)v.GetInt32()).ToArray();
        int classes = c.GetProperty("classes").GetInt32();
        string lp = Path.Combine(dir, "z.npy"), yp = Path.Combine(dir, "y.npy");
        WriteNpy(lp, "<f8", [y.Length, classes], z.SelectMany(BitConverter.GetBytes).ToArray());
        WriteNpy(yp, "<i8", [y.Length], y.SelectMany(BitConverter.GetBytes).ToArray());
        return (lp, yp, c);
    }

    [Fact]
    public void SeparateFitSetReproducesTheFixtureTemperatureAndMetrics()
    {
        var dir = Temp();
        try
        {
            var (lp, yp, c) = FixtureFiles(dir);
            var (code, output, err) = Run("calibrate", "--logits", lp, "--labels", yp, "--fit-logits", lp, "--fit-labels", yp, "--json");
            Assert.True(code == 0, err);
            var j = JsonDocument.Parse(output).RootElement;
            double t = j.GetProperty("temperature").GetDouble(), reference = c.GetProperty("temperature").GetDouble();
            Assert.True(Math.Abs(t - reference) <= 1e-10 * reference, $"{t} vs {reference}");
            foreach (var key in new[] { "nll", "ece", "ece_quantile", "mce", "rms_ce", "classwise_ece", "brier" })
            {
                double expected = c.GetProperty("before").GetProperty(key).GetDouble(), actual = j.GetProperty("before").GetProperty(key).GetDouble();
                Assert.True(Math.Abs(expected - actual) <= 1e-12, $"before {key}: {expected} vs {actual}");
                // After: at our T rather than the reference T, so within what a 1e-10 relative difference in T can move.
                expected = c.GetProperty("after").GetProperty(key).GetDouble();
                actual = j.GetProperty("after").GetProperty(key).GetDouble();
                Assert.True(Math.Abs(expected - actual) <= 1e-8, $"after {key}: {expected} vs {actual}");
            }
            Assert.Equal(c.GetProperty("before").GetProperty("accuracy").GetDouble(), j.GetProperty("accuracy").GetDouble());
            var bins = j.GetProperty("after").GetProperty("bins");
            Assert.Equal(15, bins.GetArrayLength());
            Assert.Equal(600, bins.EnumerateArray().Sum(b => b.GetProperty("rows").GetInt32()));
            Assert.True(j.GetProperty("after").GetProperty("nll").GetDouble() < j.GetProperty("before").GetProperty("nll").GetDouble());
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void SeededFitFractionSaveAndCsvLabels()
    {
        var dir = Temp();
        try
        {
            var (lp, _, c) = FixtureFiles(dir);
            string csv = Path.Combine(dir, "y.csv"), saved = Path.Combine(dir, "T.txt");
            File.WriteAllLines(csv, ["label", .. c.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32().ToString())]);
            var a = Run("calibrate", "--logits", lp, "--labels", csv, "--fit-fraction", "0.5", "--seed", "2", "--bins", "10", "--save", saved, "--json");
            var b = Run("calibrate", "--logits", lp, "--labels", csv, "--fit-fraction", "0.5", "--seed", "2", "--bins", "10", "--json");
            Assert.True(a.Code == 0, a.Err);
            Assert.Equal(a.Out, b.Out);
            var j = JsonDocument.Parse(a.Out).RootElement;
            Assert.Equal(300, j.GetProperty("rows").GetInt32());
            Assert.Equal(10, j.GetProperty("before").GetProperty("bins").GetArrayLength());
            Assert.Equal(j.GetProperty("temperature").GetDouble(), double.Parse(File.ReadAllText(saved), System.Globalization.CultureInfo.InvariantCulture));
            var v = Run("calibrate", "--logits", lp, "--labels", csv, "--seed", "2", "--bins", "10", "--vector-scaling", "--json");
            Assert.True(v.Code == 0, v.Err);
            var vj = JsonDocument.Parse(v.Out).RootElement;
            Assert.Equal("vector", vj.GetProperty("method").GetString());
            Assert.Equal(10, vj.GetProperty("scale").GetArrayLength());
            Assert.True(vj.GetProperty("fit_nll_vector").GetDouble() <= vj.GetProperty("fit_nll_after").GetDouble());
            Assert.Equal(j.GetProperty("before").GetProperty("ece").GetDouble(), vj.GetProperty("before").GetProperty("ece").GetDouble());
            Assert.Equal(ExitCodes.Usage, Run("calibrate", "--logits", lp, "--labels", csv, "--vector-scaling", "--save", saved).Code);
            var table = Run("calibrate", "--logits", lp, "--labels", csv, "--seed", "2");
            Assert.Contains("ECE (15 uniform bins)", table.Out);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void BadInputsAreClearErrors()
    {
        var dir = Temp();
        try
        {
            var (lp, yp, c) = FixtureFiles(dir);
            string shortLabels = Path.Combine(dir, "short.npy"), badLabels = Path.Combine(dir, "bad.npy"), probs = Path.Combine(dir, "p.npy"),
                nan = Path.Combine(dir, "nan.npy"), oneClass = Path.Combine(dir, "one.npy");
            WriteNpy(shortLabels, "<i8", [3], new long[] { 0, 1, 2 }.SelectMany(BitConverter.GetBytes).ToArray());
            var y = c.GetProperty("labels").EnumerateArray().Select(v => (long)v.GetInt32()).ToArray();
            var bad = (long[])y.Clone();
            bad[7] = 10;
            WriteNpy(badLabels, "<i8", [y.Length], bad.SelectMany(BitConverter.GetBytes).ToArray());
            WriteNpy(probs, "<f8", [2, 2], new[] { 0.5, 0.5, 0.7, 0.4 }.SelectMany(BitConverter.GetBytes).ToArray());
            WriteNpy(nan, "<f8", [2, 2], new[] { 0.5, double.NaN, 0.7, 0.4 }.SelectMany(BitConverter.GetBytes).ToArray());
            WriteNpy(oneClass, "<i8", [y.Length], new long[y.Length].SelectMany(BitConverter.GetBytes).ToArray());
            string twoLabels = Path.Combine(dir, "two.npy");
            WriteNpy(twoLabels, "<i8", [2], new long[] { 0, 1 }.SelectMany(BitConverter.GetBytes).ToArray());

            var r = Run("calibrate", "--logits", lp, "--labels", shortLabels);
            Assert.Equal(ExitCodes.Failure, r.Code);
            Assert.Contains("row counts differ", r.Err);
            r = Run("calibrate", "--logits", lp, "--labels", badLabels);
            Assert.Contains("[7] = 10", r.Err);
            r = Run("calibrate", "--probabilities", probs, "--labels", twoLabels);
            Assert.Contains("row 1 sums to", r.Err);
            r = Run("calibrate", "--logits", nan, "--labels", twoLabels);
            Assert.Contains("= NaN", r.Err);
            r = Run("calibrate", "--logits", lp, "--labels", yp, "--fit-logits", lp, "--fit-labels", oneClass);
            Assert.Contains("one class", r.Err);
            r = Run("calibrate", "--logits", lp);
            Assert.Equal(ExitCodes.Usage, r.Code);
            r = Run("calibrate", "--logits", lp, "--labels", yp, "--fit-logits", lp);
            Assert.Equal(ExitCodes.Usage, r.Code);
            Assert.DoesNotContain("   at ", r.Err);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void ModelCalibrationThenEvaluateAndPredictWithTheTemperature()
    {
        var dir = Temp();
        try
        {
            string model = Path.Combine(dir, "d.kbm"), saved = Path.Combine(dir, "T.txt");
            Assert.Equal(0, Run("train", "--epochs", "5", "--save", model, "--json").Code);
            var cal = Run("calibrate", "--model", model, "--save", saved, "--json");
            Assert.True(cal.Code == 0, cal.Err);
            double t = JsonDocument.Parse(cal.Out).RootElement.GetProperty("temperature").GetDouble();
            var plain = JsonDocument.Parse(Run("evaluate", "--model", model, "--json").Out).RootElement;
            var scaled = JsonDocument.Parse(Run("evaluate", "--model", model, "--temperature", saved, "--json").Out).RootElement;
            Assert.Equal(t, scaled.GetProperty("temperature").GetDouble());
            Assert.Equal(plain.GetProperty("accuracy").GetDouble(), scaled.GetProperty("accuracy").GetDouble());
            Assert.NotEqual(plain.GetProperty("cross_entropy").GetDouble(), scaled.GetProperty("cross_entropy").GetDouble());
            var input = Path.Combine(dir, "x.jsonl");
            File.WriteAllText(input, "{\"id\":1,\"x\":[0,0,5,13,9,1,0,0,0,0,13,15,10,15,5,0,0,3,15,2,0,11,8,0,0,4,12,0,0,8,8,0,0,5,8,0,0,9,8,0,0,4,11,0,1,12,7,0,0,2,14,5,10,12,0,0,0,0,6,13,10,0,0,0],\"label\":0}\n");
            var p1 = JsonDocument.Parse(Run("predict", "--model", model, "--input", input).Out).RootElement;
            var p2 = JsonDocument.Parse(Run("predict", "--model", model, "--input", input, "--temperature", "2").Out).RootElement;
            Assert.Equal(p1.GetProperty("predicted").GetInt32(), p2.GetProperty("predicted").GetInt32());
            Assert.True(p2.GetProperty("confidence").GetDouble() < p1.GetProperty("confidence").GetDouble());
            Assert.True(p2.GetProperty("entropy").GetDouble() > p1.GetProperty("entropy").GetDouble());
            Assert.Equal(ExitCodes.Usage, Run("evaluate", "--model", model, "--temperature", "-1").Code);
        }
        finally { Directory.Delete(dir, true); }
    }
}
