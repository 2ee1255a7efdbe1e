namespace Kullback.Estimation;

/// <summary>One variable of a feature-ranking problem: n continuous values or n discrete labels.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Values">The values when continuous, else null.</param>
/// <param name="Labels">The labels (category codes) when discrete, else null.</param>
public sealed record MutualInformationColumn(string Name, double[]? Values, int[]? Labels)
{
    /// <summary>True for a discrete (labelled) column.</summary>
    public bool IsDiscrete => Labels is not null;

    /// <summary>Number of samples.</summary>
    public int Count => Values?.Length ?? Labels!.Length;
}

/// <summary>The estimate for one feature: which estimator ran and Î(feature; target) in nats.</summary>
/// <param name="Estimator">"ksg", "ross", "plugin", "miller_madow", "chao_shen" or "frenzel_pompe".</param>
/// <param name="MutualInformation">Î in nats (clipped at 0 only in scikit-learn-compatible mode).</param>
/// <param name="PValue">Permutation p-value, or null when no permutations were asked for.</param>
public readonly record struct FeatureScore(string Estimator, double MutualInformation, double? PValue);

/// <summary>Settings of <see cref="FeatureMutualInformation.Score"/>.</summary>
/// <param name="K">Neighbour order of the kNN estimators (≥ 1).</param>
/// <param name="SklearnCompatible">scikit-learn's preprocessing: continuous columns (target included) divided by
/// their population standard deviation without centring, and estimates clipped at 0 (its random noise is not added).</param>
/// <param name="Discrete">Estimator when feature and target are both discrete.</param>
/// <param name="Permutations">Shuffles of the target for a p-value (0: none).</param>
/// <param name="Seed">Seed of the shuffles.</param>
/// <param name="Threads">Most threads (≥ 1).</param>
public sealed record MutualInformationSettings(int K = 3, bool SklearnCompatible = false, DiscreteEstimator Discrete = DiscreteEstimator.PlugIn,
    int Permutations = 0, int Seed = 0, int Threads = 1);

/// <summary>
/// Î(feature; target) for one feature, with the estimator the kinds call for, as scikit-learn's
/// <c>mutual_info_classif</c> / <c>mutual_info_regression</c> choose it: both continuous → KSG
/// (<see cref="KraskovMutualInformation"/>); one continuous, one discrete → Ross (<see cref="RossMutualInformation"/>);
/// both discrete → <see cref="DiscreteMutualInformation"/>. With a conditioning column Z (continuous, as feature and
/// target), I(feature; target | Z) by <see cref="FrenzelPompeMutualInformation"/>.
/// </summary>
public static class FeatureMutualInformation
{
    /// <summary>Scores <paramref name="feature"/> against <paramref name="target"/> (and <paramref name="given"/>, if any).</summary>
    /// <param name="feature">The feature column.</param>
    /// <param name="target">The target column (same length).</param>
    /// <param name="given">A continuous conditioning column, or null.</param>
    /// <param name="settings">k, preprocessing, permutations, threads.</param>
    /// <returns>The estimator's name, Î in nats, and the p-value if asked for.</returns>
    /// <exception cref="ArgumentException">Different lengths, a constant continuous column (zero standard deviation),
    /// a discrete column with <paramref name="given"/>, fewer than k + 1 samples.</exception>
    public static FeatureScore Score(MutualInformationColumn feature, MutualInformationColumn target, MutualInformationColumn? given, MutualInformationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(settings);
        int n = target.Count;
        if (feature.Count != n) throw new ArgumentException($"feature '{feature.Name}' has {feature.Count} samples, target '{target.Name}' has {n}", nameof(feature));
        if (settings.K < 1) throw new ArgumentOutOfRangeException(nameof(settings), settings.K, "k must be ≥ 1");
        if (given is not null)
        {
            if (given.Count != n) throw new ArgumentException($"given '{given.Name}' has {given.Count} samples, target '{target.Name}' has {n}", nameof(given));
            foreach (var c in new[] { feature, target, given })
                if (c.IsDiscrete)
                    throw new ArgumentException($"'{c.Name}' is discrete: conditional MI (Frenzel–Pompe) needs continuous feature, target and given column", nameof(given));
        }
        var x = Prepared(feature, settings);
        var (y, lineY) = PreparedTarget(target, settings);
        var z = given is null ? null : Prepared(given, settings);
        string estimator = EstimatorName(feature, target, given, settings);
        double observed = Estimate(feature, x, target, y, z, settings, null, lineY);
        double? p = settings.Permutations > 0
            ? PermutationTest.PValue(observed, n, settings.Permutations, settings.Seed, order => Estimate(feature, x, target, y, z, settings, order, null))
            : null;
        return new FeatureScore(estimator, observed, p);
    }

    /// <summary>The estimator <see cref="Score"/> runs for these column kinds.</summary>
    public static string EstimatorName(MutualInformationColumn feature, MutualInformationColumn target, MutualInformationColumn? given, MutualInformationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(settings);
        if (given is not null) return "frenzel_pompe";
        if (feature.IsDiscrete && target.IsDiscrete)
            return settings.Discrete switch { DiscreteEstimator.MillerMadow => "miller_madow", DiscreteEstimator.ChaoShen => "chao_shen", _ => "plugin" };
        return feature.IsDiscrete || target.IsDiscrete ? "ross" : "ksg";
    }

    // The target as the estimators get it, with its sorted line, made once per target column object and preprocessing
    // (a CLI run scores every feature against one target: its scaling and sort are shared, the results unchanged).
    // The raw values are kept and compared on each use, so a caller that changes the array in place gets a fresh one.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<MutualInformationColumn, Dictionary<bool, (double[] Raw, double[] Values, SortedLine Line)>> Targets = new();

    private static (double[]? Values, SortedLine? Line) PreparedTarget(MutualInformationColumn target, MutualInformationSettings settings)
    {
        if (target.Values is not { } raw) return (null, null);
        var cache = Targets.GetOrCreateValue(target);
        lock (cache)
        {
            if (cache.TryGetValue(settings.SklearnCompatible, out var hit) && hit.Raw.AsSpan().SequenceEqual(raw)) return (hit.Values, hit.Line);
            var y = Prepared(target, settings)!;
            cache[settings.SklearnCompatible] = ((double[])raw.Clone(), y, new SortedLine(y));
            return (y, cache[settings.SklearnCompatible].Line);
        }
    }

    // Continuous values as the estimators get them: divided by the population standard deviation in sklearn mode.
    private static double[]? Prepared(MutualInformationColumn c, MutualInformationSettings settings)
    {
        if (c.Values is not { } v) return null;
        var mean = new Kernels.CompensatedSum();
        foreach (var t in v) mean.Add(t);
        double mu = mean.Value / v.Length;
        var squares = new Kernels.CompensatedSum();
        foreach (var t in v) squares.Add((t - mu) * (t - mu));
        double sd = Math.Sqrt(squares.Value / v.Length);
        if (!(sd > 0)) throw new ArgumentException($"column '{c.Name}' is constant (all values {v[0]}): its mutual information with anything is 0 and kNN estimators are undefined", nameof(c));
        if (!settings.SklearnCompatible) return v;
        var scaled = new double[v.Length];
        for (int i = 0; i < v.Length; i++) scaled[i] = v[i] / sd;
        return scaled;
    }

    private static double Estimate(MutualInformationColumn feature, double[]? x, MutualInformationColumn target, double[]? y, double[]? z,
        MutualInformationSettings s, int[]? order, SortedLine? lineY)
    {
        var ty = order is null ? y : y is null ? null : Permute(y, order);
        var labelsY = order is null || target.Labels is null ? target.Labels : Permute(target.Labels, order);
        double mi;
        if (z is not null)
            mi = FrenzelPompeMutualInformation.Estimate(x, 1, ty, 1, z, 1, s.K, s.Threads).Value;
        else if (feature.IsDiscrete && target.IsDiscrete)
            mi = DiscreteMutualInformation.Estimate(feature.Labels, labelsY, s.Discrete);
        else if (feature.IsDiscrete)
            mi = RossMutualInformation.Estimate(ty, 1, feature.Labels, s.K, s.Threads).Value;
        else if (target.IsDiscrete)
            mi = RossMutualInformation.Estimate(x, 1, labelsY, s.K, s.Threads).Value;
        else
            mi = KraskovMutualInformation.Estimate(x, 1, ty, 1, s.K, s.Threads, order is null ? lineY : null).Value;
        return s.SklearnCompatible ? Math.Max(0, mi) : mi;
    }

    private static T[] Permute<T>(T[] values, int[] order)
    {
        var result = new T[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[order[i]];
        return result;
    }
}
