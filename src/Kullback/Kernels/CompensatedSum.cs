using System.Runtime.CompilerServices;

namespace Kullback.Kernels;

/// <summary>
/// Neumaier's compensated sum (Kahan–Babuška): keeps the rounding error of every addition in a second term, so
/// the result is within about 2ε·|S| + O(nε²)·Σ|x_i| of the exact sum S of the added values, at any length.
/// Infinite terms are counted apart so that one +∞ term gives +∞ (never ∞ − ∞ = NaN in the compensation).
/// </summary>
internal struct CompensatedSum
{
    private double _sum;
    private double _compensation;
    private bool _positiveInfinity;

    /// <summary>Adds x: s ← s + x, c ← c + (rounding error of that addition).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double x)
    {
        if (double.IsPositiveInfinity(x))
        {
            _positiveInfinity = true;
            return;
        }
        double t = _sum + x;
        _compensation += Math.Abs(_sum) >= Math.Abs(x) ? (_sum - t) + x : (x - t) + _sum;
        _sum = t;
    }

    /// <summary>Adds another compensated pair (sum, compensation) as two terms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double sum, double compensation)
    {
        Add(sum);
        Add(compensation);
    }

    /// <summary>Adds (x_i − mean)² for every x_i, in order: the second pass of a two-pass variance, M₂ = Σ(x − x̄)².</summary>
    public void AddSquaredDeviations(ReadOnlySpan<double> values, double mean)
    {
        foreach (double x in values)
        {
            double d = x - mean;
            Add(d * d);
        }
    }

    /// <summary>M₂ = Σ(x_i − mean)², compensated, in order (see <see cref="AddSquaredDeviations"/>).</summary>
    public static double OfSquaredDeviations(ReadOnlySpan<double> values, double mean)
    {
        var sum = new CompensatedSum();
        sum.AddSquaredDeviations(values, mean);
        return sum.Value;
    }

    /// <summary>The running sum s (without the compensation).</summary>
    public readonly double High => _sum;

    /// <summary>The accumulated rounding error c (S ≈ s + c).</summary>
    public readonly double Low => _compensation;

    /// <summary>s + c, or +∞ when an added term was +∞.</summary>
    public readonly double Value => _positiveInfinity ? double.PositiveInfinity : _sum + _compensation;

    /// <summary>Σ x_i with compensation, vectorised.</summary>
    public static double Of(ReadOnlySpan<double> values) => Lanes.Sum(values);

    /// <summary>Σ x_i of float values accumulated in double with compensation.</summary>
    public static double Of(ReadOnlySpan<float> values) => Lanes.Sum(values);
}
