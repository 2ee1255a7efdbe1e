using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Measures;

/// <summary>
/// The generator f of an f-divergence D_f(P‖Q) = Σ_i q_i f(p_i / q_i): convex on [0, ∞) with f(1) = 0. Implement it
/// on a struct; <see cref="FDivergence.Of{TF}(ReadOnlySpan{double}, ReadOnlySpan{double}, TF, bool)"/> is generic over
/// it, so the JIT specialises and inlines <see cref="Value"/> per class (no virtual call).
/// </summary>
public interface IFDivergenceGenerator
{
    /// <summary>f(t) for t ≥ 0 (t = 0 where p_i = 0 &lt; q_i).</summary>
    /// <param name="t">The ratio p_i / q_i.</param>
    double Value(double t);

    /// <summary>f′(∞) = lim_{t→∞} f(t)/t, the weight of p_i where q_i = 0 &lt; p_i (term p_i·f′(∞); +∞ for KL, 1 for TV·2).</summary>
    double SlopeAtInfinity { get; }
}

/// <summary>
/// Any f-divergence D_f(P‖Q) = Σ_{q_i &gt; 0} q_i f(p_i/q_i) + f′(∞)·Σ_{q_i = 0} p_i from a user-supplied generator
/// (classes with p_i = q_i = 0 contribute 0). Sums are compensated. Unitless (whatever f returns).
/// Exceptions are raised before any work.
/// </summary>
public static class FDivergence
{
    /// <summary>D_f(P‖Q) = Σ_i q_i f(p_i / q_i) of probabilities.</summary>
    /// <typeparam name="TF">A struct implementing f.</typeparam>
    /// <param name="p">P: probabilities, Σ = 1 within <see cref="CategoricalSpan.SumTolerance"/>.</param>
    /// <param name="q">Q: probabilities over the same classes.</param>
    /// <param name="f">The generator (often <c>default</c>).</param>
    /// <param name="normalize">Normalise instead of rejecting sums that are not 1.</param>
    /// <returns>D_f(P‖Q), possibly +∞.</returns>
    /// <exception cref="ArgumentException">Invalid input, or f returned NaN (named with the class and ratio).</exception>
    public static double Of<TF>(ReadOnlySpan<double> p, ReadOnlySpan<double> q, TF f = default, bool normalize = false)
        where TF : struct, IFDivergenceGenerator =>
        Of(CategoricalSpan.Probabilities(p), CategoricalSpan.Probabilities(q), f, normalize);

    /// <summary>D_f(P‖Q) = Σ_i q_i f(p_i / q_i) of distributions in any form.</summary>
    /// <typeparam name="TF">A struct implementing f.</typeparam>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="p">P.</param>
    /// <param name="q">Q.</param>
    /// <param name="f">The generator.</param>
    /// <param name="normalize">For probabilities: normalise instead of rejecting sums that are not 1.</param>
    /// <returns>D_f(P‖Q), possibly +∞.</returns>
    /// <exception cref="ArgumentException">Invalid input, or f returned NaN.</exception>
    public static double Of<TF, T>(CategoricalSpan<T> p, CategoricalSpan<T> q, TF f, bool normalize = false)
        where TF : struct, IFDivergenceGenerator
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (pp, qq) = DenseProbabilities.Pair(p, q, normalize);
        var sum = new CompensatedSum();
        bool negativeInfinity = false;
        for (int i = 0; i < pp.Length; i++)
        {
            double a = pp[i], b = qq[i];
            double term;
            if (b == 0)
            {
                if (a == 0) continue;
                term = a * f.SlopeAtInfinity;
            }
            else
            {
                term = b * f.Value(a / b);
            }
            if (double.IsNaN(term))
                throw new ArgumentException($"f returned NaN at class {i} (p = {a}, q = {b}): the generator must be defined on [0, ∞)", nameof(f));
            if (double.IsNegativeInfinity(term)) negativeInfinity = true;
            else sum.Add(term);
        }
        if (negativeInfinity)
            throw new ArgumentException("f returned −∞: a convex generator with f(1) = 0 gives D_f ≥ 0", nameof(f));
        return sum.Value;
    }
}
