using Kullback.Cli.Common;

namespace Kullback.Tests.Cli;

public class JsonLinesTests
{
    [Fact]
    public void BadLineIsReportedAndTheRestGoesOn()
    {
        var input = new StringReader("{\"id\":1,\"x\":2}\nnot json\n\n{\"id\":\"b\",\"x\":3}\n{\"id\":4}\n");
        var output = new StringWriter();
        int code = JsonLines.Process(input, output, (obj, w) =>
            JsonOut.WriteNumber(w, "twice", 2 * JsonOut.ReadNumber(JsonLines.Required(obj, "x"), "x")));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ExitCodes.Failure, code);
        // One output line per input line (issue 10, item 20): the blank line 3 is answered with an error, not skipped.
        Assert.Equal(5, lines.Length);
        Assert.Equal("{\"id\":1,\"twice\":4}", lines[0]);
        Assert.StartsWith("{\"error\":\"line 2:", lines[1]);
        Assert.StartsWith("{\"error\":\"line 3: blank line", lines[2]);
        Assert.Equal("{\"id\":\"b\",\"twice\":6}", lines[3]);
        Assert.Equal("{\"id\":4,\"error\":\"line 5: missing \\\"x\\\"\"}", lines[4]);
    }

    [Fact]
    public void NonFiniteNumbersAreWrittenAndReadAsStrings()
    {
        var output = new StringWriter();
        int code = JsonLines.Process(new StringReader("{\"x\":\"Infinity\"}\n{\"x\":\"-Infinity\"}\n"), output, (obj, w) =>
            JsonOut.WriteNumber(w, "y", JsonOut.ReadNumber(obj.GetProperty("x"), "x")));
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("{\"y\":\"Infinity\"}\n{\"y\":\"-Infinity\"}\n", output.ToString().Replace("\r", ""));
    }

    [Fact]
    public void ALineOverTheLengthLimitIsReportedAndSkippedWithoutBuffering()
    {
        // Issue 10, item 7: a 3 GB line with no newline was buffered whole (8.4 GB, then an internal .NET error).
        var input = new StringReader("{\"id\":1,\"x\":2}\r\n{\"id\":2,\"x\":" + new string('1', 100) + "}\n{\"id\":3,\"x\":4}");
        var output = new StringWriter();
        int code = JsonLines.Process(input, output, (obj, w) =>
            JsonOut.WriteNumber(w, "twice", 2 * JsonOut.ReadNumber(JsonLines.Required(obj, "x"), "x")), maxLineChars: 50);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal(3, lines.Length);
        Assert.Equal("{\"id\":1,\"twice\":4}", lines[0].TrimEnd('\r'));
        Assert.Equal("{\"error\":\"line 2: longer than 50 characters (the line-length limit of JSON lines); skipped\"}", lines[1].TrimEnd('\r'));
        Assert.Equal("{\"id\":3,\"twice\":8}", lines[2].TrimEnd('\r'));
        Assert.Equal(64 << 20, JsonLines.MaxLineChars);
    }

    [Fact]
    public void AByteOrderMarkOnStandardInputIsAccepted()
    {
        // Issue 10, item 15: a BOM on stdin gave "'0xEF' is an invalid start of a value"; a file was accepted.
        var output = new StringWriter();
        int code = JsonLines.Process(new StringReader("\uFEFF{\"id\":1,\"x\":2}\n"), output, (obj, w) =>
            JsonOut.WriteNumber(w, "twice", 2 * JsonOut.ReadNumber(JsonLines.Required(obj, "x"), "x")));
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("{\"id\":1,\"twice\":4}", output.ToString().Trim());
    }
}
