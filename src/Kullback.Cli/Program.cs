using System.CommandLine;
using System.CommandLine.Help;
using Kullback.Cli.Common;

namespace Kullback.Cli;

/// <summary>Entry point of the <c>kullback</c> tool. It only wires the verbs; each verb lives in its own folder.</summary>
public static class Program
{
    /// <summary>Builds the root command with every verb.</summary>
    /// <remarks>
    /// A plain <see cref="Command"/> named "kullback" rather than a <see cref="RootCommand"/>, whose name is the
    /// assembly's ("Kullback.Cli"): help and errors then name the command the user types.
    /// </remarks>
    public static Command BuildRoot()
    {
        var root = new Command("kullback", "Kullback: entropy, cross-entropy and KL divergence for machine learning. H(P,Q) = H(P) + D(P‖Q).")
        {
            new HelpOption(),
            new VersionOption(),
        };
        // Verbs: one line each, one folder each.
        root.Subcommands.Add(Measure.MeasureCommand.Create());
        root.Subcommands.Add(Compare.CompareCommand.Create());
        root.Subcommands.Add(Train.TrainCommand.Create());
        root.Subcommands.Add(Evaluate.EvaluateCommand.Create());
        root.Subcommands.Add(Predict.PredictCommand.Create());
        root.Subcommands.Add(Calibrate.CalibrateCommand.Create());
        root.Subcommands.Add(Kl.KlCommand.Create());
        root.Subcommands.Add(Vi.ViCommand.Create());
        root.Subcommands.Add(Bench.BenchCommand.Create());
        root.Subcommands.Add(Loss.LossCommand.Create());
        root.Subcommands.Add(Drift.DriftCommand.Create());
        root.Subcommands.Add(Mi.MiCommand.Create());
        return root;
    }

    /// <summary>Runs the tool with the given arguments and returns the process exit code.</summary>
    public static int Main(string[] args) => CliRunner.Run(BuildRoot(), args, Console.Out, Console.Error);
}
