using Spectre.Console;

namespace Kullback.Cli.Drift;

/// <summary>
/// The progress bar of <c>kullback drift</c> on stderr: reading each input (fraction of the file) and comparing the
/// columns (columns done). Drawn only when stderr is an interactive terminal and the output is not <c>--json</c>;
/// otherwise nothing is written and the callbacks do nothing.
/// </summary>
internal sealed class DriftProgress
{
    private readonly ProgressTask? _reference, _current, _columns;

    private DriftProgress(ProgressTask? reference, ProgressTask? current, ProgressTask? columns)
    {
        _reference = reference;
        _current = current;
        _columns = columns;
    }

    /// <summary>The progress that draws nothing.</summary>
    public static DriftProgress Silent { get; } = new(null, null, null);

    /// <summary>Whether a bar is drawn: not with <c>--json</c>, only when the command's error writer is the process's stderr and that is a terminal.</summary>
    /// <param name="json">The <c>--json</c> flag.</param>
    /// <param name="error">The command's error writer.</param>
    /// <param name="errorIsTerminal">Whether the process's stderr is an interactive terminal (<see cref="ErrorIsTerminal"/>).</param>
    public static bool Shows(bool json, TextWriter error, bool errorIsTerminal) => !json && errorIsTerminal && ReferenceEquals(error, Console.Error);

    /// <summary>Whether the process's stderr is an interactive terminal (not redirected to a file or pipe).</summary>
    public static bool ErrorIsTerminal() => !Console.IsErrorRedirected;

    /// <summary>The fraction (0…1) of the reference read.</summary>
    public void Reference(double fraction)
    {
        if (_reference is not null) _reference.Value = Math.Clamp(fraction, 0, 1);
    }

    /// <summary>The fraction (0…1) of the current data read.</summary>
    public void Current(double fraction)
    {
        if (_current is not null) _current.Value = Math.Clamp(fraction, 0, 1);
    }

    /// <summary>Starts the comparison of <paramref name="columns"/> columns.</summary>
    public void StartColumns(int columns)
    {
        if (_columns is null) return;
        _columns.MaxValue = Math.Max(1, columns);
        _columns.StartTask();
    }

    /// <summary>One more column compared (thread-safe).</summary>
    public void ColumnDone() => _columns?.Increment(1);

    /// <summary>Runs <paramref name="work"/> under a bar on stderr when <paramref name="show"/>, else with <see cref="Silent"/>.</summary>
    /// <param name="show">Draw the bar (<see cref="Shows"/>).</param>
    /// <param name="referenceLabel">What the reference is (a file or a baseline).</param>
    /// <param name="currentLabel">The current file.</param>
    /// <param name="work">The work, given the progress to report to.</param>
    public static T Run<T>(bool show, string referenceLabel, string currentLabel, Func<DriftProgress, T> work)
    {
        if (!show) return work(Silent);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Detect,
        });
        T result = default!;
        console.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                ProgressTask[] tasks =
                [
                    ctx.AddTask(Markup.Escape($"read {Path.GetFileName(referenceLabel)}"), maxValue: 1),
                    ctx.AddTask(Markup.Escape($"read {Path.GetFileName(currentLabel)}"), maxValue: 1),
                    ctx.AddTask("compare columns", autoStart: false, maxValue: 1),
                ];
                result = work(new DriftProgress(tasks[0], tasks[1], tasks[2]));
                foreach (var task in tasks) task.Value = task.MaxValue;
            });
        return result;
    }
}
