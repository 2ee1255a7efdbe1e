using System.CommandLine;
using Kullback.Cli.Common;

namespace Kullback.Tests.Support;

/// <summary>
/// Runs the <c>kullback</c> tool in this process the way its entry point does (<see cref="CliRunner.Run"/> over the
/// root command), capturing standard output and standard error. Test classes import it with
/// <c>using static Kullback.Tests.Support.KullbackCli;</c> and call <c>Run("verb", …)</c>.
/// </summary>
internal static class KullbackCli
{
    /// <summary>Runs the whole tool (<c>Program.BuildRoot()</c>) on <paramref name="args"/>.</summary>
    /// <returns>The exit code and everything written to stdout and stderr.</returns>
    public static (int Code, string Out, string Err) Run(params string[] args) => Run(Kullback.Cli.Program.BuildRoot(), args);

    /// <summary>Runs <paramref name="root"/> (a root built for the test, e.g. a verb over a given stdin) on <paramref name="args"/>.</summary>
    /// <returns>The exit code and everything written to stdout and stderr.</returns>
    public static (int Code, string Out, string Err) Run(Command root, string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliRunner.Run(root, args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// Runs one verb built over <paramref name="stdin"/> (<c>MeasureCommand.Create</c>, <c>LossCommand.Create</c>) as the
    /// only verb of a root, so <c>--input -</c> reads that text instead of the process's standard input.
    /// </summary>
    /// <returns>The exit code and everything written to stdout and stderr.</returns>
    public static (int Code, string Out, string Err) RunOverStdin(Func<TextReader, Command> verb, string stdin, params string[] args) =>
        Run(new RootCommand { verb(new StringReader(stdin)) }, args);
}
