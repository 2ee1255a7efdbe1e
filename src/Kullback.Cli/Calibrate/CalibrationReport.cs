using System.Globalization;
using Kullback.Cli.Reporting;
using Kullback.Learning.Calibration;

namespace Kullback.Cli.Calibrate;

/// <summary>The <c>--report DIR</c> page of <c>kullback calibrate</c> (and the calibration section of <c>train --report</c>): reliability before and after T, confidence histogram.</summary>
internal static class CalibrationReport
{
    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>Adds the reliability diagrams before and after scaling and the confidence histogram to <paramref name="report"/>.</summary>
    public static void AddSection(HtmlReport report, double temperature, CalibrationSummary before, CalibrationSummary after, string prefix = "", string? method = null)
    {
        static byte[] Diagram(string title, CalibrationSummary s) => Charts.Reliability(title, s.Bins.Select(b => (long)b.Rows).ToList(),
            s.Bins.Select(b => b.Confidence * b.Rows).ToList(), s.Bins.Select(b => b.Accuracy * b.Rows).ToList());
        method ??= $"temperature scaling (T = {temperature.ToString("G6", CultureInfo.InvariantCulture)})";
        string afterTitle = method.StartsWith("vector", StringComparison.Ordinal) ? "after (vector scaling)" : $"after (T = {temperature:G4})";
        report.ImageRow($"Reliability on {before.Rows} evaluation rows before (T = 1) and after {method}: " +
            $"ECE {F(before.ExpectedCalibrationError)} → {F(after.ExpectedCalibrationError)}, NLL {F(before.NegativeLogLikelihood)} → {F(after.NegativeLogLikelihood)} nats",
            [("before: T = 1", prefix + "reliability_before.png", Diagram($"before, ECE {F(before.ExpectedCalibrationError)}", before)),
             ("after: calibrated", prefix + "reliability_after.png", Diagram($"{afterTitle}, ECE {F(after.ExpectedCalibrationError)}", after)),
             ("confidence histogram", prefix + "confidence_histogram.png", Charts.ConfidenceHistogram("confidence", [("before", before.Bins.Select(b => (long)b.Rows).ToList()), ("after", after.Bins.Select(b => (long)b.Rows).ToList())]))]);
    }

    /// <summary>Writes a report page with the calibration metrics and the diagrams; returns the page's path.</summary>
    public static string Write(string directory, string source, double temperature, CalibrationSummary before, CalibrationSummary after, bool vector = false)
    {
        var report = new HtmlReport("kullback calibrate");
        report.Paragraph($"{source}. Temperature scaling divides the logits by T, fitted to minimise the NLL of softmax(z/T) on the fit rows; it leaves the argmax, so the accuracy ({F(before.Accuracy)}), unchanged." +
            (vector ? " Here \"after\" is vector scaling (per-class scale and bias), which may change the argmax." : ""));
        report.Table("Calibration metrics on the evaluation rows", ["metric", "before", "after"],
        [
            ["NLL = H + KL (nats)", F(before.NegativeLogLikelihood), F(after.NegativeLogLikelihood)],
            ["ECE (uniform bins)", F(before.ExpectedCalibrationError), F(after.ExpectedCalibrationError)],
            ["ECE (quantile bins)", F(before.QuantileCalibrationError), F(after.QuantileCalibrationError)],
            ["MCE", F(before.MaximumCalibrationError), F(after.MaximumCalibrationError)],
            ["RMS-CE", F(before.RootMeanSquareCalibrationError), F(after.RootMeanSquareCalibrationError)],
            ["classwise ECE", F(before.ClasswiseCalibrationError), F(after.ClasswiseCalibrationError)],
            ["Brier", F(before.Brier), F(after.Brier)],
        ]);
        AddSection(report, temperature, before, after, "", vector ? "vector scaling z′ = w ⊙ z + b" : null);
        return report.Save(directory);
    }
}
