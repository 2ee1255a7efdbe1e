namespace Kullback.Distributions;

public static partial class KlClosedForms
{
    /// <summary>
    /// +∞: P puts positive probability where Q has none (P is not absolutely continuous w.r.t. Q), for every parameter value.
    /// Source: torch.distributions.kl._kl_*_infinity.
    /// </summary>
    public static double SupportMismatch(Distribution p, Distribution q) => double.PositiveInfinity;

    /// <summary>
    /// +∞ for discrete P and continuous Q: P has an atom x with P({x}) &gt; 0 = Q({x}).
    /// Source: measure theory (absolute continuity); not in torch.distributions, which raises NotImplementedError.
    /// </summary>
    public static double DiscreteAgainstContinuous(DiscreteDistribution p, ContinuousDistribution q) => double.PositiveInfinity;

    /// <summary>
    /// +∞ for continuous P and discrete Q: Q lives on a countable set, which has P-probability 0, so P(outside) = 1 &gt; 0 = Q(outside).
    /// Source: measure theory (absolute continuity); not in torch.distributions, which raises NotImplementedError.
    /// </summary>
    public static double ContinuousAgainstDiscrete(ContinuousDistribution p, DiscreteDistribution q) => double.PositiveInfinity;
}
