using System.CommandLine;
using System.Text.Json;
using Kullback.Cli;
using Kullback.Cli.Common;
using Kullback.Tests.Support;
using Kullback.Cli.Measure;
using Kullback.Measures;

namespace Kullback.Tests.Cli;

/// <summary><c>kullback measure --divergences …</c> and JSON lines with <c>"divergences"</c>.</summary>
public class MeasureDivergencesCommandTests
{
    private static (int Code, string Out, string Err) Run(string[] args, string? stdin = null)
    {
        var (code, output, error) = stdin is null ? KullbackCli.Run(args) : KullbackCli.RunOverStdin(MeasureCommand.Create, stdin, args);
        return (code, output.Replace("\r", ""), error);
    }

    [Fact]
    public void JsonHasTheRequestedDivergencesFromTheLibrary()
    {
        var (code, output, _) = Run(["measure", "--p", "0.2,0.8", "--q", "0.6,0.4", "--json", "--bits",
            "--divergences", "hellinger,total_variation,chi2,bhattacharyya,renyi:0.5,tsallis:2,renyi_entropy:inf,tsallis_entropy:2"]);
        Assert.Equal(ExitCodes.Success, code);
        var d = JsonDocument.Parse(output).RootElement.GetProperty("divergences");
        double[] p = [0.2, 0.8], q = [0.6, 0.4];
        Assert.Equal(Hellinger.Distance(p, q), d.GetProperty("hellinger").GetDouble());
        Assert.Equal(0.4, d.GetProperty("total_variation").GetDouble(), 1e-15);
        Assert.Equal(0.16 / 0.6 + 0.16 / 0.4, d.GetProperty("chi2").GetDouble(), 1e-15);
        Assert.Equal(Hellinger.Bhattacharyya(p, q, LogBase.Bits), d.GetProperty("bhattacharyya").GetDouble());
        Assert.Equal(Renyi.Divergence(p, q, 0.5, LogBase.Bits), d.GetProperty("renyi:0.5").GetDouble());
        Assert.Equal(Tsallis.RelativeEntropy(p, q, 2), d.GetProperty("tsallis:2").GetDouble());
        Assert.Equal(-Math.Log2(0.8), d.GetProperty("renyi_entropy:inf").GetDouble(), 1e-15);
        Assert.Equal(1 - 0.04 - 0.64, d.GetProperty("tsallis_entropy:2").GetDouble(), 1e-15);
        Assert.Equal(8, d.EnumerateObject().Count());
    }

    [Fact]
    public void TableListsThemWithUnitsOnTheLogBasedOnes()
    {
        var (code, output, _) = Run(["measure", "--p", "1,0", "--q", "0.9,0.1", "--divergences", "renyi:0.5,hellinger", "--bits"]);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("renyi:0.5", output);
        Assert.Contains("bits", output.Split("renyi:0.5")[1].Split('\n')[0]);
        Assert.DoesNotContain("bits", output.Split("hellinger")[1].Split('\n')[0]);
    }

    [Theory]
    [InlineData("foo", "'foo' is not a divergence")]
    [InlineData("renyi", "needs an order")]
    [InlineData("renyi:0", "α > 0")]
    [InlineData("tsallis:inf", "finite")]
    [InlineData("hellinger:2", "takes no order")]
    public void BadNamesAreUsageErrors(string names, string message)
    {
        var (code, output, error) = Run(["measure", "--p", "1,0", "--q", "0.9,0.1", "--divergences", names]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", output);
        Assert.Contains(message, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void JsonLinesCarryTheirOwnListAndABadLineGoesOn()
    {
        string input = """
            {"id":"a","p":[0.5,0.5],"q":[1,0],"divergences":["chi2","renyi:2","renyi:0.5"]}
            {"id":"b","p":[0.5,0.5],"q":[0.5,0.5],"divergences":["renyi:-1"]}
            {"id":"c","p":[0.5,0.5],"q":[0.25,0.75]}
            """;
        var (code, output, _) = Run(["measure", "--input", "-", "--json", "--divergences", "total_variation"], input);
        var lines = output.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(3, lines.Length);
        var a = lines[0].GetProperty("divergences");
        Assert.Equal("Infinity", a.GetProperty("chi2").GetString());
        Assert.Equal("Infinity", a.GetProperty("renyi:2").GetString());
        Assert.Equal(-2 * Math.Log(Math.Sqrt(0.5)), a.GetProperty("renyi:0.5").GetDouble(), 1e-15);
        Assert.Equal("b", lines[1].GetProperty("id").GetString());
        Assert.Contains("α > 0", lines[1].GetProperty("error").GetString());
        Assert.Equal(0.25, lines[2].GetProperty("divergences").GetProperty("total_variation").GetDouble(), 1e-15);
        Assert.NotEqual(ExitCodes.Usage, code);
    }
}
