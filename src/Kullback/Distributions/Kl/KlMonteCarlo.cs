namespace Kullback.Distributions;

/// <summary>A Monte Carlo estimate with its standard error s/√n and its sample count n.</summary>
/// <param name="Value">The sample mean.</param>
/// <param name="StandardError">s/√n with s the sample standard deviation (0 when the estimate is infinite).</param>
/// <param name="Samples">n.</param>
public readonly record struct MonteCarloEstimate(double Value, double StandardError, long Samples);

/// <summary>Monte Carlo estimation of D(P‖Q) = E_P[log p(X) − log q(X)] from draws of P.</summary>
public static class KlMonteCarlo
{
    /// <summary>
    /// (1/n) Σᵢ [log p(xᵢ) − log q(xᵢ)], xᵢ ~ P drawn with <paramref name="rng"/>; the standard error is s/√n from a
    /// Welford running variance. A draw where p(x) = 0 (rounding at the edge of the support) is drawn again; one where q(x) = 0 makes the estimate +∞ (P is then not absolutely continuous w.r.t. Q).
    /// </summary>
    /// <exception cref="ArgumentException">P and Q have different event sizes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> &lt; 2.</exception>
    public static MonteCarloEstimate Estimate(Distribution p, Distribution q, int samples, Random rng)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        if (p.EventSize != q.EventSize)
            throw new ArgumentException($"D({p.Family}‖{q.Family}): event sizes differ ({p.EventSize} vs {q.EventSize})");
        Span<double> x = p.EventSize <= 256 ? stackalloc double[p.EventSize] : new double[p.EventSize];
        double mean = 0, m2 = 0;
        int rejected = 0;
        for (int i = 0; i < samples; i++)
        {
            p.Sample(rng, x);
            double logP = p.LogProb(x), logQ = q.LogProb(x);
            if (logP == double.NegativeInfinity)
            {
                // A draw where p = 0 is a rounding artefact of the sampler (an event of probability 0): draw again.
                if (++rejected > 1000) throw new InvalidOperationException($"{p}: its sampler keeps drawing points where its density is 0");
                i--;
                continue;
            }
            if (logQ == double.NegativeInfinity && logP > double.NegativeInfinity)
                return new MonteCarloEstimate(double.PositiveInfinity, 0, i + 1);
            double d = logP - logQ;
            double delta = d - mean;
            mean += delta / (i + 1);
            m2 += delta * (d - mean);
        }
        double variance = m2 / (samples - 1);
        return new MonteCarloEstimate(mean, Math.Sqrt(variance / samples), samples);
    }
}
