namespace Kullback.Estimation;

/// <summary>The estimator of I(X;Y) between two discrete variables from their n paired labels.</summary>
public enum DiscreteEstimator
{
    /// <summary>Plug-in (maximum likelihood) Î = Σ (n_xy/N) log(N·n_xy / (n_x·n_y)): scikit-learn's mutual_info_score.</summary>
    PlugIn,

    /// <summary>Plug-in + (m_x + m_y − m_xy − 1) / (2N), Miller–Madow's correction of each of H(X) + H(Y) − H(X,Y).</summary>
    MillerMadow,

    /// <summary>Ĥ_CS(X) + Ĥ_CS(Y) − Ĥ_CS(X,Y) with the Chao–Shen coverage-adjusted entropies.</summary>
    ChaoShen,
}

/// <summary>
/// Mutual information between two discrete variables estimated from paired labels, through their contingency table
/// n_xy (n_x, n_y its margins, m_x, m_y, m_xy the numbers of non-empty cells of each). Nats.
/// </summary>
public static class DiscreteMutualInformation
{
    /// <summary>Î(X;Y) from n paired labels (any integers; equal integers are one category).</summary>
    /// <param name="x">n labels of X.</param>
    /// <param name="y">n labels of Y.</param>
    /// <param name="estimator">Which estimator (see <see cref="DiscreteEstimator"/>).</param>
    /// <returns>Î in nats. The plug-in is ≥ 0 (rounding below 0 is clamped, as scikit-learn clips); the corrected
    /// estimators can be below 0 for nearly independent variables.</returns>
    /// <exception cref="ArgumentException">No samples, or different numbers of labels.</exception>
    public static double Estimate(ReadOnlySpan<int> x, ReadOnlySpan<int> y, DiscreteEstimator estimator = DiscreteEstimator.PlugIn)
    {
        if (x.Length != y.Length) throw new ArgumentException($"x has {x.Length} labels, y has {y.Length}: they must be paired", nameof(y));
        if (x.Length == 0) throw new ArgumentException("no samples", nameof(x));
        var (cx, rows) = Codes(x);
        var (cy, cols) = Codes(y);
        var joint = new Dictionary<long, int>();
        var nx = new double[rows];
        var ny = new double[cols];
        for (int i = 0; i < cx.Length; i++)
        {
            nx[cx[i]]++;
            ny[cy[i]]++;
            long cell = (long)cx[i] * cols + cy[i];
            joint[cell] = joint.GetValueOrDefault(cell) + 1;
        }
        double n = x.Length;
        switch (estimator)
        {
            case DiscreteEstimator.PlugIn:
                return PlugIn(joint, nx, ny, cols, n);
            case DiscreteEstimator.MillerMadow:
                return PlugIn(joint, nx, ny, cols, n) + (rows + cols - joint.Count - 1) / (2 * n);
            case DiscreteEstimator.ChaoShen:
                var cells = joint.Values.Select(v => (double)v).ToArray();
                return ChaoShenEntropy.Of(nx) + ChaoShenEntropy.Of(ny) - ChaoShenEntropy.Of(cells);
            default:
                throw new ArgumentOutOfRangeException(nameof(estimator), estimator, "unknown estimator");
        }
    }

    // Σ (n_xy/N) (log n_xy + log N − log n_x − log n_y), compensated; clamped at 0.
    private static double PlugIn(Dictionary<long, int> joint, double[] nx, double[] ny, int cols, double n)
    {
        var sum = new Kernels.CompensatedSum();
        double logN = Math.Log(n);
        foreach (var (cell, count) in joint)
        {
            double a = nx[cell / cols], b = ny[cell % cols];
            sum.Add(count / n * (Math.Log(count) + logN - Math.Log(a) - Math.Log(b)));
        }
        return Math.Max(0, sum.Value);
    }

    /// <summary>Labels renumbered 0 … m − 1 in order of first appearance, and m.</summary>
    internal static (int[] Codes, int Categories) Codes(ReadOnlySpan<int> labels)
    {
        var map = new Dictionary<int, int>();
        var codes = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (!map.TryGetValue(labels[i], out int c)) map[labels[i]] = c = map.Count;
            codes[i] = c;
        }
        return (codes, map.Count);
    }
}
