namespace Kullback.Drift;

/// <summary>Whether a column is compared as numbers or as categories.</summary>
public enum ColumnType
{
    /// <summary>Numbers with more than <see cref="DriftPreset.MaxCategoricalUniques"/> distinct reference values.</summary>
    Numeric,
    /// <summary>Text, or numbers with at most <see cref="DriftPreset.MaxCategoricalUniques"/> distinct reference values.</summary>
    Categorical,
}

/// <summary>The drift tests of the preset, by the names the tool prints.</summary>
public static class DriftMethods
{
    /// <summary>Two-sample Kolmogorov–Smirnov, p-value threshold.</summary>
    public const string KolmogorovSmirnov = "ks";
    /// <summary>Pooled two-proportion Z test, p-value threshold.</summary>
    public const string ZTest = "z";
    /// <summary>χ² test of the 2×K contingency table, p-value threshold.</summary>
    public const string ChiSquare = "chisquare";
    /// <summary>Wasserstein-1 ÷ reference population σ, distance threshold.</summary>
    public const string Wasserstein = "wasserstein";
    /// <summary>Jensen–Shannon distance (natural log), distance threshold.</summary>
    public const string JensenShannon = "jensenshannon";
    /// <summary>Energy distance √2·√∫(U − V)² (not normalised), distance threshold.</summary>
    public const string Energy = "energy";
    /// <summary>Welch's two-sample t test, p-value threshold.</summary>
    public const string TTest = "t_test";
    /// <summary>Mann–Whitney U test, p-value threshold.</summary>
    public const string MannWhitney = "mann_whitney";
    /// <summary>Two-sample Cramér–von Mises test, p-value threshold.</summary>
    public const string CramerVonMises = "cramer_von_mises";
    /// <summary>k-sample (k = 2) Anderson–Darling test, p-value threshold.</summary>
    public const string Anderson = "anderson";
    /// <summary>Population stability index of reference-quantile bins or categories, distance threshold.</summary>
    public const string Psi = "psi";
    /// <summary>D(reference‖current) of bins or categories in nats, distance threshold.</summary>
    public const string KullbackLeibler = "kl";
    /// <summary>Hellinger distance of bins or categories, distance threshold.</summary>
    public const string Hellinger = "hellinger";
    /// <summary>Total variation distance of bins or categories, distance threshold.</summary>
    public const string TotalVariation = "total_variation";

    /// <summary>Whether the method's verdict is "p &lt; threshold" (a test) rather than "statistic ≥ threshold" (a distance).</summary>
    /// <param name="method">A method name.</param>
    /// <returns>True for ks, z, chisquare, t_test, mann_whitney, cramer_von_mises, anderson.</returns>
    public static bool IsTest(string method) => method is KolmogorovSmirnov or ZTest or ChiSquare or TTest or MannWhitney or CramerVonMises or Anderson;

    /// <summary>Whether the method applies only to numeric columns.</summary>
    /// <param name="method">A method name.</param>
    /// <returns>True for ks, wasserstein, energy, t_test, mann_whitney, cramer_von_mises, anderson.</returns>
    public static bool IsNumeric(string method) => method is KolmogorovSmirnov or Wasserstein or Energy or TTest or MannWhitney or CramerVonMises or Anderson;

    /// <summary>Whether the method compares frequencies and so applies to both kinds (numbers in reference-quantile bins, categories as they are).</summary>
    /// <param name="method">A method name.</param>
    /// <returns>True for psi, kl, hellinger, total_variation.</returns>
    public static bool IsBinned(string method) => method is Psi or KullbackLeibler or Hellinger or TotalVariation;

    /// <summary>All method names.</summary>
    public static readonly string[] All = [KolmogorovSmirnov, ZTest, ChiSquare, Wasserstein, JensenShannon, Energy, TTest, MannWhitney,
        CramerVonMises, Anderson, Psi, KullbackLeibler, Hellinger, TotalVariation];
}

/// <summary>The drift verdict of one column.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">Numeric or categorical.</param>
/// <param name="Method">The method's name (<see cref="DriftMethods"/>).</param>
/// <param name="Statistic">The statistic or distance.</param>
/// <param name="PValue">The p-value, or null for a distance.</param>
/// <param name="Threshold">Drift when p &lt; threshold (tests) or statistic ≥ threshold (distances).</param>
/// <param name="Drift">The verdict.</param>
public sealed record ColumnDrift(string Name, ColumnType Type, string Method, double Statistic, double? PValue, double Threshold, bool Drift);

/// <summary>
/// Evidently's default data-drift preset. A column is categorical when it is text or has ≤ 5 distinct reference values.
/// Reference ≤ 1,000 rows: numeric → KS (p &lt; 0.05), 2 categories → Z test, more → χ² (p &lt; 0.05).
/// Reference &gt; 1,000 rows: numeric → W₁/σ_ref (≥ 0.1), categorical → JS distance (≥ 0.1). Data set drift when the
/// share of drifted columns ≥ 0.5.
/// </summary>
public static class DriftPreset
{
    /// <summary>References with at most this many rows use the tests; larger ones the distances.</summary>
    public const int SmallReferenceRows = 1000;
    /// <summary>Numeric columns with at most this many distinct reference values are categorical.</summary>
    public const int MaxCategoricalUniques = 5;
    /// <summary>The p-value threshold of the tests.</summary>
    public const double PValueThreshold = 0.05;
    /// <summary>The threshold of the distances.</summary>
    public const double DistanceThreshold = 0.1;
    /// <summary>The default share of drifted columns at which the data set drifts.</summary>
    public const double DefaultDriftShare = 0.5;

    /// <summary>The preset's method for a column.</summary>
    /// <param name="type">The column type.</param>
    /// <param name="referenceRows">Rows of the reference table (missing cells included, as Evidently and pandas count them).</param>
    /// <param name="categories">Number of categories over both samples (categorical columns).</param>
    /// <returns>The method name.</returns>
    public static string DefaultMethod(ColumnType type, long referenceRows, int categories)
    {
        bool small = referenceRows <= SmallReferenceRows;
        if (type == ColumnType.Numeric) return small ? DriftMethods.KolmogorovSmirnov : DriftMethods.Wasserstein;
        return !small ? DriftMethods.JensenShannon : categories == 2 ? DriftMethods.ZTest : DriftMethods.ChiSquare;
    }

    /// <summary>The preset's threshold of a method.</summary>
    /// <param name="method">A method name.</param>
    /// <returns>0.05 for tests, 0.1 for distances.</returns>
    public static double DefaultThreshold(string method) => DriftMethods.IsTest(method) ? PValueThreshold : DistanceThreshold;

    /// <summary>Compares a numeric column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="reference">Reference values without missing ones, sorted ascending.</param>
    /// <param name="current">Current values without missing ones, sorted ascending.</param>
    /// <param name="method">ks, wasserstein, energy, t_test, mann_whitney, cramer_von_mises, anderson, or a binned method
    /// (psi, kl, hellinger, total_variation) on <paramref name="bins"/> reference-quantile bins.</param>
    /// <param name="threshold">The threshold, or null for the preset's.</param>
    /// <param name="bins">Reference-quantile bins of the binned methods.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="ArgumentException">A sample is empty, or the method is not numeric.</exception>
    public static ColumnDrift Numeric(string name, ReadOnlySpan<double> reference, ReadOnlySpan<double> current, string method, double? threshold = null,
        int bins = BinnedDistances.DefaultBins)
    {
        if (reference.IsEmpty) throw new ArgumentException($"column '{name}': no reference values (every cell is missing)");
        if (current.IsEmpty) throw new ArgumentException($"column '{name}': no current values (every cell is missing)");
        double t = threshold ?? DefaultThreshold(method);
        switch (method)
        {
            case DriftMethods.KolmogorovSmirnov:
                var ks = KolmogorovSmirnovTest.TwoSampleSorted(reference, current);
                return new ColumnDrift(name, ColumnType.Numeric, method, ks.Statistic, ks.PValue, t, ks.PValue < t);
            case DriftMethods.Wasserstein:
                double w = Wasserstein.DistanceSorted(reference, current) / Wasserstein.PopulationStandardDeviation(reference);
                return new ColumnDrift(name, ColumnType.Numeric, method, w, null, t, w >= t);
            case DriftMethods.Energy:
                double e = NumericTests.EnergyDistanceSorted(reference, current);
                return new ColumnDrift(name, ColumnType.Numeric, method, e, null, t, e >= t);
            case DriftMethods.TTest:
                var tt = NumericTests.WelchT(reference, current);
                return new ColumnDrift(name, ColumnType.Numeric, method, tt.Statistic, tt.PValue, t, tt.PValue < t);
            case DriftMethods.MannWhitney:
                var mw = Kullback.Drift.MannWhitney.TwoSampleSorted(reference, current);
                return new ColumnDrift(name, ColumnType.Numeric, method, mw.Statistic, mw.PValue, t, mw.PValue < t);
            case DriftMethods.CramerVonMises:
                var cvm = Kullback.Drift.CramerVonMises.TwoSampleSorted(reference, current);
                return new ColumnDrift(name, ColumnType.Numeric, method, cvm.Statistic, cvm.PValue, t, cvm.PValue < t);
            case DriftMethods.Anderson:
                var ad = AndersonDarling.TwoSampleSorted(reference, current);
                return new ColumnDrift(name, ColumnType.Numeric, method, ad.Statistic, ad.PValue, t, ad.PValue < t);
            case DriftMethods.Psi or DriftMethods.KullbackLeibler or DriftMethods.Hellinger or DriftMethods.TotalVariation:
                var edges = BinnedDistances.QuantileEdges(reference, bins);
                double binned = Binned(method, BinnedDistances.Counts(reference, edges), BinnedDistances.Counts(current, edges));
                return new ColumnDrift(name, ColumnType.Numeric, method, binned, null, t, binned >= t);
            default:
                throw new ArgumentException($"column '{name}': method '{method}' does not apply to a numeric column (use ks, wasserstein, energy, t_test, mann_whitney, cramer_von_mises, anderson, psi, kl, hellinger or total_variation)");
        }
    }

    /// <summary>Compares a categorical column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="categories">The union of categories, sorted as the Z test's first category is chosen (ordinal order of their text).</param>
    /// <param name="reference">Reference count per category.</param>
    /// <param name="current">Current count per category.</param>
    /// <param name="method">z, chisquare, jensenshannon, psi, kl, hellinger or total_variation.</param>
    /// <param name="threshold">The threshold, or null for the preset's.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="ArgumentException">A sample is empty, lengths differ, the method is not categorical, or z with other than 2 categories.</exception>
    public static ColumnDrift Categorical(string name, int categories, ReadOnlySpan<long> reference, ReadOnlySpan<long> current, string method, double? threshold = null)
    {
        if (reference.Length != categories || current.Length != categories) throw new ArgumentException($"column '{name}': counts do not match {categories} categories");
        long nr = 0, nc = 0;
        for (int i = 0; i < categories; i++) { nr += reference[i]; nc += current[i]; }
        if (nr == 0) throw new ArgumentException($"column '{name}': no reference values (every cell is missing)");
        if (nc == 0) throw new ArgumentException($"column '{name}': no current values (every cell is missing)");
        double t = threshold ?? DefaultThreshold(method);
        switch (method)
        {
            case DriftMethods.ZTest:
                if (categories != 2) throw new ArgumentException($"column '{name}': the z test needs exactly 2 categories, the column has {categories}");
                var z = CategoryTests.TwoProportionZ(reference[0], nr, current[0], nc);
                return new ColumnDrift(name, ColumnType.Categorical, method, z.Statistic, z.PValue, t, z.PValue < t);
            case DriftMethods.ChiSquare:
                var chi = CategoryTests.ChiSquareContingency(reference, current);
                return new ColumnDrift(name, ColumnType.Categorical, method, chi.Statistic, chi.PValue, t, chi.PValue < t);
            case DriftMethods.JensenShannon:
                var p = new double[categories];
                var q = new double[categories];
                for (int i = 0; i < categories; i++) { p[i] = reference[i] / (double)nr; q[i] = current[i] / (double)nc; }
                double js = Measures.JensenShannon.Distance(p, q, normalize: true);
                return new ColumnDrift(name, ColumnType.Categorical, method, js, null, t, js >= t);
            case DriftMethods.Psi or DriftMethods.KullbackLeibler or DriftMethods.Hellinger or DriftMethods.TotalVariation:
                double binned = Binned(method, reference, current);
                return new ColumnDrift(name, ColumnType.Categorical, method, binned, null, t, binned >= t);
            default:
                throw new ArgumentException($"column '{name}': method '{method}' does not apply to a categorical column (use z, chisquare, jensenshannon, psi, kl, hellinger or total_variation)");
        }
    }

    private static double Binned(string method, ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        var p = BinnedDistances.Frequencies(reference);
        var q = BinnedDistances.Frequencies(current);
        return method switch
        {
            DriftMethods.Psi => BinnedDistances.PopulationStability(p, q),
            DriftMethods.KullbackLeibler => BinnedDistances.KullbackLeiblerDivergence(p, q),
            DriftMethods.Hellinger => BinnedDistances.HellingerDistance(p, q),
            _ => BinnedDistances.TotalVariationDistance(p, q),
        };
    }

    /// <summary>Data set drift: share = drifted/columns, drift when share ≥ <paramref name="driftShare"/>.</summary>
    /// <param name="columns">The column verdicts.</param>
    /// <param name="driftShare">The share threshold in (0, 1].</param>
    /// <returns>Drifted count, share, verdict.</returns>
    public static (int Drifted, double Share, bool DatasetDrift) Summarize(IReadOnlyList<ColumnDrift> columns, double driftShare = DefaultDriftShare)
    {
        int drifted = columns.Count(c => c.Drift);
        double share = columns.Count == 0 ? 0.0 : (double)drifted / columns.Count;
        return (drifted, share, share >= driftShare);
    }
}
