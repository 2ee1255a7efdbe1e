using MathNet.Numerics;

namespace Kullback.Distributions;

/// <summary>
/// ContinuousBernoulli(probs) on [0, 1] (Loaiza-Ganem &amp; Cunningham 2019): density C(λ) λˣ (1 − λ)^{1−x} with the
/// normaliser log C(λ) = log |log(1 − λ) − log λ| − log |1 − 2λ| (→ log 2 at λ = ½). Range: 0 &lt; λ &lt; 1, or finite logits
/// η = log λ − log(1 − λ). Computed as torch.distributions.ContinuousBernoulli: inside |λ − ½| ≤ 0.001 the normaliser,
/// mean and variance use torch's Taylor expansions (lims = (0.499, 0.501)), outside it the exact expressions.
/// </summary>
public sealed class ContinuousBernoulli : ContinuousDistribution
{
    private const double LowerLimit = 0.499, UpperLimit = 0.501;

    private ContinuousBernoulli(double probs, double logits, bool fromLogits)
    {
        Probs = probs;
        Logits = logits;
        GivenByLogits = fromLogits;
    }

    /// <summary>Creates ContinuousBernoulli(λ).</summary>
    /// <exception cref="ArgumentOutOfRangeException">λ ∉ (0, 1).</exception>
    public ContinuousBernoulli(double probs)
        : this(CheckProbs(probs), Math.Log(probs) - Numerics.Log1P(-probs), fromLogits: false)
    {
    }

    /// <summary>Creates ContinuousBernoulli from logits η: λ = σ(η) = 1/(1 + e^{−η}), clamped to [ε, 1 − ε] as torch's clamp_probs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">η not finite.</exception>
    public static ContinuousBernoulli FromLogits(double logits)
    {
        Parameters.Finite(nameof(ContinuousBernoulli), "logits", logits);
        return new ContinuousBernoulli(Numerics.ClampProbability(Numerics.Sigmoid(logits)), logits, fromLogits: true);
    }

    private static double CheckProbs(double probs) =>
        probs > 0 && probs < 1 ? probs : throw new ParameterDomainException("probs", probs,
            $"ContinuousBernoulli: probs = {Parameters.Format(probs)} is outside its domain: 0 < probs < 1");

    /// <summary>λ, the shape parameter (not the mean).</summary>
    public double Probs { get; }
    /// <summary>η = log λ − log(1 − λ), the natural parameter.</summary>
    public double Logits { get; }
    /// <summary>True when the distribution was made from logits (its spec and log-density use η as given).</summary>
    public bool GivenByLogits { get; }

    private bool OutsideUnstableRegion => Probs <= LowerLimit || Probs > UpperLimit;
    private double CutProbs => OutsideUnstableRegion ? Probs : LowerLimit;

    /// <summary>log C(λ) = log |log(1 − λ) − log λ| − log |1 − 2λ|; log 2 + (4/3 + 104/45 t) t, t = (λ − ½)², near λ = ½.</summary>
    public double LogNormalizer
    {
        get
        {
            if (!OutsideUnstableRegion)
            {
                double t = (Probs - 0.5) * (Probs - 0.5);
                return Math.Log(2) + (4.0 / 3.0 + 104.0 / 45.0 * t) * t;
            }
            double c = CutProbs;
            double logAbs = Math.Log(Math.Abs(Numerics.Log1P(-c) - Math.Log(c)));
            return logAbs - (c <= 0.5 ? Numerics.Log1P(-2 * c) : Math.Log(2 * c - 1));
        }
    }

    /// <inheritdoc/>
    public override string Family => nameof(ContinuousBernoulli);

    /// <summary>E[X] = λ/(2λ − 1) + 1/(log(1 − λ) − log λ); ½ + (1/3 + 16/45 d²) d, d = λ − ½, near λ = ½.</summary>
    public override double Mean
    {
        get
        {
            if (!OutsideUnstableRegion)
            {
                double d = Probs - 0.5;
                return 0.5 + (1.0 / 3.0 + 16.0 / 45.0 * d * d) * d;
            }
            double c = CutProbs;
            return c / (2 * c - 1) + 1 / (Numerics.Log1P(-c) - Math.Log(c));
        }
    }

    /// <summary>Var[X] = λ(λ − 1)/(1 − 2λ)² + 1/(log(1 − λ) − log λ)²; 1/12 − (1/15 − 128/945 t) t, t = (λ − ½)², near λ = ½.</summary>
    public override double Variance
    {
        get
        {
            if (!OutsideUnstableRegion)
            {
                double t = (Probs - 0.5) * (Probs - 0.5);
                return 1.0 / 12.0 - (1.0 / 15.0 - 128.0 / 945.0 * t) * t;
            }
            double c = CutProbs;
            double logRatio = Numerics.Log1P(-c) - Math.Log(c);
            return c * (c - 1) / ((1 - 2 * c) * (1 - 2 * c)) + 1 / (logRatio * logRatio);
        }
    }

    /// <summary>H = E[X](log(1 − λ) − log λ) − log C(λ) − log(1 − λ).</summary>
    public override double Entropy()
    {
        double log0 = Numerics.Log1P(-Probs);
        return Mean * (log0 - Math.Log(Probs)) - LogNormalizer - log0;
    }

    /// <summary>log p(x) = x η − log(1 + e^η) + log C(λ) for 0 ≤ x ≤ 1; −∞ elsewhere.</summary>
    public override double LogProb(double x) => x is >= 0 and <= 1
        ? x * Logits - Numerics.Softplus(Logits) + LogNormalizer
        : double.NegativeInfinity;

    /// <summary>Inverse CDF: F⁻¹(u) = (log(1 − λ + u(2λ − 1)) − log(1 − λ)) / (log λ − log(1 − λ)); u itself near λ = ½.</summary>
    public override double Sample(Random rng)
    {
        double u = rng.NextDouble();
        if (!OutsideUnstableRegion) return u;
        double c = CutProbs;
        return (Numerics.Log1P(-c + u * (2 * c - 1)) - Numerics.Log1P(-c)) / (Math.Log(c) - Numerics.Log1P(-c));
    }

    /// <inheritdoc/>
    public override string ToString() => GivenByLogits
        ? $"ContinuousBernoulli(logits={Parameters.Format(Logits)})"
        : $"ContinuousBernoulli(probs={Parameters.Format(Probs)})";
}
