using System.Globalization;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Estimation;

namespace Kullback.Cli.Compare;

/// <summary>The sample-file options of <c>kullback compare A B</c>.</summary>
internal sealed record SamplesRequest(string PathA, string PathB, string[] Columns, string Method, bool? Header, SampleSettings Settings,
    string BinsText, int Bootstrap, double Confidence, int Seed, bool Json, string? Report);

/// <summary><c>kullback compare A B</c> on CSV or NPY samples: categorical counts, histograms or kNN.</summary>
internal static class SamplesMode
{
    /// <summary>Reads both files, picks the columns and the method, validates everything, then measures and writes the result.</summary>
    /// <exception cref="InvalidDataException">Bad files or columns (empty, ragged, NaN, dimension mismatch).</exception>
    /// <exception cref="UsageException">Options that do not fit the data (histogram of several columns, bootstrap with kNN).</exception>
    public static int Run(SamplesRequest r, TextWriter output)
    {
        var tableA = SampleTable.Read(r.PathA, r.Header);
        var tableB = SampleTable.Read(r.PathB, r.Header);
        int[] colsA, colsB;
        if (r.Columns.Length > 0)
        {
            colsA = r.Columns.Select(tableA.Find).ToArray();
            colsB = r.Columns.Select(tableB.Find).ToArray();
        }
        else if (tableA.Names.Length == 1 || r.Method == "knn")
        {
            colsA = Enumerable.Range(0, tableA.Names.Length).ToArray();
            colsB = Enumerable.Range(0, tableB.Names.Length).ToArray();
        }
        else
            throw new UsageException($"{r.PathA} has {tableA.Names.Length} columns ({string.Join(", ", tableA.Names)}): choose one with --column NAME|INDEX, or use --method knn for all");
        if (colsA.Length != colsB.Length)
            throw new InvalidDataException($"dimension mismatch: A {r.PathA} has {colsA.Length} columns, B {r.PathB} has {colsB.Length}");
        var columnsA = colsA.Select(tableA.Column).ToArray();
        var columnsB = colsB.Select(tableB.Column).ToArray();
        for (int c = 0; c < columnsA.Length; c++)
            if ((columnsA[c].Text is null) != (columnsB[c].Text is null))
                throw new InvalidDataException($"column {columnsA[c].Name} is {(columnsA[c].Text is null ? "numeric" : "text")} in A but {(columnsB[c].Text is null ? "numeric" : "text")} in B");

        SampleComparison comparison;
        string why;
        if (columnsA.Any(c => c.Text is not null))
        {
            if (columnsA.Length > 1) throw new UsageException("text (categorical) columns are compared one at a time: pick one with --column");
            if (r.Method is "histogram" or "knn") throw new UsageException($"column {columnsA[0].Name} is text: it is compared as categorical counts, not with --method {r.Method}");
            comparison = new SampleComparison(columnsA[0].Text!, columnsB[0].Text!, r.Settings);
            why = $"categorical: text column, {comparison.CategoryNames.Length} categories";
        }
        else
        {
            int d = columnsA.Length;
            string method = r.Method == "auto" ? (d == 1 ? "histogram" : "knn") : r.Method;
            if (method == "histogram" && d > 1)
                throw new UsageException($"--method histogram takes one column; {d} were chosen (use --method knn for {d} dimensions)");
            var a = Interleave(columnsA);
            var b = Interleave(columnsB);
            if (method == "histogram")
            {
                if (r.Settings.Edges is { } edges)
                {
                    CoveredByEdges(edges, a, "A", r.PathA);
                    CoveredByEdges(edges, b, "B", r.PathB);
                }
                comparison = new SampleComparison(a, b, 1, SampleMethod.Histogram, r.Settings);
                string rule = r.Settings.Edges is not null ? "given edges" : r.Settings.Bins > 0 ? "fixed count" : r.BinsText == "sturges" ? "Sturges" : "Freedman–Diaconis";
                why = $"histogram{(r.Method == "auto" ? " (default for one numeric column)" : "")}: {comparison.Edges.Length - 1} bins, {rule}";
            }
            else
            {
                if (r.Bootstrap > 0)
                    throw new UsageException("--bootstrap is not available with --method knn: resamples repeat points, and the kNN estimators need distinct points (use --method histogram)");
                int fewest = Math.Min(a.Length, b.Length) / d;
                if (r.Settings.K > fewest - 1)
                    throw new UsageException($"--k {r.Settings.K}: the kNN estimators need k ≤ n − 1 = {fewest - 1}, n the smaller sample (A has {a.Length / d} points, B {b.Length / d})");
                comparison = new SampleComparison(a, b, d, SampleMethod.Knn, r.Settings);
                why = $"knn{(r.Method == "auto" ? $" (default for {d} numeric columns)" : "")}: k = {r.Settings.K}, {d} dimension{(d > 1 ? "s" : "")}";
            }
        }
        var all = (A: Enumerable.Range(0, comparison.SizeA).ToArray(), B: Enumerable.Range(0, comparison.SizeB).ToArray());
        var m = comparison.Method == SampleMethod.Knn
            ? CompareProgress.Run(output, r.Json, "neighbour searches", 4, step => comparison.Measure(all.A, all.B, () => step(1)))
            : comparison.Measure(all.A, all.B);
        var notes = comparison.InfinityNotes(m).ToList();
        if (comparison.Method == SampleMethod.Knn && (m.Kl < 0 || m.ReverseKl < 0))
            notes.Add("a kNN divergence estimate below 0 means the samples are indistinguishable at this sample size");
        Dictionary<string, ConfidenceInterval>? intervals = null;
        if (r.Bootstrap > 0)
        {
            intervals = [];
            foreach (var (name, pick) in Statistics(m))
                intervals[name] = Bootstrap.Percentile(comparison.SizeA, comparison.SizeB, (ia, ib) => pick(comparison.Measure(ia, ib))!.Value,
                    r.Bootstrap, r.Confidence, r.Seed);
        }
        var columnNames = columnsA.Select(c => c.Name).ToArray();
        string? page = r.Report is null ? null : CompareReport.Write(r.Report, r, comparison, m, why, notes, intervals, columnsA, columnsB);
        if (r.Json) WriteJson(output, r, comparison, m, why, notes, intervals, columnNames);
        else WriteTable(output, r, comparison, m, why, notes, intervals, columnNames);
        if (page is not null && !r.Json) output.WriteLine($"report: {page}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// Explicit --edges must cover every sample. numpy.histogram drops values outside [edges[0], edges[^1]] silently,
    /// which changes the divergence without a word; here it is an error naming the first value outside.
    /// </summary>
    private static void CoveredByEdges(double[] edges, double[] x, string name, string path)
    {
        for (int i = 0; i < x.Length; i++)
            if (!(x[i] >= edges[0] && x[i] <= edges[^1]))
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"--edges: {name} ({path}) has {x[i]:R} (sample {i + 1}) outside [{edges[0]:R}, {edges[^1]:R}]; give edges that cover every sample (numpy.histogram would drop it, changing the divergence silently)"));
    }

    private static IEnumerable<(string Name, Func<SampleMeasures, double?> Pick)> Statistics(SampleMeasures m)
    {
        yield return ("kl", x => x.Kl);
        yield return ("reverse_kl", x => x.ReverseKl);
        if (m.Js is not null) yield return ("js", x => x.Js);
        if (m.Psi is not null) yield return ("psi", x => x.Psi);
        yield return ("entropy_a", x => x.EntropyA);
        yield return ("entropy_b", x => x.EntropyB);
    }

    private static double[] Interleave(SampleColumn[] columns)
    {
        int n = columns[0].Count, d = columns.Length;
        var x = new double[n * d];
        for (int c = 0; c < d; c++)
            for (int i = 0; i < n; i++) x[i * d + c] = columns[c].Numbers![i];
        return x;
    }

    private static void WriteJson(TextWriter output, SamplesRequest r, SampleComparison c, SampleMeasures m, string why,
        List<string> notes, Dictionary<string, ConfidenceInterval>? intervals, string[] columns)
    {
        output.WriteLine(JsonOut.Object(w =>
        {
            JsonOut.WriteNumber(w, "kl", m.Kl);
            JsonOut.WriteNumber(w, "reverse_kl", m.ReverseKl);
            if (m.Js is { } js) JsonOut.WriteNumber(w, "js", js); else w.WriteNull("js");
            if (m.Psi is { } psi) JsonOut.WriteNumber(w, "psi", psi); else w.WriteNull("psi");
            JsonOut.WriteNumber(w, "entropy_a", m.EntropyA);
            JsonOut.WriteNumber(w, "entropy_b", m.EntropyB);
            w.WriteString("method", c.Method.ToString().ToLowerInvariant());
            w.WriteString("method_detail", why);
            w.WriteString("unit", "nats");
            w.WriteNumber("n_a", c.SizeA);
            w.WriteNumber("n_b", c.SizeB);
            w.WriteStartArray("columns");
            foreach (var name in columns) w.WriteStringValue(name);
            w.WriteEndArray();
            if (c.Method != SampleMethod.Knn) JsonOut.WriteNumber(w, "smoothing", r.Settings.Smoothing);
            if (c.Method == SampleMethod.Categorical) w.WriteBoolean("miller_madow", r.Settings.MillerMadow);
            if (c.Method == SampleMethod.Histogram)
            {
                w.WriteStartArray("edges");
                foreach (var e in c.Edges) JsonOut.WriteNumberValue(w, e);
                w.WriteEndArray();
            }
            if (c.Method == SampleMethod.Knn) w.WriteNumber("k", r.Settings.K);
            if (intervals is not null)
            {
                w.WriteStartObject("intervals");
                foreach (var (name, ci) in intervals)
                {
                    w.WriteStartArray(name);
                    JsonOut.WriteNumberValue(w, ci.Lower);
                    JsonOut.WriteNumberValue(w, ci.Upper);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
                w.WriteNumber("confidence", r.Confidence);
                w.WriteNumber("bootstrap", r.Bootstrap);
                w.WriteNumber("seed", r.Seed);
            }
            w.WriteStartArray("notes");
            foreach (var n in notes) w.WriteStringValue(n);
            w.WriteEndArray();
        }));
    }

    private static void WriteTable(TextWriter output, SamplesRequest r, SampleComparison c, SampleMeasures m, string why,
        List<string> notes, Dictionary<string, ConfidenceInterval>? intervals, string[] columns)
    {
        output.WriteLine($"A = {r.PathA} (n = {c.SizeA}), B = {r.PathB} (n = {c.SizeB}), column{(columns.Length > 1 ? "s" : "")} {string.Join(", ", columns)}");
        output.WriteLine($"method: {why}; nats");
        string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
        void Row(string label, string key, double? value)
        {
            string text = value is { } v ? F(v) : "not defined for this method";
            if (value is not null && intervals is not null && intervals.TryGetValue(key, out var ci))
                text += $"   [{F(ci.Lower)}, {F(ci.Upper)}]";
            output.WriteLine($"  {label,-8} {text}");
        }
        if (intervals is not null)
            output.WriteLine($"  intervals: {100 * r.Confidence:G4} % percentile bootstrap, {r.Bootstrap} resamples, seed {r.Seed}");
        Row("D(A‖B)", "kl", m.Kl);
        Row("D(B‖A)", "reverse_kl", m.ReverseKl);
        Row("JS", "js", m.Js);
        Row("PSI", "psi", m.Psi);
        Row("H(A)", "entropy_a", m.EntropyA);
        Row("H(B)", "entropy_b", m.EntropyB);
        foreach (var n in notes) output.WriteLine($"note: {n}");
    }
}
