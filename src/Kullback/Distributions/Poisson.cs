using Kullback.Kernels;
using MN = MathNet.Numerics.Distributions;

namespace Kullback.Distributions;

/// <summary>Poisson(rate): P(X = k) = λᵏ e^{−λ} / k!, k = 0, 1, …. Range: λ ≥ 0 (λ = 0 is the point mass at 0).</summary>
public sealed class Poisson : DiscreteDistribution
{
    /// <summary>Above this rate the entropy uses its asymptotic series (error below 1e-20 there).</summary>
    private const double AsymptoticEntropyRate = 1e5;

    /// <summary>Creates Poisson(λ).</summary>
    /// <exception cref="ArgumentOutOfRangeException">λ &lt; 0 or not finite.</exception>
    public Poisson(double rate) => Rate = Parameters.NonNegative(nameof(Poisson), "rate", rate);

    /// <summary>λ, the mean count.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    public override string Family => nameof(Poisson);
    /// <summary>E[X] = λ.</summary>
    public override double Mean => Rate;
    /// <summary>Var[X] = λ.</summary>
    public override double Variance => Rate;

    /// <summary>
    /// H = −Σₖ P(k) log P(k), summed (compensated) until the terms vanish; for λ &gt; 10⁵ the series
    /// ½ log(2πeλ) − 1/(12λ) − 1/(24λ²) − 19/(360λ³).
    /// </summary>
    public override double Entropy()
    {
        double l = Rate;
        if (l == 0) return 0;
        if (l > AsymptoticEntropyRate)
            return 0.5 * (Constants.Log2Pi + 1 + Math.Log(l)) - 1 / (12 * l) - 1 / (24 * l * l) - 19 / (360 * l * l * l);
        var sum = new CompensatedSum();
        double kMax = Math.Ceiling(l + 40 * Math.Sqrt(l) + 60);
        for (double k = 0; k <= kMax; k++)
        {
            double lp = LogProb(k);
            sum.Add(-Math.Exp(lp) * lp);
        }
        return sum.Value;
    }

    /// <summary>k log λ − λ − log k! for integer k ≥ 0 (0 · log 0 = 0); −∞ elsewhere.</summary>
    public override double LogProb(double x) =>
        Numerics.IsInteger(x) && x >= 0 ? Numerics.XLogY(x, Rate) - Rate - Numerics.LogFactorial(x) : double.NegativeInfinity;

    /// <summary>Draws a Poisson(λ) count.</summary>
    public override double Sample(Random rng) => Rate == 0 ? 0 : MN.Poisson.Sample(rng, Rate);

    /// <inheritdoc/>
    public override string ToString() => $"Poisson(rate={Parameters.Format(Rate)})";
}
