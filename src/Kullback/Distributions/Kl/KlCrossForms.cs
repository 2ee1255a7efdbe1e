using MathNet.Numerics;

namespace Kullback.Distributions;

public static partial class KlClosedForms
{
    // Each cross-family form below is −H(P) − E_P[log q(X)] with E_P of the sufficient statistics of Q in closed form.

    /// <summary>D(Beta(a, b)‖Exp λ) = −H(P) − log λ + λ a/(a + b). Source: torch.distributions.kl._kl_beta_exponential.</summary>
    public static double BetaExponential(Beta p, Exponential q) =>
        -p.Entropy() - Math.Log(q.Rate) + q.Rate * p.Mean;

    /// <summary>
    /// D(Beta(a, b)‖Gamma(α, β)) = −H(P) + log Γ(α) − α log β − (α − 1)(ψ(a) − ψ(a + b)) + β a/(a + b).
    /// Source: torch.distributions.kl._kl_beta_gamma.
    /// </summary>
    public static double BetaGamma(Beta p, Gamma q)
    {
        double t1 = -p.Entropy();
        double t2 = GammaFunctions.LogGamma(q.Concentration) - q.Concentration * Math.Log(q.Rate);
        double t3 = -(q.Concentration - 1) * p.MeanLogGap1(); // (α − 1)(ψ(a) − ψ(a + b))
        double t4 = q.Rate * p.Mean;
        return t1 + t2 - t3 + t4;
    }

    /// <summary>
    /// D(Beta(a, b)‖N(μ, σ)) = −H(P) + ½ log(2πσ²) + (E[X²]/2 − μ E[X] + μ²/2)/σ², E[X²] = Var + E[X]².
    /// Source: torch.distributions.kl._kl_beta_normal.
    /// </summary>
    public static double BetaNormal(Beta p, Normal q)
    {
        double mean = p.Mean;
        double varianceQ = q.Scale * q.Scale;
        double t1 = -p.Entropy();
        double t2 = 0.5 * Math.Log(varianceQ * 2 * Math.PI);
        double t3 = (mean * (1 - mean) / (p.Concentration1 + p.Concentration0 + 1) + mean * mean) * 0.5;
        double t4 = q.Loc * mean;
        double t5 = q.Loc * q.Loc * 0.5;
        return t1 + t2 + (t3 - t4 + t5) / varianceQ;
    }

    /// <summary>D(Beta‖U(a, b)) = −H(P) + log(b − a) when [0, 1] ⊆ [a, b], +∞ otherwise. Source: torch.distributions.kl._kl_beta_uniform.</summary>
    public static double BetaUniform(Beta p, Uniform q) =>
        q.Low > 0 || q.High < 1 ? double.PositiveInfinity : -p.Entropy() + Math.Log(q.High - q.Low);

    /// <summary>
    /// D(Exp λ‖Gamma(α, β)) = −α log(β/λ) + β/λ + log Γ(α) + α γ − (1 + γ).
    /// Source: torch.distributions.kl._kl_exponential_gamma.
    /// </summary>
    public static double ExponentialGamma(Exponential p, Gamma q)
    {
        double ratio = q.Rate / p.Rate;
        double t1 = -q.Concentration * Math.Log(ratio);
        return t1 + ratio + GammaFunctions.LogGamma(q.Concentration) + q.Concentration * Constants.EulerGamma - (1 + Constants.EulerGamma);
    }

    /// <summary>
    /// D(Exp λ‖Gumbel(μ, β)) = log(λβ) − 1 − μ/β + e^{μ/β} λβ/(λβ + 1) + 1/(λβ).
    /// Source: torch.distributions.kl._kl_exponential_gumbel.
    /// </summary>
    public static double ExponentialGumbel(Exponential p, Gumbel q)
    {
        double scaleRateProduct = p.Rate * q.Scale;
        double locScaleRatio = q.Loc / q.Scale;
        double t1 = Math.Log(scaleRateProduct) - 1;
        double t2 = Math.Exp(locScaleRatio) * scaleRateProduct / (scaleRateProduct + 1);
        double t3 = 1 / scaleRateProduct;
        return t1 - locScaleRatio + t2 + t3;
    }

    /// <summary>
    /// D(Exp λ‖N(μ, σ)) = ½ log(2πλ²σ²) − 1 + (1/λ² − μ/λ + μ²/2)/σ².
    /// Source: torch.distributions.kl._kl_exponential_normal.
    /// </summary>
    public static double ExponentialNormal(Exponential p, Normal q)
    {
        double varianceQ = q.Scale * q.Scale;
        double rateSquared = p.Rate * p.Rate;
        double t1 = 0.5 * Math.Log(rateSquared * varianceQ * 2 * Math.PI);
        double t2 = 1 / rateSquared;
        double t3 = q.Loc / p.Rate;
        double t4 = q.Loc * q.Loc * 0.5;
        return t1 - 1 + (t2 - t3 + t4) / varianceQ;
    }

    /// <summary>D(Gamma(α, β)‖Exp λ) = −H(P) − log λ + λ α/β. Source: torch.distributions.kl._kl_gamma_exponential.</summary>
    public static double GammaExponential(Gamma p, Exponential q) =>
        -p.Entropy() - Math.Log(q.Rate) + q.Rate * p.Concentration / p.Rate;

    /// <summary>
    /// D(Gamma(α, β)‖Gumbel(μ, s)) = (α − 1)ψ(α) − log Γ(α) − α + log(βs) + α/(βs) + e^{μ/s}(1 + 1/(βs))^{−α} − μ/s.
    /// Source: torch.distributions.kl._kl_gamma_gumbel.
    /// </summary>
    public static double GammaGumbel(Gamma p, Gumbel q)
    {
        double rateScaleProduct = p.Rate * q.Scale;
        double locScaleRatio = q.Loc / q.Scale;
        double t1 = (p.Concentration - 1) * GammaFunctions.Digamma(p.Concentration) - GammaFunctions.LogGamma(p.Concentration) - p.Concentration;
        double t2 = Math.Log(rateScaleProduct) + p.Concentration / rateScaleProduct;
        double t3 = Math.Exp(locScaleRatio) * Math.Pow(1 + 1 / rateScaleProduct, -p.Concentration) - locScaleRatio;
        return t1 + t2 + t3;
    }

    /// <summary>
    /// D(Gamma(α, β)‖N(μ, σ)) = ½ log(2πβ²σ²) − α − log Γ(α) + (α − 1)ψ(α) + ((α² + α)/(2β²) − μα/β + μ²/2)/σ².
    /// Source: torch.distributions.kl._kl_gamma_normal.
    /// </summary>
    public static double GammaNormal(Gamma p, Normal q)
    {
        double varianceQ = q.Scale * q.Scale;
        double rateSquared = p.Rate * p.Rate;
        double t1 = 0.5 * Math.Log(rateSquared * varianceQ * 2 * Math.PI) - p.Concentration - GammaFunctions.LogGamma(p.Concentration);
        double t2 = 0.5 * (p.Concentration * p.Concentration + p.Concentration) / rateSquared;
        double t3 = q.Loc * p.Concentration / p.Rate;
        double t4 = 0.5 * q.Loc * q.Loc;
        return t1 + (p.Concentration - 1) * GammaFunctions.Digamma(p.Concentration) + (t2 - t3 + t4) / varianceQ;
    }

    /// <summary>
    /// D(Gumbel(μ₁, β)‖N(μ₂, σ)) = −log(β/(σ√(2π))) + (πβ/(2σ))²/3 + ((μ₁ + βγ − μ₂)/σ)²/2 − (γ + 1).
    /// Source: torch.distributions.kl._kl_gumbel_normal.
    /// </summary>
    public static double GumbelNormal(Gumbel p, Normal q)
    {
        double paramRatio = p.Scale / q.Scale;
        double t1 = Math.Log(paramRatio / Math.Sqrt(2 * Math.PI));
        double halfPiRatio = Math.PI * paramRatio * 0.5;
        double t2 = halfPiRatio * halfPiRatio / 3;
        double shift = (p.Loc + p.Scale * Constants.EulerGamma - q.Loc) / q.Scale;
        double t3 = shift * shift * 0.5;
        return -t1 + t2 + t3 - (Constants.EulerGamma + 1);
    }

    /// <summary>
    /// D(Laplace(μ₁, b)‖N(μ₂, σ)) = −½ log(2b²/(πσ²)) + b²/σ² + (μ₁²/2 − μ₁μ₂ + μ₂²/2)/σ² − 1.
    /// Source: torch.distributions.kl._kl_laplace_normal.
    /// </summary>
    public static double LaplaceNormal(Laplace p, Normal q)
    {
        double varianceQ = q.Scale * q.Scale;
        double scaleSquaredVarianceRatio = p.Scale * p.Scale / varianceQ;
        double t1 = 0.5 * Math.Log(2 * scaleSquaredVarianceRatio / Math.PI);
        double t2 = 0.5 * p.Loc * p.Loc;
        double t3 = p.Loc * q.Loc;
        double t4 = 0.5 * q.Loc * q.Loc;
        return -t1 + scaleSquaredVarianceRatio + (t2 - t3 + t4) / varianceQ - 1;
    }

    /// <summary>
    /// D(N(μ, σ)‖Gumbel(m, β)) = −log(σ/β) + (μ − m)/β + exp(−(μ − m)/β + σ²/(2β²)) − ½(1 + log 2π).
    /// Source: torch.distributions.kl._kl_normal_gumbel.
    /// </summary>
    public static double NormalGumbel(Normal p, Gumbel q)
    {
        double meanScaleRatio = p.Loc / q.Scale;
        double scaleRatio = p.Scale / q.Scale;
        double varianceScaleRatio = scaleRatio * scaleRatio;
        double locScaleRatio = q.Loc / q.Scale;
        double t1 = Math.Log(scaleRatio);
        double t2 = meanScaleRatio - locScaleRatio;
        double t3 = Math.Exp(-meanScaleRatio + 0.5 * varianceScaleRatio + locScaleRatio);
        return -t1 + t2 + t3 - 0.5 * (1 + Constants.Log2Pi);
    }

    /// <summary>
    /// D(N(μ₁, σ)‖Laplace(μ₂, b)) = −log(σ/b) + (σ√(2/π) e^{−Δ²/(2σ²)} + Δ erf(Δ/(σ√2)))/b − ½(1 + log(π/2)), Δ = μ₁ − μ₂.
    /// Source: torch.distributions.kl._kl_normal_laplace.
    /// </summary>
    public static double NormalLaplace(Normal p, Laplace q)
    {
        double locDiff = p.Loc - q.Loc;
        double scaleRatio = p.Scale / q.Scale;
        double locDiffScaleRatio = locDiff / p.Scale;
        double t1 = Math.Log(scaleRatio);
        double t2 = Math.Sqrt(2 / Math.PI) * p.Scale * Math.Exp(-0.5 * locDiffScaleRatio * locDiffScaleRatio);
        double t3 = locDiff * SpecialFunctions.Erf(Math.Sqrt(0.5) * locDiffScaleRatio);
        return -t1 + (t2 + t3) / q.Scale - 0.5 * (1 + Math.Log(0.5 * Math.PI));
    }

    /// <summary>
    /// D(Pareto(s, α)‖Exp λ) = log(α/(sλ)) − 1/α + α sλ/(α − 1) − 1 for α &gt; 1, +∞ for α ≤ 1 (infinite mean).
    /// Source: torch.distributions.kl._kl_pareto_exponential.
    /// </summary>
    public static double ParetoExponential(Pareto p, Exponential q)
    {
        if (p.Alpha <= 1) return double.PositiveInfinity;
        double scaleRateProduct = p.Scale * q.Rate;
        double t1 = Math.Log(p.Alpha / scaleRateProduct);
        double t2 = 1 / p.Alpha;
        double t3 = p.Alpha * scaleRateProduct / (p.Alpha - 1);
        return t1 - t2 + t3 - 1;
    }

    /// <summary>
    /// D(Pareto(s, α)‖Gamma(a, β)) = log α − c + log Γ(a) − a log β + (1 − a) c + βαs/(α − 1) − 1 with c = log s + 1/α,
    /// for α &gt; 1; +∞ for α ≤ 1. Source: torch.distributions.kl._kl_pareto_gamma.
    /// </summary>
    public static double ParetoGamma(Pareto p, Gamma q)
    {
        if (p.Alpha <= 1) return double.PositiveInfinity;
        double commonTerm = Math.Log(p.Scale) + 1 / p.Alpha;
        double t1 = Math.Log(p.Alpha) - commonTerm;
        double t2 = GammaFunctions.LogGamma(q.Concentration) - q.Concentration * Math.Log(q.Rate);
        double t3 = (1 - q.Concentration) * commonTerm;
        double t4 = q.Rate * p.Alpha * p.Scale / (p.Alpha - 1);
        return t1 + t2 + t3 + t4 - 1;
    }

    /// <summary>
    /// D(Pareto(s, α)‖N(μ, σ)) = log(√(2π) σα/s) − 1/α + (α c²/(α − 2) + (αc − μ)²)/(2σ²) − 1 with c = s/(α − 1),
    /// for α &gt; 2; +∞ for α ≤ 2 (infinite variance). Source: torch.distributions.kl._kl_pareto_normal.
    /// </summary>
    public static double ParetoNormal(Pareto p, Normal q)
    {
        if (p.Alpha <= 2) return double.PositiveInfinity;
        double twiceVarianceQ = 2 * q.Scale * q.Scale;
        double commonTerm = p.Scale / (p.Alpha - 1);
        double t1 = Math.Log(Math.Sqrt(2 * Math.PI) * q.Scale * p.Alpha / p.Scale);
        double t2 = 1 / p.Alpha;
        double t3 = p.Alpha * commonTerm * commonTerm / (p.Alpha - 2);
        double meanShift = p.Alpha * commonTerm - q.Loc;
        return t1 - t2 + (t3 + meanShift * meanShift) / twiceVarianceQ - 1;
    }
}
