using Kullback.Kernels;
using MN = MathNet.Numerics.Distributions;

namespace Kullback.Distributions;

/// <summary>Binomial(total_count, probs): successes in n independent Bernoulli(p) trials. Range: n ∈ {0, 1, …}, 0 ≤ p ≤ 1.</summary>
public sealed class Binomial : DiscreteDistribution
{
    /// <summary>Creates Binomial(n, p).</summary>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 0 or p ∉ [0, 1].</exception>
    public Binomial(int totalCount, double probs)
    {
        if (totalCount < 0)
            throw new ParameterDomainException(nameof(totalCount), totalCount,
                $"Binomial: total_count = {totalCount} is outside its domain: total_count ∈ {{0, 1, 2, …}}");
        TotalCount = totalCount;
        Probs = Parameters.Probability(nameof(Binomial), "probs", probs);
    }

    /// <summary>n, the number of trials.</summary>
    public int TotalCount { get; }
    /// <summary>p, the success probability of each trial.</summary>
    public double Probs { get; }

    /// <inheritdoc/>
    public override string Family => nameof(Binomial);
    /// <summary>E[X] = n p.</summary>
    public override double Mean => TotalCount * Probs;
    /// <summary>Var[X] = n p (1 − p).</summary>
    public override double Variance => TotalCount * Probs * (1 - Probs);

    /// <summary>H = −Σₖ P(k) log P(k) over k = 0…n (compensated sum).</summary>
    public override double Entropy()
    {
        var sum = new CompensatedSum();
        for (int k = 0; k <= TotalCount; k++)
        {
            double lp = LogProb(k);
            if (lp > double.NegativeInfinity) sum.Add(-Math.Exp(lp) * lp);
        }
        return sum.Value;
    }

    /// <summary>log C(n, k) + k log p + (n − k) log(1 − p) for integer 0 ≤ k ≤ n (0 · log 0 = 0); −∞ elsewhere.</summary>
    public override double LogProb(double x)
    {
        if (!Numerics.IsInteger(x) || x < 0 || x > TotalCount) return double.NegativeInfinity;
        double logChoose = Numerics.LogFactorial(TotalCount) - Numerics.LogFactorial(x) - Numerics.LogFactorial(TotalCount - x);
        return logChoose + Numerics.XLogY(x, Probs) + Numerics.XLog1PY(TotalCount - x, -Probs);
    }

    /// <summary>Draws a Binomial(n, p) count.</summary>
    public override double Sample(Random rng) => Probs switch
    {
        0 => 0,
        1 => TotalCount,
        _ => MN.Binomial.Sample(rng, Probs, TotalCount),
    };

    /// <inheritdoc/>
    public override string ToString() => $"Binomial(total_count={TotalCount}, probs={Parameters.Format(Probs)})";
}
