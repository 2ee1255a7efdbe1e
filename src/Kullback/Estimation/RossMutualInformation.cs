namespace Kullback.Estimation;

/// <summary>
/// Ross's kNN estimator of I(C;D) between a continuous variable C and a discrete one D (Ross 2014, PLoS ONE 9(2),
/// e87357, eq. 2): Î = ψ(N) + ⟨ψ(kᵢ)⟩ − ⟨ψ(N_{dᵢ})⟩ − ⟨ψ(mᵢ)⟩, where N_d is the number of samples with label d,
/// kᵢ = min(k, N_{dᵢ} − 1), εᵢ the Euclidean distance from cᵢ to its kᵢ-th nearest other sample of the same label, and
/// mᵢ the number of samples (any label, cᵢ itself included) strictly within εᵢ. Samples whose label occurs once are
/// left out (N counts the rest). This is scikit-learn's <c>_compute_mi_cd</c> (mutual_info_classif) exactly, before
/// its clip at 0.
/// </summary>
public static class RossMutualInformation
{
    /// <summary>Î(C;D) in nats.</summary>
    /// <param name="continuous">Row-major n × <paramref name="dimensions"/> samples of C.</param>
    /// <param name="dimensions">d ≥ 1.</param>
    /// <param name="labels">n labels of D (any integers; equal integers are one category).</param>
    /// <param name="k">Neighbour order (≥ 1); labels with fewer than k + 1 samples use their count − 1.</param>
    /// <param name="threads">Most threads for the neighbour searches (≥ 1).</param>
    /// <returns>Î with its naive standard error (over the samples kept); not clipped.</returns>
    /// <exception cref="ArgumentException">Bad shape, different numbers of samples, non-finite values, k &lt; 1, or no label seen twice.</exception>
    public static MutualInformationEstimate Estimate(ReadOnlySpan<double> continuous, int dimensions, ReadOnlySpan<int> labels, int k = 3, int threads = 1)
    {
        int n = KraskovMutualInformation.Samples(continuous, dimensions, "continuous");
        if (labels.Length != n)
            throw new ArgumentException($"continuous has {n} samples, labels has {labels.Length}: they must be paired", nameof(labels));
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be ≥ 1");
        var groups = new Dictionary<int, List<int>>();
        for (int i = 0; i < n; i++)
        {
            if (!groups.TryGetValue(labels[i], out var members)) groups[labels[i]] = members = [];
            members.Add(i);
        }
        var kept = groups.Values.Where(g => g.Count > 1).SelectMany(g => g).Order().ToArray();
        if (kept.Length == 0) throw new ArgumentException("no label occurs twice: Ross's estimator needs at least two samples of some label", nameof(labels));
        int m = kept.Length, d = dimensions;
        var radius = new double[n];
        var kOf = new int[n];
        var size = new int[n];
        foreach (var g in groups.Values)
        {
            if (g.Count < 2) continue;
            int kl = Math.Min(k, g.Count - 1);
            var points = Gather(continuous, d, g);
            var r = new double[g.Count];
            new KdTree(points, d).KthNeighbourDistances(points, kl, queriesAreTreePoints: true, r, threads);
            for (int j = 0; j < g.Count; j++)
            {
                radius[g[j]] = r[j];
                kOf[g[j]] = kl;
                size[g[j]] = g.Count;
            }
        }
        var all = Gather(continuous, d, kept);
        var radii = kept.Select(i => radius[i]).ToArray();
        var within = new int[m];
        if (d == 1) new SortedLine(all).CountOthersWithin(all, radii, within, threads); // 1-D: |t| = √(t²), the same counts
        else new KdTree(all, d).CountWithin(all, radii, queriesAreTreePoints: true, within, threads);
        var psi = DigammaTable.AtLeast(n + 1);
        var terms = new double[m];
        for (int j = 0; j < m; j++)
        {
            int i = kept[j];
            terms[j] = psi[m] + psi[kOf[i]] - psi[size[i]] - psi[within[j] + 1]; // + 1: cᵢ itself
        }
        return MutualInformationEstimate.FromTerms(terms);
    }

    private static double[] Gather(ReadOnlySpan<double> values, int d, IReadOnlyList<int> rows)
    {
        var result = new double[rows.Count * d];
        for (int j = 0; j < rows.Count; j++) values.Slice(rows[j] * d, d).CopyTo(result.AsSpan(j * d, d));
        return result;
    }
}
