using System.Globalization;
using Kullback.Cli.Reporting;
using Kullback.Estimation;

namespace Kullback.Cli.Compare;

/// <summary><c>--report DIR</c> of <c>kullback compare A B</c>: the two distributions overlaid, and the measures.</summary>
internal static class CompareReport
{
    /// <summary>Writes index.html and its figures into <paramref name="directory"/>; returns the page's path.</summary>
    public static string Write(string directory, SamplesRequest r, SampleComparison c, SampleMeasures m, string why,
        IReadOnlyList<string> notes, IReadOnlyDictionary<string, ConfidenceInterval>? intervals, IReadOnlyList<SampleColumn> columnsA,
        IReadOnlyList<SampleColumn> columnsB)
    {
        var report = new HtmlReport($"kullback compare: {Path.GetFileName(r.PathA)} vs {Path.GetFileName(r.PathB)}");
        report.Heading("A against B")
            .Paragraph($"A = {r.PathA} (n = {c.SizeA}), B = {r.PathB} (n = {c.SizeB}). Method: {why}. Units: nats.");
        string F(double? v) => v is { } x ? x.ToString("G6", CultureInfo.InvariantCulture) : "not defined";
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (label, key, value) in new (string, string, double?)[]
                 { ("D(A‖B)", "kl", m.Kl), ("D(B‖A)", "reverse_kl", m.ReverseKl), ("JS", "js", m.Js), ("PSI", "psi", m.Psi), ("H(A)", "entropy_a", m.EntropyA), ("H(B)", "entropy_b", m.EntropyB) })
        {
            string interval = intervals is not null && intervals.TryGetValue(key, out var ci) ? $"[{F(ci.Lower)}, {F(ci.Upper)}]" : "";
            rows.Add([label, F(value), interval]);
        }
        report.Table("Measures", ["measure", "estimate", intervals is null ? "" : $"{100 * r.Confidence:G4} % bootstrap interval"], rows);
        foreach (var note in notes) report.Paragraph("Note: " + note);
        switch (c.Method)
        {
            case SampleMethod.Categorical:
            {
                var (ca, cb) = c.Counts(Enumerable.Range(0, c.SizeA).ToArray(), Enumerable.Range(0, c.SizeB).ToArray());
                report.Image("Relative frequencies", "categories.png", Charts.GroupedBars("Relative frequency per category", c.CategoryNames,
                    [("A", ca.Select(x => x / c.SizeA).ToArray()), ("B", cb.Select(x => x / c.SizeB).ToArray())], 720, 360));
                break;
            }
            case SampleMethod.Histogram:
            {
                var (ca, cb) = c.Counts(Enumerable.Range(0, c.SizeA).ToArray(), Enumerable.Range(0, c.SizeB).ToArray());
                report.Image("Histogram densities on shared bins", "histogram.png", Density(columnsA[0].Name, c.Edges, ca, cb));
                break;
            }
            default:
                for (int j = 0; j < columnsA.Count; j++)
                {
                    var a = columnsA[j].Numbers!;
                    var b = columnsB[j].Numbers!;
                    var edges = Histograms.Edges(a, b, BinningRule.FreedmanDiaconis);
                    report.Image($"Marginal of column {columnsA[j].Name} (Freedman–Diaconis bins)", $"marginal_{j}.png",
                        Density(columnsA[j].Name, edges, Histograms.Counts(a, edges, "A"), Histograms.Counts(b, edges, "B")));
                }
                break;
        }
        return report.Save(directory);
    }

    /// <summary>Density per bin, count / (n · width), drawn at the bin centres for A and B.</summary>
    /// <remarks>
    /// Values beyond 1e100 in magnitude (up to ±1.8e308, where the plot's axis arithmetic overflows) are drawn in units of
    /// 2^e, e the exponent of the largest edge (exact scaling), and the axis says so.
    /// </remarks>
    private static byte[] Density(string column, double[] edges, double[] ca, double[] cb)
    {
        int k = edges.Length - 1;
        double na = ca.Sum(), nb = cb.Sum();
        double largest = edges.Max(Math.Abs);
        int e = largest > 1e100 ? Math.ILogB(largest) : 0;
        var u = edges.Select(v => Math.ScaleB(v, -e)).ToArray();
        var x = Enumerable.Range(0, k).Select(i => 0.5 * (u[i] + u[i + 1])).ToArray();
        var da = Enumerable.Range(0, k).Select(i => ca[i] / (na * (u[i + 1] - u[i]))).ToArray();
        var db = Enumerable.Range(0, k).Select(i => cb[i] / (nb * (u[i + 1] - u[i]))).ToArray();
        string unit = e == 0 ? "" : $" (× 2^{e})";
        return Charts.Lines($"Density of {column}", column + unit, "density" + (e == 0 ? "" : $" per 2^{e}"), x, [("A", da), ("B", db)]);
    }
}
