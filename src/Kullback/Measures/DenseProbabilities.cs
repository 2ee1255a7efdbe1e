using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Measures;

/// <summary>
/// Validates distributions (all of them before any work) and reads them as dense double probabilities p_i,
/// whatever form they were given in (probabilities, optionally normalised; logits in log space; a class index).
/// </summary>
internal static class DenseProbabilities
{
    /// <summary>Validates P and Q (same length, each valid) and returns both as probabilities.</summary>
    public static (double[] P, double[] Q) Pair<T>(CategoricalSpan<T> p, CategoricalSpan<T> q, bool normalize)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CategoricalValidation.EnsureSameLength(p.Classes, q.Classes);
        double pSum = CategoricalValidation.Validate(p, "p", normalize);
        double qSum = CategoricalValidation.Validate(q, "q", normalize);
        return (Read(CategoricalValidation.PrepareValid(p, normalize, pSum)), Read(CategoricalValidation.PrepareValid(q, normalize, qSum)));
    }

    /// <summary>Validates P and returns it as probabilities.</summary>
    public static double[] One<T>(CategoricalSpan<T> p, bool normalize)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Read(CategoricalValidation.Prepare(p, "p", normalize));

    /// <summary>p_i of a validated input.</summary>
    public static double[] Read<T>(CategoricalInput<T> input)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var result = new double[input.Classes];
        switch (input.Form)
        {
            case CategoricalForm.ClassIndex:
                result[input.ClassIndex] = 1.0;
                break;
            case CategoricalForm.Logits:
                var logits = input.AsLogits();
                for (int i = 0; i < result.Length; i++) result[i] = logits.Probability(i);
                break;
            default:
                var probabilities = input.AsProbabilities();
                for (int i = 0; i < result.Length; i++) result[i] = probabilities.Probability(i);
                break;
        }
        return result;
    }

    /// <summary>Checks an order parameter α: finite (or +∞ where <paramref name="allowInfinity"/>) and &gt; <paramref name="lower"/> (≥ when <paramref name="lowerInclusive"/>).</summary>
    public static void CheckOrder(double alpha, string measure, double lower, bool lowerInclusive, bool allowInfinity)
    {
        bool ok = !double.IsNaN(alpha) && (lowerInclusive ? alpha >= lower : alpha > lower)
                  && (allowInfinity || !double.IsInfinity(alpha));
        if (!ok)
        {
            string range = (lowerInclusive ? "α ≥ " : "α > ") + lower.ToString(System.Globalization.CultureInfo.InvariantCulture)
                           + (allowInfinity ? " (∞ allowed)" : ", finite");
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha,
                $"alpha = {alpha.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}: the {measure} needs {range}");
        }
    }
}
