using System.Text.Json;
using Kullback.Tests.Support;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Compare;

/// <summary>
/// <c>compare --logits</c> on safetensors files and llama.cpp KL-divergence base files (Fixtures/LlmLogits, written by
/// hand in Python from the formats) gives the same numbers as the same values in NPY, which the numpy float64
/// reference checks (CompareLogitsTests).
/// </summary>
public sealed class CompareLlmLogitsTests
{
    private static string L(string name) => TestPaths.Fixture(Path.Combine("LlmLogits", name));

    private static string C(string name) => TestPaths.Fixture(Path.Combine("Compare", name));

    /// <summary>The JSON report without the dtype fields (which name the file format).</summary>
    private static Dictionary<string, string> Report(params string[] args)
    {
        var (code, output, error) = Run(["compare", "--logits", .. args, "--json"]);
        Assert.True(code == 0, error);
        return JsonDocument.Parse(output).RootElement.EnumerateObject()
            .Where(p => !p.Name.StartsWith("dtype_", StringComparison.Ordinal))
            .ToDictionary(p => p.Name, p => p.Value.GetRawText());
    }

    [Theory]
    [InlineData("a_f32.safetensors", "b_f32.safetensors", "f32_f32_a.npy", "f32_f32_b.npy")]
    [InlineData("a_f32.safetensors", "b_f16.safetensors", "f32_f32_a.npy", "LlmLogits/b_f16.npy")]
    [InlineData("a_f32.safetensors", "b_bf16.safetensors", "f32_f32_a.npy", "LlmLogits/b_bf16_as_f32.npy")]
    public void SafetensorsGiveTheNumbersOfTheSameValuesInNpy(string a, string b, string npyA, string npyB)
    {
        string N(string f) => f.StartsWith("LlmLogits/", StringComparison.Ordinal) ? L(f["LlmLogits/".Length..]) : C(f);
        var fromSafetensors = Report(L(a), L(b));
        var fromNpy = Report(N(npyA), N(npyB));
        Assert.Equal(fromNpy, fromSafetensors);
        Assert.Equal("37", fromSafetensors["tokens"]);
    }

    [Fact]
    public void SafetensorsDTypesAreNamedInTheReport()
    {
        var (code, output, error) = Run("compare", "--logits", L("a_f32.safetensors"), L("b_bf16.safetensors"), "--json");
        Assert.True(code == 0, error);
        var r = JsonDocument.Parse(output).RootElement;
        Assert.Equal("F32", r.GetProperty("dtype_a").GetString());
        Assert.Equal("BF16", r.GetProperty("dtype_b").GetString());
    }

    [Fact]
    public void ATensorIsChosenByName()
    {
        var named = Report(L("two_tensors.safetensors"), L("b_f32.safetensors"), "--tensor", "logits");
        Assert.Equal(Report(C("f32_f32_a.npy"), C("f32_f32_b.npy")), named);
    }

    [Fact]
    public void LlamaBaseFilesGiveTheNumbersOfTheirDecodedLogProbabilitiesAndStoredTokens()
    {
        var fromBase = Report(L("base_a.kld"), L("base_b.kld"));
        var fromNpy = Report(L("base_a_logp.npy"), L("base_b_logp.npy"), "--tokens", L("base_tokens.npy"));
        Assert.Equal(fromNpy, fromBase);
        Assert.True(fromBase.ContainsKey("ppl_a"), "the stored tokens give the token statistics");
        var reference = JsonDocument.Parse(File.ReadAllText(L("llama_reference.json"))).RootElement;
        Assert.Equal(((int)reference.GetProperty("rows").GetDouble()).ToString(System.Globalization.CultureInfo.InvariantCulture), fromBase["tokens"]);
        foreach (var (ours, key) in new[] { ("kl_mean", "ours_kl_mean"), ("kl_mean_stderr", "ours_kl_mean_stderr"), ("ppl_a", "ppl_a"), ("ppl_b", "ppl_b"), ("top1_agreement", "same_top") })
        {
            double got = double.Parse(fromBase[ours], System.Globalization.CultureInfo.InvariantCulture), want = reference.GetProperty(key).GetDouble();
            Assert.True(Math.Abs(got - want) <= 1e-6 * Math.Abs(want), $"{ours}: {got:R}, numpy float64 {want:R}");
        }
    }

    [Fact]
    public void BothDirectionsOfTwoBaseFilesAreAvailable()
    {
        var forward = Report(L("base_a.kld"), L("base_b.kld"));
        var backward = Report(L("base_b.kld"), L("base_a.kld"));
        Assert.Equal(forward["kl_mean"], backward["kl_reverse_mean"]);
        Assert.Equal(forward["kl_reverse_mean"], backward["kl_mean"]);
    }

    [Theory]
    [InlineData("two_tensors.safetensors", "holds 2 tensors (\"hidden\", \"logits\"); choose one with --tensor NAME")]
    [InlineData("bad_dtype.safetensors", "tensor \"logits\" is I32; logits must be F32, F16 or BF16")]
    [InlineData("truncated.safetensors", "truncated safetensors file")]
    [InlineData("base_truncated.kld", "truncated llama.cpp base file: n_ctx 16, n_vocab 51, n_chunk 3 need 2564 bytes, the file has 2557")]
    [InlineData("base_bad_token.kld", "= 51 is outside the vocabulary [0, 51)")]
    public void BadFilesAreClearErrors(string file, string message)
    {
        string other = file.EndsWith(".kld", StringComparison.Ordinal) ? L("base_a.kld") : L("a_f32.safetensors");
        var (code, output, error) = Run("compare", "--logits", L(file), other);
        Assert.Equal(1, code);
        Assert.Contains(message, error);
        Assert.Equal("", output);
    }

    [Fact]
    public void AMissingTensorNameListsTheTensors()
    {
        var (code, _, error) = Run("compare", "--logits", L("two_tensors.safetensors"), L("b_f32.safetensors"), "--tensor", "lm_head");
        Assert.Equal(1, code);
        Assert.Contains("no tensor named \"lm_head\"; the file holds \"hidden\", \"logits\"", error);
    }

    [Fact]
    public void BaseFilesOfDifferentTextsAreRefused()
    {
        var (code, _, error) = Run("compare", "--logits", L("base_a.kld"), L("base_b.kld"), "--tokens", C("f32_f32_t.npy"));
        Assert.Equal(1, code);
        Assert.Contains("tokens", error);
    }
}
