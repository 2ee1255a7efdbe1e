using System.CommandLine;

namespace Kullback.Cli.Bench;

/// <summary><c>kullback bench</c>: side-by-side workloads that pair with the anchors in shared/anchors.</summary>
public static class BenchCommand
{
    /// <summary>Builds the <c>bench</c> verb with its workloads.</summary>
    public static Command Create()
    {
        var bench = new Command("bench", "Timed workloads that run side by side with the anchors in shared/anchors (median of repetitions after a warm-up).");
        bench.Subcommands.Add(LossesBench.Create());
        return bench;
    }
}
