namespace Kullback.Distributions;

/// <summary>
/// The closed forms D(P‖Q) Kullback ships, each a small function of named terms with its source, and the explicit list
/// that registers them (<see cref="Rules"/>). It covers every pair torch.distributions 1.13 registers among the 23
/// families, plus D(Binomial‖Binomial) for n_P &lt; n_Q and the generic discrete-vs-continuous mismatches.
/// </summary>
public static partial class KlClosedForms
{
    private static string Torch(string function) => $"torch.distributions.kl.{function} (PyTorch 1.13)";

    private static KlRule Infinite<TP, TQ>(string torchFunction) where TP : Distribution where TQ : Distribution =>
        KlRule.Create<TP, TQ>(SupportMismatch, Torch(torchFunction) + ": support mismatch, +∞");

    /// <summary>The explicit registration list, in the order of torch.distributions.kl.</summary>
    public static IEnumerable<KlRule> Rules() =>
    [
        // Same family.
        KlRule.Create<Bernoulli, Bernoulli>(BernoulliBernoulli, Torch("_kl_bernoulli_bernoulli")),
        KlRule.Create<Beta, Beta>(BetaBeta, Torch("_kl_beta_beta")),
        KlRule.Create<Binomial, Binomial>(BinomialBinomial, Torch("_kl_binomial_binomial") + "; n_P < n_Q by exact summation"),
        KlRule.Create<Categorical, Categorical>(CategoricalCategorical, Torch("_kl_categorical_categorical")),
        KlRule.Create<Dirichlet, Dirichlet>(DirichletDirichlet, Torch("_kl_dirichlet_dirichlet") + ", after bariskurt.com"),
        KlRule.Create<Exponential, Exponential>(ExponentialExponential, Torch("_kl_exponential_exponential")),
        KlRule.Create<Gamma, Gamma>(GammaGamma, Torch("_kl_gamma_gamma")),
        KlRule.Create<Gumbel, Gumbel>(GumbelGumbel, Torch("_kl_gumbel_gumbel")),
        KlRule.Create<Geometric, Geometric>(GeometricGeometric, Torch("_kl_geometric_geometric")),
        KlRule.Create<HalfNormal, HalfNormal>(HalfNormalHalfNormal, Torch("_kl_halfnormal_halfnormal")),
        KlRule.Create<Laplace, Laplace>(LaplaceLaplace, Torch("_kl_laplace_laplace") + ", after Gil, Alajaji & Linder (2013)"),
        KlRule.Create<LogNormal, LogNormal>(LogNormalLogNormal, Torch("_kl_transformed_transformed") + " (invariance under exp)"),
        KlRule.Create<MultivariateNormal, MultivariateNormal>(MultivariateNormalMultivariateNormal, Torch("_kl_multivariatenormal_multivariatenormal")),
        KlRule.Create<Normal, Normal>(NormalNormal, Torch("_kl_normal_normal")),
        KlRule.Create<Pareto, Pareto>(ParetoPareto, Torch("_kl_pareto_pareto") + ", after Gil, Alajaji & Linder (2013)"),
        KlRule.Create<Poisson, Poisson>(PoissonPoisson, Torch("_kl_poisson_poisson")),
        KlRule.Create<Uniform, Uniform>(UniformUniform, Torch("_kl_uniform_uniform")),
        KlRule.Create<Independent, Independent>(IndependentIndependent, Torch("_kl_independent_independent")),

        // Different families.
        KlRule.Create<Bernoulli, Poisson>(BernoulliPoisson, Torch("_kl_bernoulli_poisson")),
        Infinite<Beta, Pareto>("_kl_beta_infinity"),
        KlRule.Create<Beta, Exponential>(BetaExponential, Torch("_kl_beta_exponential")),
        KlRule.Create<Beta, Gamma>(BetaGamma, Torch("_kl_beta_gamma")),
        KlRule.Create<Beta, Normal>(BetaNormal, Torch("_kl_beta_normal")),
        KlRule.Create<Beta, Uniform>(BetaUniform, Torch("_kl_beta_uniform")),
        Infinite<Exponential, Beta>("_kl_exponential_infinity"),
        Infinite<Exponential, Pareto>("_kl_exponential_infinity"),
        Infinite<Exponential, Uniform>("_kl_exponential_infinity"),
        KlRule.Create<Exponential, Gamma>(ExponentialGamma, Torch("_kl_exponential_gamma")),
        KlRule.Create<Exponential, Gumbel>(ExponentialGumbel, Torch("_kl_exponential_gumbel")),
        KlRule.Create<Exponential, Normal>(ExponentialNormal, Torch("_kl_exponential_normal")),
        Infinite<Gamma, Beta>("_kl_gamma_infinity"),
        Infinite<Gamma, Pareto>("_kl_gamma_infinity"),
        Infinite<Gamma, Uniform>("_kl_gamma_infinity"),
        KlRule.Create<Gamma, Exponential>(GammaExponential, Torch("_kl_gamma_exponential")),
        KlRule.Create<Gamma, Gumbel>(GammaGumbel, Torch("_kl_gamma_gumbel")),
        KlRule.Create<Gamma, Normal>(GammaNormal, Torch("_kl_gamma_normal")),
        Infinite<Gumbel, Beta>("_kl_gumbel_infinity"),
        Infinite<Gumbel, Exponential>("_kl_gumbel_infinity"),
        Infinite<Gumbel, Gamma>("_kl_gumbel_infinity"),
        Infinite<Gumbel, Pareto>("_kl_gumbel_infinity"),
        Infinite<Gumbel, Uniform>("_kl_gumbel_infinity"),
        KlRule.Create<Gumbel, Normal>(GumbelNormal, Torch("_kl_gumbel_normal")),
        Infinite<Laplace, Beta>("_kl_laplace_infinity"),
        Infinite<Laplace, Exponential>("_kl_laplace_infinity"),
        Infinite<Laplace, Gamma>("_kl_laplace_infinity"),
        Infinite<Laplace, Pareto>("_kl_laplace_infinity"),
        Infinite<Laplace, Uniform>("_kl_laplace_infinity"),
        KlRule.Create<Laplace, Normal>(LaplaceNormal, Torch("_kl_laplace_normal")),
        Infinite<Normal, Beta>("_kl_normal_infinity"),
        Infinite<Normal, Exponential>("_kl_normal_infinity"),
        Infinite<Normal, Gamma>("_kl_normal_infinity"),
        Infinite<Normal, Pareto>("_kl_normal_infinity"),
        Infinite<Normal, Uniform>("_kl_normal_infinity"),
        KlRule.Create<Normal, Gumbel>(NormalGumbel, Torch("_kl_normal_gumbel")),
        KlRule.Create<Normal, Laplace>(NormalLaplace, Torch("_kl_normal_laplace")),
        Infinite<Pareto, Beta>("_kl_pareto_infinity"),
        Infinite<Pareto, Uniform>("_kl_pareto_infinity"),
        KlRule.Create<Pareto, Exponential>(ParetoExponential, Torch("_kl_pareto_exponential")),
        KlRule.Create<Pareto, Gamma>(ParetoGamma, Torch("_kl_pareto_gamma")),
        KlRule.Create<Pareto, Normal>(ParetoNormal, Torch("_kl_pareto_normal")),
        KlRule.Create<Poisson, Bernoulli>(PoissonBernoulli, Torch("_kl_poisson_infinity") + "; finite for rate 0"),
        KlRule.Create<Poisson, Binomial>(PoissonBinomial, Torch("_kl_poisson_infinity") + "; finite for rate 0"),
        KlRule.Create<Uniform, Beta>(UniformBeta, Torch("_kl_uniform_beta")),
        KlRule.Create<Uniform, Exponential>(UniformExponential, Torch("_kl_uniform_exponetial")),
        KlRule.Create<Uniform, Gamma>(UniformGamma, Torch("_kl_uniform_gamma")),
        KlRule.Create<Uniform, Gumbel>(UniformGumbel, Torch("_kl_uniform_gumbel")),
        KlRule.Create<Uniform, Normal>(UniformNormal, Torch("_kl_uniform_normal")),
        KlRule.Create<Uniform, Pareto>(UniformPareto, Torch("_kl_uniform_pareto")),

        // Families added for torch parity (issue 16): Cauchy, ContinuousBernoulli, OneHotCategorical, LowRankMultivariateNormal.
        // Chi2 is a Gamma and reaches the Gamma forms by dispatch, as in torch.
        KlRule.Create<Cauchy, Cauchy>(CauchyCauchy, Torch("_kl_cauchy_cauchy") + ", after Chyzak & Nielsen (2019)"),
        KlRule.Create<ContinuousBernoulli, ContinuousBernoulli>(ContinuousBernoulliContinuousBernoulli, Torch("_kl_continuous_bernoulli_continuous_bernoulli")),
        KlRule.Create<OneHotCategorical, OneHotCategorical>(OneHotCategoricalOneHotCategorical, Torch("_kl_onehotcategorical_onehotcategorical")),
        KlRule.Create<LowRankMultivariateNormal, LowRankMultivariateNormal>(LowRankMultivariateNormalLowRankMultivariateNormal, Torch("_kl_lowrankmultivariatenormal_lowrankmultivariatenormal")),
        KlRule.Create<LowRankMultivariateNormal, MultivariateNormal>(LowRankMultivariateNormalMultivariateNormal, Torch("_kl_lowrankmultivariatenormal_multivariatenormal")),
        KlRule.Create<MultivariateNormal, LowRankMultivariateNormal>(MultivariateNormalLowRankMultivariateNormal, Torch("_kl_multivariatenormal_lowrankmultivariatenormal")),
        KlRule.Create<ContinuousBernoulli, Exponential>(ContinuousBernoulliExponential, Torch("_kl_continuous_bernoulli_exponential")),
        KlRule.Create<ContinuousBernoulli, Normal>(ContinuousBernoulliNormal, Torch("_kl_continuous_bernoulli_normal")),
        KlRule.Create<ContinuousBernoulli, Uniform>(ContinuousBernoulliUniform, Torch("_kl_continuous_bernoulli_uniform") + "; finite when a = 0 or b = 1"),
        Infinite<ContinuousBernoulli, Pareto>("_kl_continuous_bernoulli_infinity"),
        KlRule.Create<Beta, ContinuousBernoulli>(BetaContinuousBernoulli, Torch("_kl_beta_continuous_bernoulli")),
        KlRule.Create<Uniform, ContinuousBernoulli>(UniformContinuousBernoulli, Torch("_kl_uniform_continuous_bernoulli") + "; finite when a = 0 or b = 1"),
        Infinite<Exponential, ContinuousBernoulli>("_kl_exponential_infinity"),
        Infinite<Gamma, ContinuousBernoulli>("_kl_gamma_infinity"),
        Infinite<Gumbel, ContinuousBernoulli>("_kl_gumbel_infinity"),
        Infinite<Laplace, ContinuousBernoulli>("_kl_laplace_infinity"),
        Infinite<Normal, ContinuousBernoulli>("_kl_normal_infinity"),
        Infinite<Pareto, ContinuousBernoulli>("_kl_pareto_infinity"),

        // Whole branches of the type hierarchy (reached only when no exact pair is registered).
        KlRule.Create<DiscreteDistribution, ContinuousDistribution>(DiscreteAgainstContinuous, "absolute continuity: an atom of P is a null set of Q, +∞"),
        KlRule.Create<ContinuousDistribution, DiscreteDistribution>(ContinuousAgainstDiscrete, "absolute continuity: the countable support of Q is P-null, +∞"),
    ];
}
