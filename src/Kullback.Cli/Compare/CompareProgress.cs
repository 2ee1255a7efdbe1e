using Spectre.Console;

namespace Kullback.Cli.Compare;

/// <summary>A progress bar for long comparisons, shown only on an interactive terminal and never with --json.</summary>
internal static class CompareProgress
{
    /// <summary>
    /// Runs <paramref name="work"/>, giving it a thread-safe callback that adds to the progress (out of
    /// <paramref name="total"/>); draws a bar when <paramref name="output"/> is an interactive console, else nothing.
    /// </summary>
    public static T Run<T>(TextWriter output, bool json, string label, double total, Func<Action<double>, T> work)
    {
        bool terminal = !json && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!terminal) return work(_ => { });
        T result = default!;
        AnsiConsole.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(label, maxValue: total);
                result = work(step => task.Increment(step));
                task.Value = task.MaxValue;
            });
        return result;
    }
}
