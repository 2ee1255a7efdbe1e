using System.Globalization;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Drift;

namespace Kullback.Cli.Drift;

/// <summary>How a column's verdict came from a reference quantile sketch.</summary>
/// <param name="RankError">ε: the sketch's CDF is within ε of the reference's exact empirical CDF everywhere.</param>
/// <param name="Bound">|statistic − the statistic of the raw reference| ≤ Bound (null: no bound is claimed, the binned methods).</param>
/// <param name="DriftCertain">Whether every statistic within the bound gives the same verdict (null without a bound).</param>
/// <param name="PValueLow">ks: the p-value at D̂ + ε (the smallest the raw comparison can give).</param>
/// <param name="PValueHigh">ks: the p-value at D̂ − ε (the largest).</param>
internal sealed record SketchApproximation(double RankError, double? Bound, bool? DriftCertain, double? PValueLow = null, double? PValueHigh = null);

/// <summary>
/// Compares a current column with a reference column that a baseline keeps as a <see cref="QuantileSketch"/>:
/// ks (D̂ = sup|F̂ − G|, within ε; p-value of D̂ and the p-values at D̂ ± ε), wasserstein (Ŵ₁/σ, within ε·(max − min)/σ,
/// σ exact from the stored moments), energy (within √2·ε·√(max − min)), t_test (from the exact moments: bound 0, rounding
/// only), psi/kl/hellinger/total_variation (bins at the sketch's quantiles, reference frequencies from the sketch: no bound
/// claimed). A column with ≤ 5 distinct reference values keeps their exact counts, so its categorical comparison is exact.
/// mann_whitney, cramer_von_mises, anderson and permutation p-values need the raw values and are refused.
/// </summary>
internal static class DriftSketchComparison
{
    /// <summary>The methods a sketched numeric column can be compared by.</summary>
    public static readonly string[] Methods = [DriftMethods.KolmogorovSmirnov, DriftMethods.Wasserstein, DriftMethods.Energy, DriftMethods.TTest,
        DriftMethods.Psi, DriftMethods.KullbackLeibler, DriftMethods.Hellinger, DriftMethods.TotalVariation];

    /// <summary>Checks, before any statistic is computed, that the column's method can run from its sketch.</summary>
    /// <exception cref="InvalidDataException">A method or --permutations that needs the raw reference values.</exception>
    public static void Check(DriftColumn r, long referenceRows, DriftSettings settings, string file)
    {
        if (r.Sketch is null) return;
        settings.Methods.TryGetValue(r.Name, out var method);
        if (Categorical(r, method))
        {
            if (r.SmallCounts is null)
                throw new InvalidDataException($"{file}: column '{r.Name}': method '{method}' compares distinct values, and the baseline keeps a quantile sketch of its {r.Sketch.Count} values, not their counts (use {string.Join(", ", Methods)}, or make the baseline with --exact)");
            return;
        }
        string m = method ?? DriftPreset.DefaultMethod(ColumnType.Numeric, referenceRows, 0);
        if (!Methods.Contains(m))
            throw new InvalidDataException($"{file}: column '{r.Name}': method '{m}' needs the reference's raw values, and the baseline keeps a quantile sketch of its {r.Sketch.Count} values (from a sketch: {string.Join(", ", Methods)}; or make the baseline with --exact)");
        if (settings.Permutations > 0 && !DriftMethods.IsTest(m))
            throw new InvalidDataException($"{file}: column '{r.Name}': --permutations needs the reference's raw values, and the baseline keeps a quantile sketch of its {r.Sketch.Count} values (make the baseline with --exact)");
    }

    private static bool Categorical(DriftColumn r, string? method) =>
        method is null || DriftMethods.IsBinned(method) ? r.SmallCounts is not null : !DriftMethods.IsNumeric(method);

    /// <summary>Compares the current column <paramref name="c"/> with the sketched reference column <paramref name="r"/> (checked by <see cref="Check"/>).</summary>
    public static DriftRow Compare(DriftColumn r, DriftColumn c, long referenceRows, DriftSettings settings)
    {
        var sketch = r.Sketch!;
        settings.Methods.TryGetValue(r.Name, out var method);
        double? threshold = settings.Thresholds.TryGetValue(r.Name, out double tv) ? tv : null;
        var b = c.Numbers.AsSpan(0, c.Count);
        SampleSort.Sort(b);
        if (Categorical(r, method))
        {
            // Exact: the ≤ 5 distinct reference values' counts are kept.
            var refCounts = r.SmallCounts!;
            var curCounts = DriftComparison.Counts(b);
            var values = refCounts.Keys.Union(curCounts.Keys).Select(v => (Label: DriftComparison.Label(v, r.PandasInteger), Value: v))
                .OrderBy(x => x.Label, StringComparer.Ordinal).ToArray();
            long[] rc = values.Select(v => refCounts.GetValueOrDefault(v.Value)).ToArray(), cc = values.Select(v => curCounts.GetValueOrDefault(v.Value)).ToArray();
            var exact = DriftPreset.Categorical(r.Name, rc.Length, rc, cc, method ?? DriftPreset.DefaultMethod(ColumnType.Categorical, referenceRows, rc.Length), threshold);
            return new DriftRow(exact, r.Missing, c.Missing);
        }
        string m = method ?? DriftPreset.DefaultMethod(ColumnType.Numeric, referenceRows, 0);
        if (b.IsEmpty) throw new InvalidDataException($"column '{r.Name}': no current values");
        double t = threshold ?? DriftPreset.DefaultThreshold(m);
        double eps = sketch.NormalizedRankError;
        ColumnDrift Verdict(double statistic, double? p, bool drift) => new(r.Name, ColumnType.Numeric, m, statistic, p, t, drift);
        SketchApproximation Distance(double statistic, double? bound) =>
            new(eps, bound, bound is double e ? (statistic - e >= t) == (statistic + e >= t) : null);
        switch (m)
        {
            case DriftMethods.KolmogorovSmirnov:
            {
                var d = SketchComparison.KolmogorovSmirnovStatistic(sketch, b);
                var test = KolmogorovSmirnovTest.FromStatistic(d.Statistic, sketch.Count, b.Length);
                double low = KolmogorovSmirnovTest.FromStatistic(Math.Min(1, d.Statistic + eps), sketch.Count, b.Length).PValue;
                double high = KolmogorovSmirnovTest.FromStatistic(Math.Max(0, d.Statistic - eps), sketch.Count, b.Length).PValue;
                return new DriftRow(Verdict(test.Statistic, test.PValue, test.PValue < t), r.Missing, c.Missing, null,
                    new SketchApproximation(eps, eps, (low < t) == (high < t), low, high));
            }
            case DriftMethods.Wasserstein:
            {
                var w = SketchComparison.WassersteinDistance(sketch, b);
                double sigma = sketch.PopulationStandardDeviation, s = w.Statistic / sigma;
                double? bound = w.Bound / sigma;
                return new DriftRow(Verdict(s, null, s >= t), r.Missing, c.Missing, null, Distance(s, bound));
            }
            case DriftMethods.Energy:
            {
                var e = SketchComparison.EnergyDistance(sketch, b);
                return new DriftRow(Verdict(e.Statistic, null, e.Statistic >= t), r.Missing, c.Missing, null, Distance(e.Statistic, e.Bound));
            }
            case DriftMethods.TTest:
            {
                var tt = SketchComparison.WelchT(sketch, b);
                return new DriftRow(Verdict(tt.Statistic, tt.PValue, tt.PValue < t), r.Missing, c.Missing, null, new SketchApproximation(eps, 0, true));
            }
            default:
            {
                // psi, kl, hellinger, total_variation on bins at the sketch's quantiles.
                var edges = SketchComparison.QuantileEdges(sketch, settings.Bins);
                long[] rc = SketchComparison.Counts(sketch, edges), cc = BinnedDistances.Counts(b, edges);
                var binned = DriftPreset.Categorical(r.Name, rc.Length, rc, cc, m, threshold) with { Type = ColumnType.Numeric };
                return new DriftRow(binned, r.Missing, c.Missing, null, new SketchApproximation(eps, null, null));
            }
        }
    }

    /// <summary>
    /// Writes a sketched column's JSON fields: "approximate", "rank_error", "error_bound", "drift_certain" and, for ks,
    /// "p_value_bounds". "drift_certain" is null under <c>--correction</c> (the adjusted p-values depend on every column).
    /// </summary>
    public static void WriteJson(Utf8JsonWriter w, DriftRow row)
    {
        var a = row.Approximation!;
        w.WriteBoolean("approximate", true);
        JsonOut.WriteNumber(w, "rank_error", a.RankError);
        if (a.Bound is double b) JsonOut.WriteNumber(w, "error_bound", b);
        else w.WriteNull("error_bound");
        if (a.DriftCertain is bool d && row.PValueAdjusted is null) w.WriteBoolean("drift_certain", d);
        else w.WriteNull("drift_certain");
        if (a.PValueLow is double lo && a.PValueHigh is double hi)
        {
            w.WriteStartArray("p_value_bounds");
            JsonOut.WriteNumberValue(w, lo);
            JsonOut.WriteNumberValue(w, hi);
            w.WriteEndArray();
        }
    }

    /// <summary>The table's footnote for sketched columns (null when there are none).</summary>
    public static string? Footnote(IEnumerable<DriftRow> rows)
    {
        var sketched = rows.Where(r => r.Approximation is not null).ToArray();
        if (sketched.Length == 0) return null;
        var inv = CultureInfo.InvariantCulture;
        return "≈ from a quantile sketch of the reference: " + string.Join("; ", sketched.Select(r =>
            $"{r.Result.Name} (rank error ≤ {r.Approximation!.RankError.ToString("G3", inv)}, statistic within {(r.Approximation.Bound is double b ? b.ToString("G3", inv) : "no stated bound")}{(r.Approximation.DriftCertain == false && r.PValueAdjusted is null ? ", verdict not certain" : "")})"));
    }
}
