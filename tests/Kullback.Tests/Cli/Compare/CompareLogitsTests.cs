using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Tests.Support;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Compare;

public class CompareLogitsTests
{
    private static string F(string name) => TestPaths.Fixture(Path.Combine("Compare", name));

    [Theory]
    [InlineData("f32_f32", true, "1")]
    [InlineData("f32_f32", true, "3")]
    [InlineData("f32_f16", true, "2")]
    [InlineData("f16_f16_masked", false, "1")]
    [InlineData("ties_small_vocab", true, "2")]
    [InlineData("confident", true, "3")]
    public void EveryStatisticMatchesTheFloat64NumpyReferenceTo1e6Relative(string name, bool tokens, string threads)
    {
        var expected = JsonDocument.Parse(File.ReadAllText(F("logits_reference.json"))).RootElement.GetProperty("cases").GetProperty(name);
        var args = new List<string> { "compare", "--logits", F($"{name}_a.npy"), F($"{name}_b.npy"), "--threads", threads, "--json" };
        if (tokens) args.AddRange(["--tokens", F($"{name}_t.npy")]);
        var (code, output, error) = Run([.. args]);
        Assert.True(code == 0, error);
        var actual = JsonDocument.Parse(output).RootElement;
        int checkedCount = 0;
        foreach (var p in expected.EnumerateObject())
        {
            double want = p.Value.GetDouble();
            double got = Actual(actual, p.Name);
            Assert.True(Math.Abs(got - want) <= 1e-6 * Math.Abs(want), $"{p.Name}: got {got:R}, numpy float64 {want:R}");
            checkedCount++;
        }
        // 15 KL statistics + 7 report values + 10 bucket counts + the non-empty buckets' means (+ 15 token statistics)
        int buckets = expected.EnumerateObject().Count(p => p.Name.EndsWith("_kl_mean"));
        Assert.Equal((tokens ? 15 + 15 : 15) + 7 + 10 + buckets, checkedCount);
        Assert.True(buckets >= 4);
    }

    /// <summary>The fixture flattens kl_mean_ci95 into _lo/_hi and kl_by_confidence into kl_by_confidence_J_rows/_kl_mean.</summary>
    private static double Actual(JsonElement actual, string name)
    {
        if (name == "kl_mean_ci95_lo") return actual.GetProperty("kl_mean_ci95")[0].GetDouble();
        if (name == "kl_mean_ci95_hi") return actual.GetProperty("kl_mean_ci95")[1].GetDouble();
        if (name.StartsWith("kl_by_confidence_", StringComparison.Ordinal))
        {
            var parts = name["kl_by_confidence_".Length..].Split('_', 2);
            var bucket = actual.GetProperty("kl_by_confidence")[int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture)];
            Assert.Equal(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) / 10.0, bucket.GetProperty("lo").GetDouble(), 1e-12);
            return bucket.GetProperty(parts[1]).GetDouble();
        }
        return JsonOut.ReadNumber(actual.GetProperty(name), name);
    }

    [Fact]
    public void EmptyConfidenceBucketsHaveANullMeanAndBucketRowsAddUpToTheTokens()
    {
        var (code, output, error) = Run("compare", "--logits", F("f32_f32_a.npy"), F("f32_f32_b.npy"), "--json");
        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        var buckets = root.GetProperty("kl_by_confidence").EnumerateArray().ToList();
        Assert.Equal(10, buckets.Count);
        Assert.Equal(1.0, buckets[9].GetProperty("hi").GetDouble());
        Assert.Equal(37, buckets.Sum(b => b.GetProperty("rows").GetInt64()));
        Assert.Equal(JsonValueKind.Null, buckets[9].GetProperty("kl_mean").ValueKind);
    }

    [Fact]
    public void ResultIsIdenticalOnOneAndThreeThreads()
    {
        var one = Run("compare", "--logits", F("f32_f32_a.npy"), F("f32_f32_b.npy"), "--tokens", F("f32_f32_t.npy"), "--threads", "1", "--json");
        var three = Run("compare", "--logits", F("f32_f32_a.npy"), F("f32_f32_b.npy"), "--tokens", F("f32_f32_t.npy"), "--threads", "3", "--json");
        Assert.Equal(one.Out, three.Out);
    }

    [Fact]
    public void TableNamesTheStatistics()
    {
        var (code, output, _) = Run("compare", "--logits", F("f32_f16_a.npy"), F("f32_f16_b.npy"), "--tokens", F("f32_f16_t.npy"), "--threads", "1");
        Assert.Equal(0, code);
        foreach (var label in new[] { "KL mean", "KL median", "KL 99.9%", "top-1 agreement", "PPL(A)", "Δp RMS" }) Assert.Contains(label, output);
    }

    [Fact]
    public void MismatchedShapesUnknownDtypesTruncatedFilesAndBadTokensAreClearErrors()
    {
        var shapes = Run("compare", "--logits", F("f32_f32_a.npy"), F("f32_f16_b.npy"));
        Assert.Equal(ExitCodes.Failure, shapes.Code);
        Assert.Contains("shapes differ", shapes.Err);
        Assert.Contains("(37, 1000)", shapes.Err);

        var dtype = Run("compare", "--logits", F("f32_f32_t.npy"), F("f32_f32_b.npy"));
        Assert.Equal(ExitCodes.Failure, dtype.Code);
        Assert.Contains("float32 (f4) or float16 (f2)", dtype.Err);

        var truncated = Run("compare", "--logits", TestPaths.Fixture("Npy/truncated_data.npy"), F("f32_f32_b.npy"));
        Assert.Equal(ExitCodes.Failure, truncated.Code);
        Assert.Contains("truncated NPY file", truncated.Err);

        var tokens = Run("compare", "--logits", F("f32_f32_a.npy"), F("f32_f32_b.npy"), "--tokens", F("f32_f16_t.npy"));
        Assert.Equal(ExitCodes.Failure, tokens.Code);
        Assert.Contains("one per row", tokens.Err);
        Assert.DoesNotContain("   at ", tokens.Err);
    }
}
