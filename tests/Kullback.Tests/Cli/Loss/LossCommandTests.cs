using System.Text;
using System.Text.Json;
using Kullback.Cli;
using Kullback.Cli.Common;
using Kullback.Tests.Losses;

namespace Kullback.Tests.Cli.Loss;

/// <summary><c>kullback loss</c>: every PyTorch fixture through the command line, and bad lines reported in place.</summary>
public class LossCommandTests
{
    private static (int Code, string[] Lines, string Error) Run(string input, params string[] args)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kullback-loss-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, input);
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = CliRunner.Run(Program.BuildRoot(), ["loss", "--input", path, .. args], stdout, stderr);
            return (code, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void WriteNumber(Utf8JsonWriter w, double v) => JsonOut.WriteNumberValue(w, v);

    private static void WriteMatrix(Utf8JsonWriter w, string name, double[] flat, int rows, int cols)
    {
        w.WritePropertyName(name);
        w.WriteStartArray();
        for (int i = 0; i < rows; i++)
        {
            w.WriteStartArray();
            for (int c = 0; c < cols; c++) WriteNumber(w, flat[i * cols + c]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    /// <summary>The fixture case as a `kullback loss` input line.</summary>
    private static string InputLine(MulticlassCase c)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", c.Name);
            WriteMatrix(w, "logits", c.Logits, c.Rows, c.Cols);
            if (c.Target is { } y) { w.WritePropertyName("target"); w.WriteStartArray(); foreach (int t in y) w.WriteNumberValue(t); w.WriteEndArray(); }
            else WriteMatrix(w, "target_probs", c.TargetProbs!, c.Rows, c.Cols);
            w.WriteString("objective", c.Objective == "kl" ? "kl" : "cross_entropy");
            w.WriteString("reduction", c.Reduction);
            if (c.Weight is { } weight) { w.WritePropertyName("weight"); w.WriteStartArray(); foreach (var v in weight) WriteNumber(w, v); w.WriteEndArray(); }
            if (c.IgnoreIndex is { } ig) w.WriteNumber("ignore_index", ig);
            if (c.RowMask is { } mask) { w.WritePropertyName("row_mask"); w.WriteStartArray(); foreach (var b in mask) w.WriteBooleanValue(b); w.WriteEndArray(); }
            if (c.LabelSmoothing != 0) w.WriteNumber("label_smoothing", c.LabelSmoothing);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public void EveryPyTorchFixtureThroughTheCommandLine()
    {
        var cases = LossFixtures.Multiclass().ToList();
        var (code, lines, error) = Run(string.Join("\n", cases.Select(InputLine)) + "\n", "--json");
        Assert.Equal("", error);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(cases.Count, lines.Length);
        for (int k = 0; k < cases.Count; k++)
        {
            var c = cases[k];
            using var doc = JsonDocument.Parse(lines[k]);
            var o = doc.RootElement;
            Assert.Equal(c.Name, o.GetProperty("id").GetString());
            LossFixtures.Close(c.Loss, LossFixtures.Numbers(o.GetProperty("loss")), 1e-10, $"{c.Name} loss");
            var grad = o.GetProperty("grad").EnumerateArray().SelectMany(LossFixtures.Numbers).ToArray();
            LossFixtures.Close(c.Grad, grad, 1e-10, $"{c.Name} grad", LossFixtures.MaxAbs(c.Grad));
            if (c.Entropy is { } h && c.Reduction == "none")
            {
                LossFixtures.Close(h, LossFixtures.Numbers(o.GetProperty("entropy")), 1e-10, $"{c.Name} entropy", 1e-300);
                LossFixtures.Close(c.Kl, LossFixtures.Numbers(o.GetProperty("kl")), 1e-10, $"{c.Name} kl", 1e-12);
            }
        }
    }

    [Fact]
    public void BadLinesAreReportedAndTheRestGoesOn()
    {
        var input = string.Join("\n",
            """{"id": 1, "logits": [[1, 2]], "target": [7]}""",
            """{"id": 2, "logits": [[1, 2]], "target": [1], "target_probs": [[0, 1]]}""",
            """{"id": 3, "logits": [[1, 2], [3]], "target": [0, 0]}""",
            """{"id": 4, "logits": [[1, 2]], "target_probs": [[0.5, 0.6]]}""",
            """{"id": 5, "logits": [[1, 2]], "target": [0], "colour": "red"}""",
            """{"id": 6, "logits": [["-Infinity", 0]], "target": [1], "reduction": "sum"}""") + "\n";
        var (code, lines, _) = Run(input, "--json");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal(6, lines.Length);
        Assert.Contains("target[0] = 7", lines[0]);
        Assert.Contains("exactly one of", lines[1]);
        Assert.Contains("logits[1] has 1 numbers, expected 2", lines[2]);
        Assert.Contains("row 0 does not sum to 1", lines[3]);
        Assert.Contains("unknown field \\u0022colour\\u0022", lines[4].Replace("\\\"", "\\u0022"));
        Assert.Equal("""{"id":6,"loss":0,"grad":[[0,0]],"entropy":0,"cross_entropy":0,"kl":0,"rows_counted":1}""", lines[5]);
    }

    [Fact]
    public void TextOutputShowsTheDecomposition()
    {
        var (code, lines, _) = Run("""{"id": "a", "logits": [[0, 0]], "target_probs": [[0.5, 0.5]]}""" + "\n");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Single(lines);
        Assert.Contains($"H(P) {Math.Log(2):R}", lines[0]);
        Assert.Contains("D(P‖Q) 0", lines[0]);
    }
}
