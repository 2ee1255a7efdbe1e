using System.CommandLine;

namespace Kullback.Cli.Common;

/// <summary>Process exit codes of the tool.</summary>
public static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Success = 0;
    /// <summary>The work ran but some of it failed (a bad input line in a batch, a bad file).</summary>
    public const int Failure = 1;
    /// <summary>The command line itself was wrong: unknown option, missing or malformed value.</summary>
    public const int Usage = 2;
}

/// <summary>A mistake in how the command was called; reported on stderr with exit code 2 and no stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Parses, reports usage errors with exit code 2, runs the action, and turns exceptions into one-line errors.</summary>
public static class CliRunner
{
    /// <summary>Runs <paramref name="root"/> on <paramref name="args"/>, writing to the given streams.</summary>
    public static int Run(Command root, string[] args, TextWriter stdout, TextWriter stderr)
    {
        // No response files: "@x" is an argument like any other (System.CommandLine would read the file x, and a
        // directory or unreadable x escaped as an exception: found by the fuzzer with `kl @. …`).
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"kullback: {ErrorText.OfParse(error.Message)}");
            stderr.WriteLine("Run 'kullback --help' for usage.");
            return ExitCodes.Usage;
        }
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return parse.Invoke(config);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"kullback: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidDataException or IOException or UnauthorizedAccessException or NotSupportedException or InvalidOperationException)
        {
            stderr.WriteLine($"kullback: {ErrorText.Of(e)}");
            return ExitCodes.Failure;
        }
    }
}
