using Kullback.Kernels;

namespace Kullback.Measures;

/// <summary>
/// The generalised Jensen–Shannon divergence of n ≥ 2 distributions P_1 … P_n with weights w_j ≥ 0, Σ w_j = 1:
/// JS_w = H(Σ_j w_j P_j) − Σ_j w_j H(P_j), computed as Σ_j w_j D(P_j ‖ M), M = Σ_j w_j P_j (m_i held as a double-double and each
/// log(p_ji/m_i) an accurate ratio, so there is no cancellation when the P_j are close). 0 ≤ JS_w ≤ H(w); with n = 2 and equal
/// weights it is <see cref="JensenShannon"/>. Values follow the <see cref="LogBase"/>. Exceptions are raised before any work.
/// </summary>
public static class GeneralisedJensenShannon
{
    /// <summary>JS_w(P_1, …, P_n) = H(Σ_j w_j P_j) − Σ_j w_j H(P_j).</summary>
    /// <param name="distributions">n·C probabilities, row-major: row j is P_j.</param>
    /// <param name="classes">C, the number of classes.</param>
    /// <param name="weights">n weights w_j ≥ 0 summing to 1 within <see cref="CategoricalSpan.SumTolerance"/>, or empty for 1/n each.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">Normalise each P_j and the weights instead of rejecting sums that are not 1.</param>
    /// <returns>JS_w ≥ 0 in <paramref name="unit"/>.</returns>
    /// <exception cref="ArgumentException">Bad shape, fewer than 2 distributions, a bad row (named p[row, column]) or bad weights.</exception>
    public static double Divergence(ReadOnlySpan<double> distributions, int classes, ReadOnlySpan<double> weights = default, LogBase unit = default, bool normalize = false)
    {
        var rows = CategoricalRows.Probabilities(distributions, classes);
        int n = RowShape.Check(rows, "p");
        if (n < 2) throw new ArgumentException($"p has {n} distribution: the generalised Jensen–Shannon divergence needs at least 2", nameof(distributions));
        var w = Weights(weights, n, normalize);
        var p = new double[n][];
        for (int j = 0; j < n; j++) CategoricalValidation.Validate(rows[j], "p", normalize, j);
        for (int j = 0; j < n; j++) p[j] = DenseProbabilities.Read(CategoricalValidation.PrepareValid(rows[j], normalize));
        var total = new CompensatedSum();
        for (int i = 0; i < classes; i++)
        {
            // m_i = Σ_j w_j p_ji as a double-double (each product split exactly by an FMA), so log(p_ji/m_i) keeps
            // its relative accuracy when the P_j nearly agree.
            var m = new CompensatedSum();
            for (int j = 0; j < n; j++)
            {
                double product = w[j] * p[j][i];
                m.Add(product);
                m.Add(Math.FusedMultiplyAdd(w[j], p[j][i], -product));
            }
            double mi = m.Value, miLow = (m.High - mi) + m.Low;
            for (int j = 0; j < n; j++)
            {
                double x = p[j][i];
                if (w[j] == 0 || x == 0) continue;
                total.Add(w[j] * x * (LogRatio.Of(x, mi) - miLow / mi));
            }
        }
        return unit.FromNats(Math.Max(total.Value, 0.0));
    }

    private static double[] Weights(ReadOnlySpan<double> weights, int n, bool normalize)
    {
        var w = new double[n];
        if (weights.IsEmpty)
        {
            Array.Fill(w, 1.0 / n);
            return w;
        }
        if (weights.Length != n)
            throw new ArgumentException($"weights has {weights.Length} entries but there are {n} distributions", nameof(weights));
        var sum = new CompensatedSum();
        for (int j = 0; j < n; j++)
        {
            double v = weights[j];
            if (!double.IsFinite(v) || v < 0)
                throw new ArgumentException($"weights[{j}] = {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}: weights must be finite and ≥ 0", nameof(weights));
            sum.Add(v);
        }
        double s = sum.Value;
        if (normalize ? !(s > 0) : !(Math.Abs(s - 1.0) <= CategoricalSpan.SumTolerance))
            throw new ArgumentException($"weights sum to {s.ToString(System.Globalization.CultureInfo.InvariantCulture)}: they must sum to 1 within 1e-6 (or normalise)", nameof(weights));
        for (int j = 0; j < n; j++) w[j] = normalize ? weights[j] / s : weights[j];
        return w;
    }
}
