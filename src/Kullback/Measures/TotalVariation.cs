using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Measures;

/// <summary>
/// Total variation distance TV(P,Q) = ½ Σ_i |p_i − q_i| (0 … 1, a metric; the largest difference of the probability
/// of any event) and Pearson's χ²(P‖Q) = Σ_i (p_i − q_i)² / q_i (0 … +∞; +∞ where q_i = 0 &lt; p_i, classes with
/// p_i = q_i = 0 contribute 0). Unitless. Exceptions are raised before any work.
/// </summary>
public static class TotalVariation
{
    /// <summary>TV(P,Q) = ½ Σ_i |p_i − q_i| of probabilities.</summary>
    /// <param name="p">P: probabilities, Σ = 1 within <see cref="CategoricalSpan.SumTolerance"/>.</param>
    /// <param name="q">Q: probabilities over the same classes.</param>
    /// <param name="normalize">Normalise instead of rejecting sums that are not 1.</param>
    /// <returns>TV in [0, 1].</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    public static double Distance(ReadOnlySpan<double> p, ReadOnlySpan<double> q, bool normalize = false) =>
        Distance(CategoricalSpan.Probabilities(p), CategoricalSpan.Probabilities(q), normalize);

    /// <summary>TV(P,Q) = ½ Σ_i |p_i − q_i| of distributions in any form.</summary>
    /// <param name="p">P.</param>
    /// <param name="q">Q.</param>
    /// <param name="normalize">For probabilities: normalise instead of rejecting sums that are not 1.</param>
    /// <returns>TV in [0, 1].</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    public static double Distance<T>(CategoricalSpan<T> p, CategoricalSpan<T> q, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (pp, qq) = DenseProbabilities.Pair(p, q, normalize);
        var sum = new CompensatedSum();
        for (int i = 0; i < pp.Length; i++) sum.Add(0.5 * Math.Abs(pp[i] - qq[i]));
        return Math.Min(Math.Max(sum.Value, 0.0), 1.0);
    }

    /// <summary>Pearson's χ²(P‖Q) = Σ_i (p_i − q_i)² / q_i of probabilities.</summary>
    /// <param name="p">P: probabilities.</param>
    /// <param name="q">Q: probabilities over the same classes.</param>
    /// <param name="normalize">Normalise instead of rejecting sums that are not 1.</param>
    /// <returns>χ² ≥ 0, +∞ where some q_i = 0 &lt; p_i.</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    public static double PearsonChiSquared(ReadOnlySpan<double> p, ReadOnlySpan<double> q, bool normalize = false) =>
        PearsonChiSquared(CategoricalSpan.Probabilities(p), CategoricalSpan.Probabilities(q), normalize);

    /// <summary>Pearson's χ²(P‖Q) = Σ_i (p_i − q_i)² / q_i of distributions in any form.</summary>
    /// <param name="p">P.</param>
    /// <param name="q">Q.</param>
    /// <param name="normalize">For probabilities: normalise instead of rejecting sums that are not 1.</param>
    /// <returns>χ² ≥ 0, +∞ where some q_i = 0 &lt; p_i.</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    public static double PearsonChiSquared<T>(CategoricalSpan<T> p, CategoricalSpan<T> q, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (pp, qq) = DenseProbabilities.Pair(p, q, normalize);
        var sum = new CompensatedSum();
        for (int i = 0; i < pp.Length; i++)
        {
            double a = pp[i], b = qq[i];
            if (b == 0)
            {
                if (a > 0) return double.PositiveInfinity;
                continue;
            }
            double d = a - b;
            sum.Add(d * (d / b));
        }
        return Math.Max(sum.Value, 0.0);
    }
}
