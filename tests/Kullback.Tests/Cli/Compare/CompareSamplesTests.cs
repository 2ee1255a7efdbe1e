using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Tests.Support;

namespace Kullback.Tests.Cli.Compare;

public class CompareSamplesTests
{
    private static string F(string name) => TestPaths.Fixture(Path.Combine("Compare", name));

    private static JsonElement Reference(string section) =>
        JsonDocument.Parse(File.ReadAllText(F("samples_reference.json"))).RootElement.GetProperty(section);

    private static JsonElement Json(params string[] args)
    {
        var (code, output, error) = KullbackCli.Run(args);
        Assert.True(code == 0, error);
        return JsonDocument.Parse(output).RootElement;
    }

    private static void AssertMatches(JsonElement expected, JsonElement actual, params string[] keys)
    {
        foreach (var key in keys)
        {
            double want = expected.GetProperty(key).GetDouble();
            double got = JsonOut.ReadNumber(actual.GetProperty(key), key);
            Assert.True(Math.Abs(got - want) <= 1e-12 * Math.Max(1, Math.Abs(want)), $"{key}: got {got:R}, reference {want:R}");
        }
    }

    [Fact]
    public void TextColumnIsCategoricalAndMatchesScipyWithLaplaceSmoothing()
    {
        var r = Json("compare", F("cat_a.csv"), F("cat_b.csv"), "--column", "color", "--smoothing", "laplace", "--json");
        Assert.Equal("categorical", r.GetProperty("method").GetString());
        AssertMatches(Reference("categorical_laplace"), r, "kl", "reverse_kl", "js", "psi", "entropy_a", "entropy_b");
    }

    [Fact]
    public void CategorySeenOnlyInAMakesKlInfiniteAndTheOutputSaysWhy()
    {
        var r = Json("compare", F("cat_a.csv"), F("cat_b.csv"), "--column", "1", "--json");
        Assert.Equal("Infinity", r.GetProperty("kl").GetString());
        Assert.True(double.IsFinite(r.GetProperty("reverse_kl").GetDouble()));
        Assert.Contains("category 'violet' occurs in A but never in B", r.GetProperty("notes")[0].GetString());
        var (_, table, _) = KullbackCli.Run("compare", F("cat_a.csv"), F("cat_b.csv"), "--column", "color");
        Assert.Contains("note: category 'violet' occurs in A but never in B, so D(A‖B) = +∞", table);
    }

    [Fact]
    public void NumericColumnDefaultsToFreedmanDiaconisHistogramMatchingNumpyAndScipy()
    {
        var expected = Reference("histogram_x_fd_jeffreys_kl_js");
        var smoothed = Json("compare", F("num_a.csv"), F("num_b_noheader.csv"), "--column", "0", "--smoothing", "jeffreys", "--json");
        Assert.Equal("histogram", smoothed.GetProperty("method").GetString());
        Assert.Contains("default for one numeric column", smoothed.GetProperty("method_detail").GetString());
        Assert.Equal(expected.GetProperty("bins").GetDouble() + 1, smoothed.GetProperty("edges").GetArrayLength());
        AssertMatches(expected, smoothed, "kl", "reverse_kl", "js");
        var plain = Json("compare", F("x_a.npy"), F("num_b_noheader.csv"), "--column", "0", "--json");
        AssertMatches(expected, plain, "entropy_a", "entropy_b");
    }

    [Fact]
    public void SeveralNumericColumnsUseKnnInThatManyDimensions()
    {
        var r = Json("compare", F("num_a.csv"), F("xy_b.npy"), "--method", "knn", "--k", "4", "--json");
        Assert.Equal("knn", r.GetProperty("method").GetString());
        Assert.Equal(2, r.GetProperty("columns").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("js").ValueKind);
        // D(N(0,1)×N(0,1) ‖ N(0.3,1.2²)×N(0,1)) = log 1.2 + (1 + 0.09)/(2·1.44) − ½ ≈ 0.0608; n = 400 gives SE ≈ 0.08.
        double kl = r.GetProperty("kl").GetDouble();
        Assert.InRange(kl, 0.0608 - 4 * 0.08, 0.0608 + 4 * 0.08);
    }

    [Fact]
    public void BootstrapGivesSeededIntervalsAroundTheEstimate()
    {
        string[] args = ["compare", F("cat_a.csv"), F("cat_b.csv"), "--column", "color", "--smoothing", "0.5", "--bootstrap", "200", "--seed", "7", "--json"];
        var r = Json(args);
        var again = Json(args);
        Assert.Equal(r.GetRawText(), again.GetRawText());
        var ci = r.GetProperty("intervals").GetProperty("kl");
        double kl = r.GetProperty("kl").GetDouble();
        Assert.True(ci[0].GetDouble() < kl && kl < ci[1].GetDouble(), r.GetRawText());
        Assert.Equal(200, r.GetProperty("bootstrap").GetInt32());
    }

    [Fact]
    public void QuotedCellsAreUnescapedAndAHeaderCanBeForced()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kullback-compare-quoted-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string a = Path.Combine(dir, "a.csv"), b = Path.Combine(dir, "b.csv");
            File.WriteAllText(a, "city\n\"New York, NY\"\nParis\nParis\n");
            File.WriteAllText(b, "city\nParis\n\"New York, NY\"\n");
            var r = Json("compare", a, b, "--header", "yes", "--json");
            Assert.Equal("categorical", r.GetProperty("method").GetString());
            // P = (1/3, 2/3), Q = (1/2, 1/2): D(P‖Q) = ⅓ log ⅔ + ⅔ log ⁴⁄₃
            Assert.Equal(Math.Log(2.0 / 3) / 3 + 2 * Math.Log(4.0 / 3) / 3, r.GetProperty("kl").GetDouble(), 1e-15);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ReportDrawsBothDistributionsAndListsTheMeasures()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kullback-compare-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, output, error) = KullbackCli.Run("compare", F("num_a.csv"), F("num_b_noheader.csv"), "--column", "0", "--report", dir);
            Assert.True(code == 0, error);
            Assert.Contains("report: ", output);
            var html = File.ReadAllText(Path.Combine(dir, "index.html"));
            Assert.Contains("D(A‖B)", html);
            Assert.True(new FileInfo(Path.Combine(dir, "histogram.png")).Length > 1000);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("ragged.csv", "line 3: ragged row of 1 cells")]
    [InlineData("nan_cell.csv", "line 4, column 1 (x): NaN cell")]
    [InlineData("empty.csv", "empty input")]
    [InlineData("header_only.csv", "empty input")]
    public void BadFilesAreClearErrors(string file, string message)
    {
        var (code, _, error) = KullbackCli.Run("compare", F(file), F("num_a.csv"), "--column", "0");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public void DimensionMismatchAndMissingColumnChoiceAreErrors()
    {
        var mismatch = KullbackCli.Run("compare", F("x_a.npy"), F("xy_b.npy"), "--method", "knn");
        Assert.Equal(ExitCodes.Failure, mismatch.Code);
        Assert.Contains("dimension mismatch", mismatch.Err);
        var choose = KullbackCli.Run("compare", F("num_a.csv"), F("xy_b.npy"));
        Assert.Equal(ExitCodes.Usage, choose.Code);
        Assert.Contains("--column", choose.Err);
        var knnBoot = KullbackCli.Run("compare", F("num_a.csv"), F("xy_b.npy"), "--method", "knn", "--bootstrap", "10");
        Assert.Equal(ExitCodes.Usage, knnBoot.Code);
    }

    [Fact]
    public void ExplicitBinsHaveTheCapOfAutomaticBinning()
    {
        // Issue 10, item 6: --bins 1000000000 allocated 12.8 GB and climbed; now a usage error before any reading.
        var (code, _, error) = KullbackCli.Run("compare", "no-such-a.csv", "no-such-b.csv", "--bins", "1000000000");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("kullback: --bins 1000000000: at most 1000000 bins (the cap of fd too)", error.Trim());
        var e = Assert.Throws<ArgumentException>(() => Kullback.Estimation.Histograms.Edges([1.0, 2.0], [3.0], 1_000_001));
        Assert.StartsWith("1000001 bins: at most 1000000", e.Message);
    }
}
