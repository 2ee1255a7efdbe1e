using System.Globalization;
using Kullback.Cli.Reporting;
using Kullback.Learning.Calibration;
using Kullback.Learning.Models;
using Kullback.Learning.Training;
using Kullback.Losses;

namespace Kullback.Cli.Train;

/// <summary>The <c>--report DIR</c> page of <c>kullback train</c>: CE = H + KL per epoch, accuracy, reliability, and examples with P beside Q.</summary>
internal static class TrainingReport
{
    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string Write(string directory, TrainingRun run, TrainingResult result, EnsembleUncertainty? uncertainty, Classifier? teacher)
    {
        var report = new HtmlReport($"kullback train: {run.Spec.Describe()}");
        report.Paragraph($"Data: {run.Data.Description}. Objective: {(run.ObjectiveName == "kl" ? "D(P‖Q)" : "H(P,Q)")}; targets P: {run.TargetsName}. " +
            $"Optimiser {run.Options.Optimizer.ToString().ToLowerInvariant()}, learning rate {run.Options.LearningRate:g}, batch {run.Options.BatchSize}, " +
            $"{run.Options.Threads} threads, seed {run.Options.Seed}.");
        report.Paragraph("Cross-entropy splits into the entropy of the targets, which no model can remove, and the divergence of Q from P, " +
            "which training removes: H(P,Q) = H(P) + D(P‖Q). With one-hot labels H(P) = 0 and CE = KL; with label smoothing or a teacher H(P) > 0 is a constant offset.");
        var t = result.Test;
        var summary = new List<IReadOnlyList<string>>
        {
            new[] { "test", t.Rows.ToString(CultureInfo.InvariantCulture), F(t.CrossEntropy), F(t.Entropy), F(t.Divergence), F(t.Accuracy), F(t.CalibrationError) },
            new[] { "train", result.Train.Rows.ToString(CultureInfo.InvariantCulture), F(result.Train.CrossEntropy), F(result.Train.Entropy), F(result.Train.Divergence), F(result.Train.Accuracy), F(result.Train.CalibrationError) },
        };
        report.Table("Final metrics (nats)", ["split", "rows", "H(P,Q)", "H(P)", "D(P‖Q)", "accuracy", "ECE"], summary);
        if (uncertainty is not null)
            report.Table($"Ensemble of {run.Options.Ensemble}: predictive entropy on the test set (mean, nats)",
                ["H(Q̄) total", "E[H(Qₘ)] aleatoric", "I(y; m) epistemic"], [[F(uncertainty.Total), F(uncertainty.Aleatoric), F(uncertainty.Epistemic)]]);

        var member0 = result.Epochs.Where(e => e.Member == 0).ToList();
        var x = member0.Select(e => (double)e.Epoch).ToList();
        report.Heading("Cross-entropy = entropy + divergence, per epoch");
        report.Image("Test set: the bar's height is H(P,Q); its lower part H(P), its upper part D(P‖Q)" + (run.Options.Ensemble > 1 ? " (member 1)" : ""),
            "ce_stacked_test.png",
            Charts.StackedBars("test H(P,Q) = H(P) + D(P‖Q)", "epoch", "nats", x,
                [("H(P)", member0.Select(e => e.Test.Entropy).ToList()), ("D(P‖Q)", member0.Select(e => e.Test.Divergence).ToList())]));
        report.Image("Training set, the same split", "ce_stacked_train.png",
            Charts.StackedBars("train H(P,Q) = H(P) + D(P‖Q)", "epoch", "nats", x,
                [("H(P)", member0.Select(e => e.Train.Entropy).ToList()), ("D(P‖Q)", member0.Select(e => e.Train.Divergence).ToList())]));
        report.Heading("Accuracy");
        report.Image("Accuracy per epoch", "accuracy.png",
            Charts.Lines("accuracy", "epoch", "accuracy", x,
                [("train", member0.Select(e => e.Train.Accuracy).ToList()), ("test", member0.Select(e => e.Test.Accuracy).ToList())]));
        report.Heading("Calibration");
        report.Image($"Reliability diagram on the test set: accuracy per confidence bin against the diagonal; ECE = {F(t.CalibrationError)}",
            "reliability.png", Charts.Reliability("reliability (test)", t.Reliability.Rows, t.Reliability.Confidence, t.Reliability.Correct));
        AddCalibration(report, run, result);
        AddExamples(report, run, result, teacher);
        report.Heading("Epochs");
        report.Table("Per epoch (test metrics; seconds exclude evaluation)", ["member", "epoch", "loss", "test H(P,Q)", "H(P)", "D(P‖Q)", "accuracy", "ECE", "seconds"],
            result.Epochs.Select(e => (IReadOnlyList<string>)[(e.Member + 1).ToString(CultureInfo.InvariantCulture), e.Epoch.ToString(CultureInfo.InvariantCulture), F(e.TrainLoss),
                F(e.Test.CrossEntropy), F(e.Test.Entropy), F(e.Test.Divergence), F(e.Test.Accuracy), F(e.Test.CalibrationError), e.Seconds.ToString("0.000", CultureInfo.InvariantCulture)]));
        return report.Save(directory);
    }

    /// <summary>
    /// Temperature scaling on the test set, as <c>kullback calibrate --model</c> does by default: T fitted on a seeded half of
    /// the test rows, reliability before and after on the other half.
    /// </summary>
    private static void AddCalibration(HtmlReport report, TrainingRun run, TrainingResult result)
    {
        var test = run.Data.Test;
        int classes = result.Model.Spec.Classes;
        if (test.Rows < 4) return;
        var z = result.Model.Logits(test.Features, run.Options.Threads);
        try
        {
            var (fit, before, after, _) = Calibrate.CalibrateCommand.FitAndMeasure(z, test.Labels, classes, 0.5, run.Options.Seed, CalibrationMetrics.DefaultBins);
            report.Paragraph($"Temperature scaling (kullback calibrate): T = {fit.Temperature.ToString("G6", CultureInfo.InvariantCulture)} fitted on a seeded half of the test rows; the diagrams show the other half.");
            Calibrate.CalibrationReport.AddSection(report, fit.Temperature, before, after, "calibrated_");
        }
        catch (ArgumentException e)
        {
            report.Paragraph($"Temperature scaling was not possible on these test rows: {e.Message}");
        }
    }

    /// <summary>A few test examples: the input (as an image when it is one) beside P and Q with D(P‖Q); three right, three wrong.</summary>
    private static void AddExamples(HtmlReport report, TrainingRun run, TrainingResult result, Classifier? teacher)
    {
        var test = run.Data.Test;
        var model = result.Model;
        int classes = model.Spec.Classes;
        var q = model.Predict(test.Features, run.Options.Threads);
        var teacherP = teacher?.Predict(test.Features, run.Options.Threads, run.Options.Temperature);
        var right = new List<int>();
        var wrong = new List<int>();
        for (int i = 0; i < test.Rows && (right.Count < 3 || wrong.Count < 3); i++)
        {
            int arg = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(q.AsSpan(i * classes, classes));
            (arg == test.Labels[i] ? right : wrong).Add(i);
        }
        report.Heading("Examples: the target P beside the model's Q");
        report.Paragraph("P is what the example should be (its label" + (run.Options.LabelSmoothing > 0 ? ", smoothed" : "") + (teacher is not null ? "; here the teacher's softmax(t/T)" : "") +
            "), Q what the model predicts; D(P‖Q) measures, in nats, how far Q is from P.");
        var categories = Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToList();
        foreach (int i in right.Take(3).Concat(wrong.Take(3)))
        {
            var qi = q.AsSpan(i * classes, classes).ToArray();
            var pi = new float[classes];
            if (teacherP is not null) teacherP.AsSpan(i * classes, classes).CopyTo(pi);
            else
            {
                double eps = run.Options.LabelSmoothing;
                for (int c = 0; c < classes; c++) pi[c] = (float)((c == test.Labels[i] ? 1 - eps : 0) + eps / classes);
            }
            var logQ = qi.Select(v => MathF.Log(v)).ToArray();
            double kl = KullbackLeiblerLoss.Evaluate(logQ, 1, classes, pi, default, new LossOptions { Reduction = LossReduction.Sum }).Loss;
            int predicted = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(qi.AsSpan());
            string title = $"test row {i}: label {test.Labels[i]}, predicted {predicted}, D(P‖Q) = {F(kl)} nats";
            var images = new List<(string, string, byte[])>();
            if (test.IsImage)
                images.Add(("input", $"example_{i}_input.png", Charts.GreyImage(model.Scale(test.Features.AsSpan(i * test.FeatureCount, test.FeatureCount)), test.ImageHeight, test.ImageWidth)));
            images.Add(($"P and Q, D(P‖Q) = {F(kl)}", $"example_{i}_pq.png",
                Charts.GroupedBars($"label {test.Labels[i]} · predicted {predicted}", categories,
                    [("P (target)", pi.Select(v => (double)v).ToList()), ("Q (model)", qi.Select(v => (double)v).ToList())])));
            report.ImageRow(title, images);
        }
    }
}
