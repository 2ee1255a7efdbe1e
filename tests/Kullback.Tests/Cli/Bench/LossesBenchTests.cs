using System.Text.Json;
using Kullback.Cli;
using Kullback.Cli.Common;

namespace Kullback.Tests.Cli.Bench;

/// <summary>The output contract of <c>kullback bench losses --json</c> (the same fields as shared/anchors/torch_losses.py); no timing is checked.</summary>
public class LossesBenchTests
{
    [Fact]
    public void JsonLinesCarryTheAnchorFields()
    {
        var stdout = new StringWriter();
        int code = CliRunner.Run(Program.BuildRoot(), ["bench", "losses", "--shapes", "3x17", "--reps", "1", "--threads", "2", "--json"], stdout, new StringWriter());
        Assert.Equal(ExitCodes.Success, code);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["ce_fwd_hard", "ce_fwdbwd_hard", "ce_fwdbwd_soft", "kl_logits_fwd"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("workload").GetString()));
        foreach (var line in lines)
        {
            var o = JsonDocument.Parse(line).RootElement;
            Assert.Equal(["impl", "workload", "rows", "cols", "threads", "ms", "min_ms"], o.EnumerateObject().Select(p => p.Name));
            Assert.Equal("kullback", o.GetProperty("impl").GetString());
            Assert.Equal(3, o.GetProperty("rows").GetInt32());
            Assert.Equal(17, o.GetProperty("cols").GetInt32());
            Assert.Equal(2, o.GetProperty("threads").GetInt32());
            Assert.True(o.GetProperty("ms").GetDouble() >= 0);
            Assert.True(o.GetProperty("min_ms").GetDouble() <= o.GetProperty("ms").GetDouble());
        }
    }

    [Fact]
    public void BadShapeIsAUsageError()
    {
        var stderr = new StringWriter();
        int code = CliRunner.Run(Program.BuildRoot(), ["bench", "losses", "--shapes", "10by3"], new StringWriter(), stderr);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("10by3", stderr.ToString());
    }

    [Fact]
    public void ShapesThatAreEmptyOrTooLargeAreUsageErrors()
    {
        // Issue 10, items 18 and 19: "--shapes ," ran nothing and exited 0; 100000x100000 said "not positive".
        var empty = Assert.Throws<Kullback.Cli.Common.UsageException>(() => Kullback.Cli.Bench.LossesBench.ParseShapes(","));
        Assert.Equal("--shapes ',': no shape given (e.g. 4096x1000,512x32000)", empty.Message);
        var big = Assert.Throws<Kullback.Cli.Common.UsageException>(() => Kullback.Cli.Bench.LossesBench.ParseShapes("100000x100000"));
        Assert.Equal("--shapes: '100000x100000' has 10000000000 values; at most 2147483647 (2³¹ − 1) per shape", big.Message);
    }
}
