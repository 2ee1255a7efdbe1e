namespace Kullback.Distributions;

public static partial class KlClosedForms
{
    // ContinuousBernoulli(λ) is an exponential family in x with natural parameter η = logit λ:
    // log p(x) = x η + log(1 − λ) + log C(λ), so E_P[log q(X)] = E_P[X] η_q + log(1 − λ_q) + log C(λ_q) for any P on [0, 1].

    /// <summary>E_P[log q(X)] for Q = ContinuousBernoulli(λ_q) and any P with mean m on [0, 1]: m η_q + log(1 − λ_q) + log C(λ_q).</summary>
    private static double ContinuousBernoulliCrossLogDensity(double meanOfP, ContinuousBernoulli q) =>
        meanOfP * q.Logits + Numerics.Log1P(-q.Probs) + q.LogNormalizer;

    /// <summary>
    /// D(CB(λ_p)‖CB(λ_q)) = E_P[X](η_p − η_q) + log C(λ_p) + log(1 − λ_p) − log C(λ_q) − log(1 − λ_q).
    /// Source: torch.distributions.kl._kl_continuous_bernoulli_continuous_bernoulli.
    /// </summary>
    public static double ContinuousBernoulliContinuousBernoulli(ContinuousBernoulli p, ContinuousBernoulli q)
    {
        double t1 = p.Mean * (p.Logits - q.Logits);
        double t2 = p.LogNormalizer + Numerics.Log1P(-p.Probs);
        double t3 = -q.LogNormalizer - Numerics.Log1P(-q.Probs);
        return t1 + t2 + t3;
    }

    /// <summary>D(CB(λ)‖Exp(r)) = −H(P) − log r + r E_P[X]. Source: torch.distributions.kl._kl_continuous_bernoulli_exponential.</summary>
    public static double ContinuousBernoulliExponential(ContinuousBernoulli p, Exponential q) =>
        -p.Entropy() - Math.Log(q.Rate) + q.Rate * p.Mean;

    /// <summary>
    /// D(CB(λ)‖N(μ, σ)) = −H(P) + ½(log 2π + (μ/σ)²) + log σ + (Var_P + E_P[X]² − 2μ E_P[X]) / (2σ²).
    /// Source: torch.distributions.kl._kl_continuous_bernoulli_normal.
    /// </summary>
    public static double ContinuousBernoulliNormal(ContinuousBernoulli p, Normal q)
    {
        double t1 = -p.Entropy();
        double t2 = 0.5 * (Constants.Log2Pi + (q.Loc / q.Scale) * (q.Loc / q.Scale)) + Math.Log(q.Scale);
        double mean = p.Mean;
        double t3 = (p.Variance + mean * mean - 2 * q.Loc * mean) / (2 * q.Scale * q.Scale);
        return t1 + t2 + t3;
    }

    /// <summary>
    /// D(CB(λ)‖U(a, b)) = −H(P) + log(b − a) when [0, 1] ⊆ [a, b], +∞ otherwise.
    /// Source: torch.distributions.kl._kl_continuous_bernoulli_uniform; torch also returns +∞ when a = 0 or b = 1 exactly,
    /// where the divergence is finite (P puts no mass outside [a, b]).
    /// </summary>
    public static double ContinuousBernoulliUniform(ContinuousBernoulli p, Uniform q) =>
        q.Low > 0 || q.High < 1 ? double.PositiveInfinity : -p.Entropy() + Math.Log(q.High - q.Low);

    /// <summary>
    /// D(Beta(a, b)‖CB(λ)) = −H(P) − E_P[X] η − log(1 − λ) − log C(λ), E_P[X] = a/(a + b).
    /// Source: torch.distributions.kl._kl_beta_continuous_bernoulli.
    /// </summary>
    public static double BetaContinuousBernoulli(Beta p, ContinuousBernoulli q) =>
        -p.Entropy() - ContinuousBernoulliCrossLogDensity(p.Mean, q);

    /// <summary>
    /// D(U(a, b)‖CB(λ)) = −H(P) − (a + b)/2 · η − log(1 − λ) − log C(λ) when [a, b] ⊆ [0, 1], +∞ otherwise.
    /// Source: torch.distributions.kl._kl_uniform_continuous_bernoulli; torch also returns +∞ when a = 0 or b = 1 exactly,
    /// where the divergence is finite.
    /// </summary>
    public static double UniformContinuousBernoulli(Uniform p, ContinuousBernoulli q) =>
        p.Low < 0 || p.High > 1 ? double.PositiveInfinity : -p.Entropy() - ContinuousBernoulliCrossLogDensity(p.Mean, q);

    /// <summary>
    /// D(Cauchy(x_p, γ_p)‖Cauchy(x_q, γ_q)) = log((γ_p + γ_q)² + (x_p − x_q)²) − log(4 γ_p γ_q).
    /// Source: torch.distributions.kl._kl_cauchy_cauchy, after Chyzak &amp; Nielsen, arXiv:1905.10965.
    /// </summary>
    public static double CauchyCauchy(Cauchy p, Cauchy q)
    {
        double scaleSum = p.Scale + q.Scale;
        double locDiff = p.Loc - q.Loc;
        return Math.Log(scaleSum * scaleSum + locDiff * locDiff) - Math.Log(4 * p.Scale * q.Scale);
    }

    /// <summary>D(OneHotCategorical(p)‖OneHotCategorical(q)) = Σₖ pₖ log(pₖ/qₖ), as <see cref="CategoricalCategorical"/>. Source: torch.distributions.kl._kl_onehotcategorical_onehotcategorical.</summary>
    public static double OneHotCategoricalOneHotCategorical(OneHotCategorical p, OneHotCategorical q) =>
        CategoricalCategorical(p.Categorical, q.Categorical);
}
