using Kullback.Cli.Common;
using Kullback.Tests.Support;

namespace Kullback.Tests.Cli;

/// <summary>
/// One message policy across verbs (issue 10, items 10, 11, 14, 17, 20): no .NET internals in messages, the option or JSON
/// field the user typed named, bad option values and output paths exit 2 before any work, unknown and duplicate JSON fields
/// are errors, a blank JSON line answers with an error line (CSV skips blank lines, as pandas), 1-based physical lines.
/// </summary>
public sealed class MessagePolicyTests : IDisposable
{
    private readonly TempFolder _temp = new("messages");

    /// <inheritdoc/>
    public void Dispose() => _temp.Dispose();

    private static (int Code, string Out, string Err) Run(string[] args, string? stdin = null)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var saved = Console.In;
        if (stdin is not null) Console.SetIn(new StringReader(stdin));
        try { return (CliRunner.Run(Kullback.Cli.Program.BuildRoot(), args, o, e), o.ToString(), e.ToString()); }
        finally { Console.SetIn(saved); }
    }

    private string Temp(string name, string text) => _temp.Write(name, text);

    private static void NoInternals(string message)
    {
        foreach (var internals in new[] { "(Parameter '", "Actual value was", "LineNumber:", "BytePositionInLine", "System.", "Exception" })
            Assert.DoesNotContain(internals, message);
    }

    [Fact]
    public void JsonSyntaxErrorsGiveAColumnNotDotNetPositions()
    {
        var (code, output, _) = Run(["kl", "--input", "-", "--json"], "{\"id\":1,\"p\":\"Normal(0, 1)\" x}\n");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("line 1: invalid JSON at byte 28", output);
        NoInternals(output);
    }

    [Fact]
    public void DuplicateKeysAreAnErrorInEveryJsonLinesVerb()
    {
        var (kl, klOut, _) = Run(["kl", "--input", "-", "--json"], "{\"p\":\"Normal(0, 1)\",\"p\":\"Normal(5, 1)\",\"q\":\"Normal(0, 1)\"}\n");
        Assert.Equal(ExitCodes.Failure, kl);
        Assert.Contains("line 1: field \\\"p\\\" is given twice", klOut);
        var (measure, measureOut, _) = Run(["measure", "--input", "-", "--json"], "{\"p\":[0.5,0.5],\"q\":[0.5,0.5],\"p\":[1,0]}\n");
        Assert.Equal(ExitCodes.Failure, measure);
        Assert.Contains("field \\\"p\\\" is given twice", measureOut);
    }

    [Fact]
    public void BlankJsonLinesAnswerWithAnErrorLineSoOutputLineNMatchesInputLineN()
    {
        var (code, output, _) = Run(["kl", "--input", "-", "--json"],
            "{\"id\":1,\"p\":\"Normal(0, 1)\",\"q\":\"Normal(1, 1)\"}\n\n{\"id\":3,\"p\":\"Normal(0, 1)\",\"q\":\"Normal(1, 1)\"}\n");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("{\"error\":\"line 2: blank line", lines[1]);
        Assert.StartsWith("{\"id\":3,\"kl\":0.5", lines[2]);
    }

    [Fact]
    public void KlInputRejectsUnknownFieldsAndHonoursBaseAsMeasureDoes()
    {
        var (code, output, _) = Run(["kl", "--input", "-", "--json"],
            "{\"id\":1,\"p\":\"Normal(0, 1)\",\"q\":\"Normal(1, 1)\",\"base\":2}\n" +
            "{\"id\":2,\"p\":\"Normal(0, 1)\",\"q\":\"Normal(1, 1)\",\"base\":\"bits\"}\n" +
            "{\"id\":3,\"p\":\"Normal(0, 1)\",\"q\":\"Normal(1, 1)\",\"bsae\":2}\n" +
            "{\"id\":4,\"p\":\"Normal(0, 1)\",\"q\":\"Normal(1, 1)\",\"base\":1}\n");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ExitCodes.Failure, code);
        // D(N(0,1)‖N(1,1)) = ½ nat = 1/(2 ln 2) bits.
        Assert.StartsWith($"{{\"id\":1,\"kl\":{(0.5 / Math.Log(2)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)},\"unit\":\"bits\"", lines[0]);
        Assert.Contains("\"unit\":\"bits\"", lines[1]);
        Assert.Equal("{\"id\":3,\"error\":\"line 3: unknown field \\\"bsae\\\" (expected id, p, q, base)\"}", lines[2]);
        Assert.Contains("line 4: base = 1", lines[3]);
    }

    [Theory]
    [InlineData("--test-fraction", "1.5", "--test-fraction 1.5: must be in (0, 1)")]
    [InlineData("--lr", "1e308", "--lr 1E+308: above 3.4e38")]
    [InlineData("--lr", "0", "--lr 0: must be finite and > 0")]
    [InlineData("--label-smoothing", "1", "--label-smoothing 1: must be in [0, 1)")]
    public void BadTrainOptionValuesExit2NamingTheOption(string option, string value, string expected)
    {
        var (code, _, error) = Run(["train", option, value, "--epochs", "1"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, error);
        NoInternals(error);
    }

    [Fact]
    public void OutputPathsAreCheckedBeforeTrainingAndNameTheOption()
    {
        string file = Temp("existing.txt", "x");
        string folder = Path.GetDirectoryName(file)!;
        var cases = new (string[] Args, string Expected)[]
        {
            (["train", "--save", folder], $"--save {folder}: is a folder"),
            (["train", "--save", Path.Combine(folder, "no", "such", "x.kbm")], "does not exist"),
            (["train", "--report", file], $"--report {file}: is an existing file"),
            (["calibrate", "--model", "missing.kbm", "--save", folder], $"--save {folder}: is a folder"),
            (["vi", "--model", "bayesian-linear-regression", "--prior-std", "1", "--report", file], $"--report {file}: is an existing file"),
        };
        foreach (var (args, expected) in cases)
        {
            var (code, _, error) = Run(args);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains(expected, error);
            NoInternals(error);
        }
    }

    [Fact]
    public void CsvLineNumbersArePhysicalAndOneBasedFromTheFirstLine()
    {
        // Sep 0.17 reports the first row as line 2; train said "line 2" for a text cell on line 1 (issue 10, item 10).
        string csv = Temp("t.csv", "1,x,0\n1,2,1\n");
        var (code, _, error) = Run(["train", "--data", csv, "--epochs", "1"]);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("line 1, column 2: \"x\" is not a finite number", error);
        string ragged = Temp("r.csv", "1,2\n3\n");
        var (compare, _, compareError) = Run(["compare", ragged, ragged]);
        Assert.NotEqual(ExitCodes.Success, compare);
        Assert.Contains("line 2: ragged row", compareError);
    }

    [Fact]
    public void TrainSkipsBlankCsvLinesAsCompareAndPandasDo()
    {
        var rows = new System.Text.StringBuilder();
        for (int i = 0; i < 40; i++) rows.Append($"{i % 7},{i % 3},{i % 2}\n").Append(i == 10 ? "\n" : "");
        string csv = Temp("b.csv", rows.ToString());
        // Before: "line 12: 1 columns, but the first row has 3".
        var (code, _, error) = Run(["train", "--data", csv, "--epochs", "1", "--json"]);
        Assert.True(code == ExitCodes.Success, error);
    }

    [Fact]
    public void ErrorTextDropsParameterNamesAndActualValues()
    {
        var e = new ArgumentOutOfRangeException("testFraction", 1.5, "fraction 1.5 leaves one side empty");
        Assert.Equal("fraction 1.5 leaves one side empty", ErrorText.Of(e));
    }

    [Theory]
    [InlineData(new[] { "train", "--epochs", "abc" }, "--epochs abc: expected a whole number")]
    [InlineData(new[] { "train", "--lr", "x" }, "--lr x: expected a number")]
    [InlineData(new[] { "measure", "--p-index", "1.5", "--q", "0.5,0.5" }, "--p-index 1.5: expected a whole number")]
    public void UnparsableOptionValuesAreNamedInWordsNotDotNetTypes(string[] args, string expected)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, error);
        NoInternals(error);
    }

    // Issue 10, item 19: options that do not apply were silently ignored; now an error (exit 2) before any work.
    [Theory]
    [InlineData(new[] { "train", "--hidden", "0", "--epochs", "1" }, "--hidden sizes the hidden layers of --model mlp; --model softmax has none")]
    [InlineData(new[] { "compare", "a.npy", "b.npy", "--logits", "--bootstrap", "100" }, "--bootstrap: for samples; it does not apply to --logits")]
    [InlineData(new[] { "compare", "a.csv", "b.csv", "--method", "histogram", "--k", "5" }, "--k is the neighbour order of --method knn")]
    [InlineData(new[] { "compare", "a.csv", "b.csv", "--method", "knn", "--bins", "5" }, "--bins shapes histograms; it does not apply to --method knn")]
    public void OptionsThatDoNotApplyAreErrors(string[] args, string expected)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void EarlyStoppingSaysItStoppedAndWhichEpochWasKept()
    {
        // Issue 10, item 21: it stopped silently, and the header did not mention the validation rows.
        string[] args = ["train", "--validation", "0.2", "--patience", "1", "--epochs", "30", "--lr", "0.5"];
        var (code, text, error) = Run(args);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("validation 0.2 of the 1438 train rows held out (early stopping, patience 1)", text);
        Assert.Contains("early stopping: stopped after epoch", text);

        var (jsonCode, json, _) = Run([.. args, "--json"]);
        Assert.Equal(ExitCodes.Success, jsonCode);
        var lines = json.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        var epochs = lines.Where(l => l.TryGetProperty("epoch", out _) && l.TryGetProperty("validation_cross_entropy", out _)).ToList();
        var stop = lines[^1].GetProperty("early_stopping")[0];
        Assert.True(stop.GetProperty("stopped_early").GetBoolean());
        Assert.Equal(epochs.Count, stop.GetProperty("last_epoch").GetInt32());
        Assert.True(epochs.Count < 30);
        // The kept epoch is the one with the lowest validation cross-entropy, and patience 1 stops one epoch after it.
        var lowest = epochs.MinBy(e => e.GetProperty("validation_cross_entropy").GetDouble());
        Assert.Equal(lowest.GetProperty("epoch").GetInt32(), stop.GetProperty("kept_epoch").GetInt32());
        Assert.Equal(epochs.Count - 1, stop.GetProperty("kept_epoch").GetInt32());
        Assert.Equal(288, stop.GetProperty("validation_rows").GetInt32());
        Assert.Contains($"kept epoch {stop.GetProperty("kept_epoch").GetInt32()} (validation 288 rows", text);
    }
}
