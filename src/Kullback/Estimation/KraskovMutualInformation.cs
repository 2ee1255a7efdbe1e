namespace Kullback.Estimation;

/// <summary>
/// The Kraskov–Stögbauer–Grassberger estimator of I(X;Y) between continuous variables (algorithm 1, max-norm;
/// Kraskov, Stögbauer &amp; Grassberger 2004, Phys. Rev. E 69, 066138, eq. 8):
/// Î = ψ(k) + ψ(n) − ⟨ψ(n_x + 1) + ψ(n_y + 1)⟩, where εᵢ is the max-norm distance from (xᵢ, yᵢ) to its k-th nearest
/// other sample in the joint space and n_x(i), n_y(i) count the other samples with ‖xⱼ − xᵢ‖∞ &lt; εᵢ and
/// ‖yⱼ − yᵢ‖∞ &lt; εᵢ (strictly). This is scikit-learn's <c>_compute_mi_cc</c> exactly (its radius is
/// nextafter(ε, 0) with ≤, the same set), before its clip at 0. Exact neighbours from max-norm <see cref="KdTree"/>s.
/// </summary>
public static class KraskovMutualInformation
{
    /// <summary>Î(X;Y) in nats from n paired samples.</summary>
    /// <param name="x">Row-major n × <paramref name="dimensionsX"/> samples of X.</param>
    /// <param name="dimensionsX">d_x ≥ 1.</param>
    /// <param name="y">Row-major n × <paramref name="dimensionsY"/> samples of Y, row i paired with row i of x.</param>
    /// <param name="dimensionsY">d_y ≥ 1.</param>
    /// <param name="k">Neighbour order. Range: 1 ≤ k &lt; n.</param>
    /// <param name="threads">Most threads for the neighbour searches (≥ 1).</param>
    /// <returns>Î with its naive standard error; not clipped (scikit-learn reports max(Î, 0)).</returns>
    /// <exception cref="ArgumentException">Bad shapes, different numbers of samples, non-finite values, k out of range.</exception>
    public static MutualInformationEstimate Estimate(ReadOnlySpan<double> x, int dimensionsX, ReadOnlySpan<double> y, int dimensionsY, int k = 3, int threads = 1) =>
        Estimate(x, dimensionsX, y, dimensionsY, k, threads, null);

    /// <summary>As the public overload; <paramref name="lineY"/>, when given, is a <see cref="SortedLine"/> built from
    /// the one-dimensional <paramref name="y"/> (e.g. a target shared by many features), so it is sorted once.</summary>
    internal static MutualInformationEstimate Estimate(ReadOnlySpan<double> x, int dimensionsX, ReadOnlySpan<double> y, int dimensionsY, int k, int threads, SortedLine? lineY)
    {
        int n = Samples(x, dimensionsX, "x");
        if (Samples(y, dimensionsY, "y") != n)
            throw new ArgumentException($"x has {n} samples, y has {y.Length / dimensionsY}: they must be paired", nameof(y));
        CheckK(k, n);
        var nx = new int[n];
        var ny = new int[n];
        if (dimensionsX == 1 && dimensionsY == 1)
        {
            // The plane: both marginals' sorted ranks place the points in MaxNormPlaneGrid's cells and then count n_x, n_y.
            for (int i = 0; i < n; i++) // the joint points' check, in the joint KdTree's words
                if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
                    throw new ArgumentException($"points[{i}, {(double.IsFinite(x[i]) ? 1 : 0)}] = {(double.IsFinite(x[i]) ? y[i] : x[i])}: coordinates must be finite", "points");
            var lineX = new SortedLine(x);
            lineY ??= new SortedLine(y);
            var radii = MaxNormPlaneGrid.KthNeighbourDistances(x, y, lineX, lineY, k, threads);
            lineX.CountOthersWithin(x, radii, nx, threads);
            lineY.CountOthersWithin(y, radii, ny, threads);
            return Terms(n, k, nx, ny);
        }
        var joint = Join(x, dimensionsX, y, dimensionsY);
        var eps = JointRadii(joint, dimensionsX + dimensionsY, k, threads);
        CountOthersWithin(x, dimensionsX, eps, nx, threads);
        CountOthersWithin(y, dimensionsY, eps, ny, threads);
        return Terms(n, k, nx, ny);
    }

    // Î's terms ψ(k) + ψ(n) − ψ(n_x + 1) − ψ(n_y + 1).
    private static MutualInformationEstimate Terms(int n, int k, int[] nx, int[] ny)
    {
        var psi = DigammaTable.AtLeast(n + 1);
        double common = psi[k] + psi[n];
        var terms = System.Buffers.ArrayPool<double>.Shared.Rent(n); // scratch: one estimate per feature of a ranking
        for (int i = 0; i < n; i++) terms[i] = common - psi[nx[i] + 1] - psi[ny[i] + 1];
        var estimate = MutualInformationEstimate.FromTerms(terms.AsSpan(0, n));
        System.Buffers.ArrayPool<double>.Shared.Return(terms);
        return estimate;
    }

    /// <summary>The samples in a row-major matrix, checking its shape.</summary>
    internal static int Samples(ReadOnlySpan<double> values, int dimensions, string name)
    {
        if (dimensions < 1) throw new ArgumentOutOfRangeException($"dimensions of {name}", dimensions, "dimensions must be ≥ 1");
        if (values.Length % dimensions != 0)
            throw new ArgumentException($"{name} has {values.Length} values, not a multiple of {dimensions} dimensions", name);
        return values.Length / dimensions;
    }

    /// <summary>1 ≤ k &lt; n, else an error naming both.</summary>
    internal static void CheckK(int k, int n)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be ≥ 1");
        if (n < k + 1) throw new ArgumentException($"{n} samples: kNN estimators with k = {k} need at least k + 1 = {k + 1}", nameof(k));
    }

    /// <summary>Rows of a and b side by side: row-major n × (d_a + d_b).</summary>
    internal static double[] Join(ReadOnlySpan<double> a, int da, ReadOnlySpan<double> b, int db)
    {
        int n = a.Length / da, d = da + db;
        var joint = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            a.Slice(i * da, da).CopyTo(joint.AsSpan(i * d, da));
            b.Slice(i * db, db).CopyTo(joint.AsSpan(i * d + da, db));
        }
        return joint;
    }

    /// <summary>#{j ≠ i : ‖p_j − p_i‖∞ &lt; rᵢ} for every point i: by binary search on the sorted values in one
    /// dimension (<see cref="SortedLine"/>), by a max-norm <see cref="KdTree"/> in more; the counts are the same.</summary>
    internal static void CountOthersWithin(ReadOnlySpan<double> points, int dimensions, double[] radii, int[] counts, int threads)
    {
        if (dimensions == 1) new SortedLine(points).CountOthersWithin(points, radii, counts, threads);
        else new KdTree(points, dimensions, NeighbourMetric.Chebyshev).CountWithin(points, radii, queriesAreTreePoints: true, counts, threads);
    }

    /// <summary>εᵢ: the max-norm distance from joint sample i to its k-th nearest other joint sample.</summary>
    internal static double[] JointRadii(double[] joint, int dimensions, int k, int threads)
    {
        var tree = new KdTree(joint, dimensions, NeighbourMetric.Chebyshev);
        var eps = new double[tree.Count];
        tree.KthNeighbourDistances(joint, k, queriesAreTreePoints: true, eps, threads);
        return eps;
    }
}
