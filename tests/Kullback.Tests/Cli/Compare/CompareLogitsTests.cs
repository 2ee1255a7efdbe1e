using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Tests.Support;

namespace Kullback.Tests.Cli.Compare;

public class CompareLogitsTests
{
    private static string F(string name) => TestPaths.Fixture(Path.Combine("Compare", name));

    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliRunner.Run(Kullback.Cli.Program.BuildRoot(), args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData("f32_f32", true, "1")]
    [InlineData("f32_f32", true, "3")]
    [InlineData("f32_f16", true, "2")]
    [InlineData("f16_f16_masked", false, "1")]
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
            double got = JsonOut.ReadNumber(actual.GetProperty(p.Name), p.Name);
            Assert.True(Math.Abs(got - want) <= 1e-6 * Math.Abs(want), $"{p.Name}: got {got:R}, numpy float64 {want:R}");
            checkedCount++;
        }
        Assert.Equal(tokens ? 19 : 15, checkedCount);
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
