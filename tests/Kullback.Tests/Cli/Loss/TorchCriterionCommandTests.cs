using System.CommandLine;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Cli.Loss;
using Kullback.Tests.Losses;
using Kullback.Tests.Support;

namespace Kullback.Tests.Cli.Loss;

/// <summary>
/// <c>kullback loss --input - --json</c> on PyTorch's criterion tests (BCE, BCE with logits, KL with log_target, NLL),
/// sample weights and torch_compatible: every fixture request, as a user would type it, agrees with torch to 1e-10.
/// </summary>
public class TorchCriterionCommandTests
{
    private static (int Code, string[] Lines, string Error) RunStdin(string input)
    {
        var (code, stdout, stderr) = KullbackCli.RunOverStdin(LossCommand.Create, input, "loss", "--input", "-", "--json");
        return (code, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr);
    }

    /// <summary>The request with its name as the id, on one line.</summary>
    private static string Line(JsonElement c)
    {
        var request = c.GetProperty("request").GetRawText().Replace("\n", "", StringComparison.Ordinal);
        return $"{{\"id\": {JsonSerializer.Serialize(c.GetProperty("name").GetString())}, {request.TrimStart().TrimStart('{')}";
    }

    [Fact]
    public void EveryTorchCriterionFixtureThroughStandardInput()
    {
        var cases = TorchCriterionFixtures.Cases.ToList();
        var (code, lines, error) = RunStdin(string.Join("\n", cases.Select(Line)) + "\n");
        Assert.Equal("", error);
        Assert.Equal(cases.Count, lines.Length);
        Assert.Equal(ExitCodes.Success, code);
        for (int k = 0; k < cases.Count; k++)
        {
            var c = cases[k];
            string name = c.GetProperty("name").GetString()!;
            using var doc = JsonDocument.Parse(lines[k]);
            var o = doc.RootElement;
            Assert.Equal(name, o.GetProperty("id").GetString());
            var expectedLoss = TorchCriterionFixtures.Flatten(c.GetProperty("loss"));
            var loss = TorchCriterionFixtures.Flatten(o.GetProperty("loss"));
            Assert.Equal(expectedLoss.Rank, loss.Rank);                       // "none" keeps torch's shape (per row for kl)
            LossFixtures.Close(expectedLoss.Values, loss.Values, 1e-10, $"{name} loss", 1e-300);
            var expectedGrad = TorchCriterionFixtures.Flatten(c.GetProperty("grad"));
            var grad = TorchCriterionFixtures.Flatten(o.GetProperty("grad"));
            Assert.Equal(expectedGrad.Rank, grad.Rank);                       // the gradient has the input's shape
            LossFixtures.Close(expectedGrad.Values, grad.Values, 1e-10, $"{name} grad", 1e-300);
        }
    }

    [Theory]
    [InlineData("""{"objective": "binary_cross_entropy", "probs": [[0.5, 0.2]], "target_probs": [[0, 1.5]]}""", "target_probs[0, 1] = 1.5: targets must be in [0, 1]")]
    [InlineData("""{"objective": "binary_cross_entropy", "probs": [[0.5, 1.2]], "target_probs": [[0, 1]]}""", "probs[0, 1] = 1.2: probabilities must be in [0, 1]")]
    [InlineData("""{"objective": "binary_cross_entropy", "probs": [[0.5, 0.2]], "target_probs": [0, 1]}""", "target_probs is an array of 2 numbers, probs is 1 rows of 2 numbers")]
    [InlineData("""{"objective": "binary_cross_entropy_with_logits", "logits": [[0.5, 0.2]], "target_probs": [[0, 1]], "pos_weight": [1, 2, 3]}""", "pos_weight is an array of 3 numbers: expected a number or one per column (2)")]
    [InlineData("""{"objective": "binary_cross_entropy_with_logits", "logits": [[0.5, 0.2]], "target_probs": [[0, 1]], "pos_weight": [1, -2]}""", "pos_weight[1] = -2: must be finite and ≥ 0")]
    [InlineData("""{"objective": "binary_cross_entropy_with_logits", "logits": [[0.5, 0.2]], "target_probs": [[0, 1]], "weight": [[1, "NaN"]]}""", "weight[0, 1] = NaN: weights must be finite and ≥ 0")]
    [InlineData("""{"objective": "binary_cross_entropy_with_logits", "probs": [[0.5]], "target_probs": [[0]]}""", "takes its inputs in \"logits\"")]
    [InlineData("""{"objective": "binary_cross_entropy_with_logits", "logits": [0.5], "target_probs": [0], "sample_weight": [1]}""", "sample_weight needs a batch")]
    [InlineData("""{"objective": "cross_entropy", "logits": [[0.5, 1]], "target": [0], "sample_weight": [-1]}""", "sample_weight[0] = -1: sample weights must be finite and ≥ 0")]
    [InlineData("""{"objective": "cross_entropy", "logits": [[0.5, 1]], "target": [0], "sample_weight": [1, 2]}""", "sample_weight has 2 numbers, expected one per row (1)")]
    [InlineData("""{"objective": "kl", "logits": [[0.5, 1]], "target_log_probs": [[-0.1, -2]]}""", "target_log_probs goes with \"log_target\": true")]
    [InlineData("""{"objective": "kl", "logits": [[0.5, 1]], "target_probs": [[0.5, 0.5]], "log_target": true}""", "log_target: true needs the target as log-probabilities in \"target_log_probs\"")]
    [InlineData("""{"objective": "cross_entropy", "logits": [[0.5, 1]], "target_log_probs": [[-0.1, -2]], "log_target": true}""", "goes with \"objective\": \"kl\"")]
    [InlineData("""{"objective": "kl", "logits": [[0.5, 1]], "target_log_probs": [[-0.1, -2]], "log_target": true}""", "target_log_probs row 0: Σ exp(log p) does not equal 1 (tolerance 1e-06); give \"torch_compatible\": true")]
    [InlineData("""{"objective": "cross_entropy", "logits": [[0.5, 1]], "target_probs": [[0.5, 0.7]]}""", "target_probs row 0 does not sum to 1")]
    [InlineData("""{"objective": "nll", "log_probs": [[-0.5, 0.1]], "target": [0]}""", "log_probs[0, 1] = 0.1: log-probabilities must be ≤ 0 and not NaN")]
    [InlineData("""{"objective": "nll", "log_probs": [[-0.5, -1]], "target": [2]}""", "target[0] = 2: class index must be in [0, 2)")]
    [InlineData("""{"objective": "nll", "log_probs": [[-0.5, -1]], "target": [0], "weight": [1, -1]}""", "weight[1] = -1: weights must be finite and ≥ 0")]
    [InlineData("""{"objective": "nll", "logits": [[-0.5, -1]], "target": [0]}""", "takes log-probabilities in \"log_probs\"")]
    [InlineData("""{"objective": "nll", "log_probs": [[-0.5, -1]], "target": [0], "label_smoothing": 0.1}""", "unknown field \"label_smoothing\" for objective \"nll\"")]
    [InlineData("""{"objective": "hinge", "logits": [[-0.5, -1]], "target": [0]}""", "objective: \"hinge\" is not one of cross_entropy, kl, binary_cross_entropy, binary_cross_entropy_with_logits, nll")]
    [InlineData("""{"objective": "cross_entropy", "logits": [[0.5, 1]], "target": [0], "torch_compatible": 1}""", "torch_compatible: expected true or false")]
    public void BadLinesNameTheFieldTheUserTyped(string request, string message)
    {
        var (code, lines, _) = RunStdin("{\"id\": \"x\", " + request.TrimStart('{') + "\n" + """{"id": "ok", "logits": [[0, 0]], "target": [1]}""" + "\n");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal(2, lines.Length);
        using var doc = JsonDocument.Parse(lines[0]);
        Assert.Contains(message, doc.RootElement.GetProperty("error").GetString());
        Assert.Contains("\"loss\":", lines[1]);                           // the next line still runs
    }

    [Fact]
    public void TorchCompatibleChangesOnlyTheDocumentedCases()
    {
        // every row ignored: Kullback's mean is 0, torch's NaN; both with a zero gradient
        var (_, lines, _) = RunStdin(string.Join("\n",
            """{"id": 1, "logits": [[1, 2]], "target": [-100], "ignore_index": -100}""",
            """{"id": 2, "logits": [[1, 2]], "target": [-100], "ignore_index": -100, "torch_compatible": true}""",
            """{"id": 3, "logits": [[1, 2]], "target": [1], "torch_compatible": true}""",
            """{"id": 4, "logits": [[1, 2]], "target": [1]}""") + "\n");
        Assert.Contains("\"loss\":0,\"grad\":[[0,0]]", lines[0]);
        Assert.Contains("\"loss\":\"NaN\",\"grad\":[[0,0]]", lines[1]);
        Assert.Equal(lines[3][lines[3].IndexOf(',')..], lines[2][lines[2].IndexOf(',')..]);   // the same numbers where nothing differs
    }
}
