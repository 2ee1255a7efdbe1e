using System.Globalization;
using System.Text;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Learning.Training;
using Spectre.Console;

namespace Kullback.Cli.Train;

/// <summary>How training is shown: JSON lines, plain lines (redirected output), or a live progress bar and tables (a terminal).</summary>
internal abstract class TrainingView(TextWriter output, TrainingRun run)
{
    protected TextWriter Output { get; } = output;
    protected TrainingRun Run_ { get; } = run;

    public static TrainingView Create(TextWriter output, bool json, TrainingRun run)
    {
        if (json) return new JsonView(output, run);
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        return terminal ? new LiveView(output, run) : new PlainView(output, run);
    }

    public abstract TrainingResult Run(Func<Action<EpochMetrics>, Action<int, int, int, int>, TrainingResult> train);

    public abstract void Finish(TrainingResult result, EnsembleUncertainty? uncertainty);

    protected static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    protected string Header() =>
        $"{Run_.Spec.Describe()} on {Run_.Data.Description}; objective {Run_.ObjectiveName}, targets: {Run_.TargetsName}; " +
        $"{Run_.Options.Optimizer.ToString().ToLowerInvariant()} lr {Run_.Options.LearningRate:g}, batch {Run_.Options.BatchSize}, {Run_.Options.Epochs} epochs, {Run_.Options.Threads} threads, seed {Run_.Options.Seed}" +
        (Run_.Options.Ensemble > 1 ? $", ensemble of {Run_.Options.Ensemble}" : "") +
        (Run_.Options.ValidationFraction > 0
            ? $"; validation {Run_.Options.ValidationFraction:g} of the {Run_.Data.Train.Rows} train rows held out (early stopping, patience {Run_.Options.Patience})"
            : "");

    /// <summary>Per member, with validation: the last epoch run, whether it stopped before --epochs, and the epoch whose parameters were kept.</summary>
    protected IReadOnlyList<(int Member, int LastEpoch, bool StoppedEarly, EpochMetrics Kept)> EarlyStopping(TrainingResult r) =>
        r.Epochs.Where(e => e.Validation is not null).GroupBy(e => e.Member).Select(g =>
        {
            // The trainer keeps the parameters of the first epoch with the lowest validation cross-entropy.
            var kept = g.Aggregate((best, e) => e.Validation!.CrossEntropy < best.Validation!.CrossEntropy ? e : best);
            int last = g.Max(e => e.Epoch);
            return (g.Key, last, last < Run_.Options.Epochs, kept);
        }).ToList();

    protected string EarlyStoppingText(TrainingResult r) => string.Join(Environment.NewLine, EarlyStopping(r).Select(m =>
        (Run_.Options.Ensemble > 1 ? $"member {m.Member + 1}: " : "") +
        (m.StoppedEarly ? $"early stopping: stopped after epoch {m.LastEpoch} (no lower validation cross-entropy in {Run_.Options.Patience} epochs); "
                        : $"validation: ran all {m.LastEpoch} epochs; ") +
        $"kept epoch {m.Kept.Epoch} (validation {m.Kept.Validation!.Rows} rows, cross-entropy {F(m.Kept.Validation.CrossEntropy)})"));

    protected string EpochLine(EpochMetrics e) =>
        (Run_.Options.Ensemble > 1 ? $"member {e.Member + 1} " : "") +
        $"epoch {e.Epoch,3}  loss {F(e.TrainLoss)}  train acc {F(e.Train.Accuracy)}  test CE {F(e.Test.CrossEntropy)} = H {F(e.Test.Entropy)} + KL {F(e.Test.Divergence)}  acc {F(e.Test.Accuracy)}  ECE {F(e.Test.CalibrationError)}  {e.Seconds:0.000} s";

    protected static double SecondsPerEpoch(TrainingResult r) => r.Epochs.Count == 0 ? 0 : r.Epochs.Average(e => e.Seconds);

    protected string FinalText(TrainingResult r, EnsembleUncertainty? u)
    {
        var t = r.Test;
        var s = new StringBuilder();
        string stopping = EarlyStoppingText(r);
        if (stopping.Length > 0) s.AppendLine(stopping);
        s.AppendLine($"test ({t.Rows} rows): accuracy {F(t.Accuracy)}  cross-entropy {F(t.CrossEntropy)} = H(P) {F(t.Entropy)} + D(P‖Q) {F(t.Divergence)} nats  ECE {F(t.CalibrationError)}");
        s.Append($"train: accuracy {F(r.Train.Accuracy)}  cross-entropy {F(r.Train.CrossEntropy)}; {SecondsPerEpoch(r):0.000} s per epoch");
        if (u is not null)
            s.AppendLine().Append($"predictive entropy (test mean) {F(u.Total)} = aleatoric E[H(Qₘ)] {F(u.Aleatoric)} + epistemic I {F(u.Epistemic)} nats");
        return s.ToString();
    }

    private sealed class PlainView(TextWriter output, TrainingRun run) : TrainingView(output, run)
    {
        public override TrainingResult Run(Func<Action<EpochMetrics>, Action<int, int, int, int>, TrainingResult> train)
        {
            Output.WriteLine(Header());
            return train(e => { Output.WriteLine(EpochLine(e)); Output.Flush(); }, (_, _, _, _) => { });
        }

        public override void Finish(TrainingResult result, EnsembleUncertainty? uncertainty) => Output.WriteLine(FinalText(result, uncertainty));
    }

    private sealed class LiveView(TextWriter output, TrainingRun run) : TrainingView(output, run)
    {
        private readonly IAnsiConsole _console = AnsiConsole.Console;

        public override TrainingResult Run(Func<Action<EpochMetrics>, Action<int, int, int, int>, TrainingResult> train)
        {
            _console.MarkupLine($"[bold]{Markup.Escape(Header())}[/]");
            var table = new Table().AddColumns("epoch", "loss", "train acc", "test CE", "= H(P)", "+ D(P‖Q)", "test acc", "ECE", "s");
            foreach (var c in table.Columns) c.RightAligned();
            TrainingResult? result = null;
            string last = "";
            _console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("training", maxValue: Run_.Options.Epochs * Run_.Options.Ensemble);
                    result = train(e =>
                    {
                        string epoch = Run_.Options.Ensemble > 1 ? $"{e.Member + 1}·{e.Epoch}" : e.Epoch.ToString(CultureInfo.InvariantCulture);
                        table.AddRow(epoch, F(e.TrainLoss), F(e.Train.Accuracy), F(e.Test.CrossEntropy), F(e.Test.Entropy), F(e.Test.Divergence),
                            F(e.Test.Accuracy), F(e.Test.CalibrationError), e.Seconds.ToString("0.000", CultureInfo.InvariantCulture));
                        last = $" · last: test KL {F(e.Test.Divergence)}, acc {F(e.Test.Accuracy)}";
                    }, (member, epoch, done, total) =>
                    {
                        task.Description = (Run_.Options.Ensemble > 1 ? $"member {member + 1} epoch {epoch}" : $"epoch {epoch}") + last;
                        task.Value = member * Run_.Options.Epochs + (epoch - 1) + (double)done / total;
                    });
                    task.Value = task.MaxValue;
                });
            _console.Write(table);
            return result!;
        }

        public override void Finish(TrainingResult result, EnsembleUncertainty? uncertainty) =>
            _console.MarkupLine($"[green]{Markup.Escape(FinalText(result, uncertainty))}[/]");
    }

    private sealed class JsonView(TextWriter output, TrainingRun run) : TrainingView(output, run)
    {
        public override TrainingResult Run(Func<Action<EpochMetrics>, Action<int, int, int, int>, TrainingResult> train) =>
            train(e =>
            {
                Output.WriteLine(Line(w =>
                {
                    if (Run_.Options.Ensemble > 1) w.WriteNumber("member", e.Member);
                    w.WriteNumber("epoch", e.Epoch);
                    JsonOut.WriteNumber(w, "seconds", e.Seconds);
                    JsonOut.WriteNumber(w, "total_seconds", e.TotalSeconds);
                    JsonOut.WriteNumber(w, "train_loss", e.TrainLoss);
                    Split(w, "train", e.Train);
                    Split(w, "test", e.Test);
                    if (e.Validation is not null) Split(w, "validation", e.Validation);
                }));
                Output.Flush();
            }, (_, _, _, _) => { });

        public override void Finish(TrainingResult result, EnsembleUncertainty? uncertainty)
        {
            Output.WriteLine(Line(w =>
            {
                w.WriteString("model", Run_.Spec.KindName);
                w.WriteString("objective", Run_.ObjectiveName);
                w.WriteNumber("epochs", result.Epochs.Count == 0 ? 0 : result.Epochs.Max(e => e.Epoch));
                JsonOut.WriteNumber(w, "seconds_per_epoch", SecondsPerEpoch(result));
                JsonOut.WriteNumber(w, "test_accuracy", result.Test.Accuracy);
                JsonOut.WriteNumber(w, "test_cross_entropy", result.Test.CrossEntropy);
                JsonOut.WriteNumber(w, "test_entropy", result.Test.Entropy);
                JsonOut.WriteNumber(w, "test_kl", result.Test.Divergence);
                JsonOut.WriteNumber(w, "test_ece", result.Test.CalibrationError);
                w.WriteString("architecture", Run_.Spec.Describe());
                w.WriteNumber("threads", Run_.Options.Threads);
                var stopping = EarlyStopping(result);
                if (stopping.Count > 0)
                {
                    w.WriteStartArray("early_stopping"); // one entry per member: {"member", "last_epoch", "stopped_early", "kept_epoch", "validation_rows"}
                    foreach (var m in stopping)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("member", m.Member);
                        w.WriteNumber("last_epoch", m.LastEpoch);
                        w.WriteBoolean("stopped_early", m.StoppedEarly);
                        w.WriteNumber("kept_epoch", m.Kept.Epoch);
                        w.WriteNumber("validation_rows", m.Kept.Validation!.Rows);
                        JsonOut.WriteNumber(w, "validation_cross_entropy", m.Kept.Validation.CrossEntropy);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                JsonOut.WriteNumber(w, "train_accuracy", result.Train.Accuracy);
                JsonOut.WriteNumber(w, "train_cross_entropy", result.Train.CrossEntropy);
                if (uncertainty is not null)
                {
                    w.WriteNumber("ensemble", Run_.Options.Ensemble);
                    JsonOut.WriteNumber(w, "test_predictive_entropy", uncertainty.Total);
                    JsonOut.WriteNumber(w, "test_aleatoric", uncertainty.Aleatoric);
                    JsonOut.WriteNumber(w, "test_epistemic", uncertainty.Epistemic);
                }
            }));
            Output.Flush();
        }

        private static void Split(Utf8JsonWriter w, string prefix, SplitMetrics m)
        {
            JsonOut.WriteNumber(w, prefix + "_cross_entropy", m.CrossEntropy);
            JsonOut.WriteNumber(w, prefix + "_entropy", m.Entropy);
            JsonOut.WriteNumber(w, prefix + "_kl", m.Divergence);
            JsonOut.WriteNumber(w, prefix + "_accuracy", m.Accuracy);
            JsonOut.WriteNumber(w, prefix + "_ece", m.CalibrationError);
        }

        private static string Line(Action<Utf8JsonWriter> body) => JsonOut.Object(body);
    }
}
