using MathNet.Numerics;

namespace Kullback.Distributions;

public static partial class KlClosedForms
{
    /// <summary>(x log x)(b) − (x log x)(a) − (b − a) = ∫ₐᵇ log x dx, with 0 · log 0 = 0.</summary>
    private static double IntegralOfLog(double a, double b) => Numerics.XLogX(b) - Numerics.XLogX(a) - (b - a);

    /// <summary>
    /// D(U(a, b)‖Beta(α, β)) = −log(b − a) − (α − 1)⟨log x⟩ − (β − 1)⟨log(1 − x)⟩ + log B(α, β) with ⟨·⟩ the average over
    /// [a, b], when [a, b] ⊆ [0, 1]; +∞ otherwise. Source: torch.distributions.kl._kl_uniform_beta.
    /// </summary>
    public static double UniformBeta(Uniform p, Beta q)
    {
        if (p.High > 1 || p.Low < 0) return double.PositiveInfinity;
        double width = p.High - p.Low;
        double t1 = Math.Log(width);
        double t2 = (q.Concentration1 - 1) * IntegralOfLog(p.Low, p.High) / width;
        double t3 = (q.Concentration0 - 1) * -IntegralOfLog(1 - p.High, 1 - p.Low) / width;
        double t4 = GammaFunctions.LogBeta(q.Concentration1, q.Concentration0);
        return t3 + t4 - t1 - t2;
    }

    /// <summary>D(U(a, b)‖Exp λ) = λ(a + b)/2 − log((b − a)λ) when a ≥ 0, +∞ otherwise. Source: torch.distributions.kl._kl_uniform_exponetial.</summary>
    public static double UniformExponential(Uniform p, Exponential q) =>
        p.Low < 0 ? double.PositiveInfinity : q.Rate * (p.High + p.Low) / 2 - Math.Log((p.High - p.Low) * q.Rate);

    /// <summary>
    /// D(U(a, b)‖Gamma(α, β)) = −log(b − a) + log Γ(α) − α log β + (1 − α)⟨log x⟩ + β(a + b)/2 when a ≥ 0, +∞ otherwise.
    /// Source: torch.distributions.kl._kl_uniform_gamma.
    /// </summary>
    public static double UniformGamma(Uniform p, Gamma q)
    {
        if (p.Low < 0) return double.PositiveInfinity;
        double width = p.High - p.Low;
        double t1 = Math.Log(width);
        double t2 = GammaFunctions.LogGamma(q.Concentration) - q.Concentration * Math.Log(q.Rate);
        double t3 = (1 - q.Concentration) * IntegralOfLog(p.Low, p.High) / width;
        double t4 = q.Rate * (p.High + p.Low) / 2;
        return -t1 + t2 + t3 + t4;
    }

    /// <summary>
    /// D(U(a, b)‖Gumbel(μ, β)) = log(β/(b − a)) + (h + l)/2 − (β/(b − a))(e^{−h} − e^{−l}), h = (b − μ)/β, l = (a − μ)/β.
    /// Source: torch.distributions.kl._kl_uniform_gumbel.
    /// </summary>
    public static double UniformGumbel(Uniform p, Gumbel q)
    {
        double commonTerm = q.Scale / (p.High - p.Low);
        double highLocDiff = (p.High - q.Loc) / q.Scale;
        double lowLocDiff = (p.Low - q.Loc) / q.Scale;
        double t1 = Math.Log(commonTerm) + 0.5 * (highLocDiff + lowLocDiff);
        double t2 = commonTerm * (Math.Exp(-highLocDiff) - Math.Exp(-lowLocDiff));
        return t1 - t2;
    }

    /// <summary>
    /// D(U(a, b)‖N(μ, σ)) = log(√(2π) σ/(b − a)) + ((b − a)²/12 + ((a + b)/2 − μ)²)/(2σ²).
    /// Source: torch.distributions.kl._kl_uniform_normal.
    /// </summary>
    public static double UniformNormal(Uniform p, Normal q)
    {
        double width = p.High - p.Low;
        double t1 = Math.Log(Math.Sqrt(Math.PI * 2) * q.Scale / width);
        double t2 = width * width / 12;
        double halfShift = (p.High + p.Low - 2 * q.Loc) / 2;
        double t3 = halfShift * halfShift;
        return t1 + 0.5 * (t2 + t3) / (q.Scale * q.Scale);
    }

    /// <summary>
    /// D(U(a, b)‖Pareto(s, α)) = (α + 1)⟨log x⟩ − log(α sᵅ (b − a)) when a ≥ s, +∞ otherwise.
    /// Source: torch.distributions.kl._kl_uniform_pareto.
    /// </summary>
    public static double UniformPareto(Uniform p, Pareto q)
    {
        if (p.Low < q.Scale) return double.PositiveInfinity;
        double width = p.High - p.Low;
        double t1 = Math.Log(q.Alpha) + q.Alpha * Math.Log(q.Scale) + Math.Log(width);
        double t2 = IntegralOfLog(p.Low, p.High) / width;
        return t2 * (q.Alpha + 1) - t1;
    }
}
