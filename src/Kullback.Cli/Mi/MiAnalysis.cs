using System.Globalization;
using Kullback.Cli.Common;
using Kullback.Estimation;
using Kullback.Kernels;
using Kullback.Measures;

namespace Kullback.Cli.Mi;

/// <summary>The options of one <c>kullback mi</c> run.</summary>
internal sealed record MiRequest(string Path, string Target, int K, string DiscreteFeatures, string Task, string? Given,
    int Permutations, int Seed, string DiscreteEstimator, bool SklearnCompatible, bool DropMissing, LogBase Unit, int Threads);

/// <summary>One ranked feature.</summary>
internal sealed record MiFeature(string Name, string Kind, FeatureScore Score, int Rank);

/// <summary>The result of a run.</summary>
internal sealed record MiReport(string Target, string Task, string TaskSource, string? Given, MiFeature[] Features, LogBase Unit, int K, int Rows, bool SklearnCompatible);

/// <summary>Validates a request, prepares the columns and scores every feature (in parallel over features).</summary>
internal static class MiAnalysis
{
    /// <summary>Runs <paramref name="r"/>: every check before any estimate.</summary>
    /// <exception cref="UsageException">A bad option.</exception>
    /// <exception cref="InvalidDataException">A bad input: unknown, missing, constant or text-where-numbers-are-needed columns, too few rows.</exception>
    public static MiReport Run(MiRequest r)
    {
        if (r.K < 1) throw new UsageException($"--k {r.K}: must be ≥ 1");
        if (r.Permutations < 0) throw new UsageException($"--permutations {r.Permutations}: must be ≥ 0");
        if (r.Threads < 1) throw new UsageException($"--threads {r.Threads}: must be ≥ 1");
        if (r.Task is not ("auto" or "classification" or "regression")) throw new UsageException($"--task {r.Task}: use auto, classification or regression");
        var discreteEstimator = r.DiscreteEstimator switch
        {
            "plugin" => Estimation.DiscreteEstimator.PlugIn,
            "miller_madow" => Estimation.DiscreteEstimator.MillerMadow,
            "chao_shen" => Estimation.DiscreteEstimator.ChaoShen,
            _ => throw new UsageException($"--discrete-estimator {r.DiscreteEstimator}: use plugin, miller_madow or chao_shen"),
        };
        string[]? discreteList = r.DiscreteFeatures is "auto" or "all" or "none" ? null : r.DiscreteFeatures.Split(',', StringSplitOptions.TrimEntries);
        if (discreteList is not null && (discreteList.Length == 0 || discreteList.Any(s => s.Length == 0)))
            throw new UsageException($"--discrete-features {r.DiscreteFeatures}: use auto, all, none, or column names separated by commas");

        var table = MiTable.Read(r.Path);
        int targetIndex = Find(table, r.Target, "--target");
        int givenIndex = r.Given is null ? -1 : Find(table, r.Given, "--given");
        if (givenIndex == targetIndex) throw new UsageException($"--given {r.Given}: is the target itself");
        var featureIndex = Enumerable.Range(0, table.Columns.Length).Where(i => i != targetIndex && i != givenIndex).ToArray();
        if (featureIndex.Length == 0) throw new InvalidDataException($"{r.Path}: no feature columns besides the target");
        if (discreteList is not null)
            foreach (var name in discreteList)
            {
                int i = Find(table, name, "--discrete-features");
                if (i == targetIndex || i == givenIndex) throw new UsageException($"--discrete-features: '{name}' is the {(i == targetIndex ? "target" : "given column")}, not a feature");
            }

        var rows = KeptRows(table, r.DropMissing);
        if (rows.Length < r.K + 1)
            throw new UsageException($"{r.Path}: {rows.Length} rows{(r.DropMissing ? " without missing cells" : "")}; --k {r.K} needs at least k + 1 = {r.K + 1}");

        var targetColumn = table.Columns[targetIndex];
        bool classification = r.Task switch
        {
            "classification" => true,
            "regression" => false,
            _ => targetColumn.IsText || LooksDiscrete(targetColumn, rows),
        };
        if (!classification && targetColumn.IsText)
            throw new InvalidDataException($"{r.Path}: target '{targetColumn.Name}' is text; regression needs numbers (use --task classification)");
        var target = Prepare(table, targetColumn, rows, classification);
        MutualInformationColumn? given = null;
        if (givenIndex >= 0)
        {
            var g = table.Columns[givenIndex];
            if (g.IsText) throw new InvalidDataException($"{r.Path}: --given column '{g.Name}' is text; conditioning needs a continuous column");
            given = Prepare(table, g, rows, discrete: false);
        }
        var features = featureIndex.Select(i =>
        {
            var c = table.Columns[i];
            bool isDiscrete = r.DiscreteFeatures switch
            {
                "all" => true,
                "none" => false,
                "auto" => c.IsText || LooksDiscrete(c, rows),
                _ => discreteList!.Contains(c.Name) || discreteList.Contains(i.ToString(CultureInfo.InvariantCulture)),
            };
            if (!isDiscrete && c.IsText)
                throw new InvalidDataException($"{r.Path}: feature '{c.Name}' is text; it can only be discrete (--discrete-features {r.DiscreteFeatures} makes it continuous)");
            return Prepare(table, c, rows, isDiscrete);
        }).ToArray();

        int outer = Math.Min(r.Threads, features.Length), inner = Math.Max(1, r.Threads / outer);
        var settings = new MutualInformationSettings(r.K, r.SklearnCompatible, discreteEstimator, r.Permutations, r.Seed, inner);
        var scores = new FeatureScore[features.Length];
        try
        {
            RowPartition.Run(features.Length, outer, j => scores[j] = FeatureMutualInformation.Score(features[j], target, given, settings));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
        }
        var order = Enumerable.Range(0, features.Length).OrderByDescending(j => scores[j].MutualInformation).ToArray();
        var ranked = order.Select((j, rank) => new MiFeature(features[j].Name, features[j].IsDiscrete ? "discrete" : "continuous", scores[j], rank + 1)).ToArray();
        return new MiReport(targetColumn.Name, classification ? "classification" : "regression", r.Task == "auto" ? "auto" : "--task",
            given?.Name, ranked, r.Unit, r.K, rows.Length, r.SklearnCompatible);
    }

    private static int Find(MiTable table, string nameOrIndex, string option)
    {
        int byName = Array.FindIndex(table.Columns, c => c.Name == nameOrIndex);
        if (byName >= 0) return byName;
        if (int.TryParse(nameOrIndex, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < table.Columns.Length) return i;
        throw new UsageException($"{table.File}: {option} '{nameOrIndex}': no such column (columns: {string.Join(", ", table.Columns.Select(c => c.Name))})");
    }

    // Rows with no missing cell; a missing cell is an error naming its row and column unless dropMissing (the first
    // such row, and in it the first such column). Column by column: a scan of each column's cells, not a search of
    // every row's columns.
    private static int[] KeptRows(MiTable table, bool dropMissing)
    {
        var missingRow = new bool[table.Rows];
        int first = table.Rows;
        foreach (var c in table.Columns)
            for (int row = 0; row < table.Rows; row++)
                if (MiTable.IsMissing(c, row))
                {
                    missingRow[row] = true;
                    first = Math.Min(first, row);
                    if (!dropMissing) break;
                }
        if (first < table.Rows && !dropMissing)
        {
            var missing = table.Columns.First(c => MiTable.IsMissing(c, first));
            throw new InvalidDataException($"{table.File}: {(table.IsCsv ? "line" : "row")} {table.Lines[first]}, column '{missing.Name}': missing value; " +
                "use --drop-missing to leave out rows with missing cells");
        }
        var kept = new List<int>(table.Rows);
        for (int row = 0; row < table.Rows; row++)
            if (!missingRow[row]) kept.Add(row);
        return [.. kept];
    }

    // Integer-valued with at most AutoDiscreteLimit distinct values.
    private static bool LooksDiscrete(MiColumn c, int[] rows)
    {
        var distinct = new HashSet<double>();
        foreach (int row in rows)
        {
            double v = c.Numbers![row];
            if (v != Math.Floor(v) || distinct.Add(v) && distinct.Count > MiCommand.AutoDiscreteLimit) return false;
        }
        return true;
    }

    private static MutualInformationColumn Prepare(MiTable table, MiColumn c, int[] rows, bool discrete)
    {
        if (discrete)
        {
            var codes = new Dictionary<string, int>(StringComparer.Ordinal);
            var numberCodes = new Dictionary<double, int>();
            var labels = new int[rows.Length];
            for (int j = 0; j < rows.Length; j++)
                labels[j] = c.IsText
                    ? codes.TryGetValue(c.Text![rows[j]]!, out int t) ? t : codes[c.Text[rows[j]]!] = codes.Count
                    : numberCodes.TryGetValue(c.Numbers![rows[j]], out int u) ? u : numberCodes[c.Numbers[rows[j]]] = numberCodes.Count;
            if (Math.Max(codes.Count, numberCodes.Count) < 2)
            {
                string only = c.IsText ? c.Text![rows[0]]! : c.Numbers![rows[0]].ToString(CultureInfo.InvariantCulture);
                throw new InvalidDataException($"{table.File}: column '{c.Name}' is constant (all values {only}): mutual information with it is 0 and no estimator applies");
            }
            return new MutualInformationColumn(c.Name, null, labels);
        }
        var values = new double[rows.Length];
        for (int j = 0; j < rows.Length; j++) values[j] = c.Numbers![rows[j]];
        if (!values.AsSpan().ContainsAnyExcept(values[0]))
            throw new InvalidDataException($"{table.File}: column '{c.Name}' is constant (all values {values[0].ToString(CultureInfo.InvariantCulture)}): mutual information with it is 0 and no estimator applies");
        return new MutualInformationColumn(c.Name, values, null);
    }
}
