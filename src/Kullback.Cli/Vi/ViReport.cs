using System.Globalization;
using System.Text;
using Kullback.Cli.Reporting;

namespace Kullback.Cli.Vi;

/// <summary>The HTML report of <c>kullback vi --report DIR</c>: the ELBO trace and, for logistic regression, per-example uncertainty.</summary>
internal static class ViReport
{
    /// <summary>Writes the report into <paramref name="directory"/>; returns the path of index.html.</summary>
    public static string Write(string directory, ViCommand.ViRun run)
    {
        var report = new HtmlReport($"Variational inference: {run.Model}");
        report.Paragraph($"{run.Data}: {run.Rows} rows, {run.Weights} weights, prior {run.Prior}. ELBO(q) = E_q[log p(y|w)] − D(q‖prior) = log p(y) − D(q‖posterior).");
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "ELBO", ViCommand.Format(run.Fit.Elbo) + (run.Fit.ClosedForm ? " (exact)" : $" ± {ViCommand.Format(run.Fit.ElboStandardError)}") },
            new[] { "D(q‖prior)", ViCommand.Format(run.Fit.KlToPrior) + (run.Fit.KlToPriorStandardError > 0 ? $" ± {ViCommand.Format(run.Fit.KlToPriorStandardError)}" : "") },
            new[] { "E_q[log p(y|w)]", ViCommand.Format(run.Fit.ExpectedLogLikelihood) },
        };
        if (run.LogEvidence is { } e) rows.Add(new[] { "log evidence (exact)", ViCommand.Format(e) });
        if (run.KlToPosterior is { } k) rows.Add(new[] { "D(q‖posterior)", ViCommand.Format(k) });
        report.Table("Result", ["quantity", "value (nats)"], rows);

        var trace = run.Fit.ElboTrace;
        var x = Enumerable.Range(1, trace.Length).Select(i => (double)i).ToArray();
        var series = new List<(string, IReadOnlyList<double>)> { ("ELBO", trace) };
        if (run.LogEvidence is { } logEvidence) series.Add(("log evidence", Enumerable.Repeat(logEvidence, trace.Length).ToArray()));
        report.Image("ELBO per Adam step", "elbo.png", Charts.Lines("ELBO trace", "step", "nats", x, series));
        int skip = trace.Length / 10;
        if (skip > 0)
        {
            var tail = series.Select(s => (s.Item1, (IReadOnlyList<double>)s.Item2.Skip(skip).ToArray())).ToList();
            report.Image("ELBO after the first 10% of the steps", "elbo-tail.png", Charts.Lines("ELBO trace (tail)", "step", "nats", x.Skip(skip).ToArray(), tail));
        }

        if (run.Predictive is { } predictive)
        {
            var csv = new StringBuilder("row,label,p_benign,total_entropy,aleatoric,epistemic\n");
            for (int i = 0; i < predictive.Length; i++)
            {
                var p = predictive[i];
                csv.Append(CultureInfo.InvariantCulture, $"{i},{run.Labels![i]},{p.Probability:R},{p.Total:R},{p.Aleatoric:R},{p.Epistemic:R}\n");
            }
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "predictions.csv"), csv.ToString());
            report.Paragraph($"Posterior predictive accuracy {ViCommand.Format(ViCommand.Accuracy(run))}. Per example, predictive entropy H(p̄) = aleatoric E_q[H(σ(φᵀw))] + epistemic I(y; w); all rows in predictions.csv.");
            report.Table("The 15 examples with the largest epistemic uncertainty", ["row", "label", "P(y = 1)", "H(p̄)", "aleatoric", "epistemic"],
                predictive.Select((p, i) => (p, i)).OrderByDescending(t => t.p.Epistemic).Take(15)
                    .Select(t => (IReadOnlyList<string>)[t.i.ToString(CultureInfo.InvariantCulture), run.Labels![t.i].ToString(CultureInfo.InvariantCulture),
                        t.p.Probability.ToString("F4", CultureInfo.InvariantCulture), t.p.Total.ToString("F4", CultureInfo.InvariantCulture),
                        t.p.Aleatoric.ToString("F4", CultureInfo.InvariantCulture), t.p.Epistemic.ToString("F4", CultureInfo.InvariantCulture)]));
        }
        return report.Save(directory);
    }
}
