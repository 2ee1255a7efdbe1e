using Kullback.Cli;
using Kullback.Cli.Common;

namespace Kullback.Tests.Cli;

public class ProgramTests
{
    [Fact]
    public void HelpNamesTheCommandTheUserTypesAndListsEveryVerb()
    {
        var stdout = new StringWriter();
        int code = CliRunner.Run(Program.BuildRoot(), ["--help"], stdout, new StringWriter());
        var help = stdout.ToString();
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("kullback [command] [options]", help);
        Assert.DoesNotContain("Kullback.Cli", help);
        foreach (var verb in new[] { "measure", "loss", "bench", "train", "evaluate", "predict", "kl", "vi", "compare" })
            Assert.Contains($"\n  {verb}", help);
    }

    [Fact]
    public void NoVerbIsAUsageError()
    {
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Usage, CliRunner.Run(Program.BuildRoot(), [], new StringWriter(), stderr));
        Assert.Contains("kullback --help", stderr.ToString());
    }
}
