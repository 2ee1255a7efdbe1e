namespace Kullback.Distributions;

public static partial class KlClosedForms
{
    // torch evaluates the three low-rank pairs with the capacitance matrix I + Wᵀ D⁻¹ W (Woodbury); Kullback assembles
    // Σ = W Wᵀ + D once per distribution (LowRankMultivariateNormal.AsMultivariateNormal) and uses the one Gaussian form,
    // D = ½ [tr(Σ_q⁻¹ Σ_p) + (μ_q − μ_p)ᵀ Σ_q⁻¹ (μ_q − μ_p) − k + log det Σ_q − log det Σ_p]. The value is the same up to rounding.

    /// <summary>
    /// D(LowRankMVN‖LowRankMVN) = ½ [tr(Σ_q⁻¹ Σ_p) + (μ_q − μ_p)ᵀ Σ_q⁻¹ (μ_q − μ_p) − k + log det Σ_q − log det Σ_p], Σ = W Wᵀ + D.
    /// Source: torch.distributions.kl._kl_lowrankmultivariatenormal_lowrankmultivariatenormal.
    /// </summary>
    public static double LowRankMultivariateNormalLowRankMultivariateNormal(LowRankMultivariateNormal p, LowRankMultivariateNormal q) =>
        MultivariateNormalMultivariateNormal(p.AsMultivariateNormal, q.AsMultivariateNormal);

    /// <summary>
    /// D(LowRankMVN‖MVN), the Gaussian form with Σ_p = W Wᵀ + D.
    /// Source: torch.distributions.kl._kl_lowrankmultivariatenormal_multivariatenormal.
    /// </summary>
    public static double LowRankMultivariateNormalMultivariateNormal(LowRankMultivariateNormal p, MultivariateNormal q) =>
        MultivariateNormalMultivariateNormal(p.AsMultivariateNormal, q);

    /// <summary>
    /// D(MVN‖LowRankMVN), the Gaussian form with Σ_q = W Wᵀ + D.
    /// Source: torch.distributions.kl._kl_multivariatenormal_lowrankmultivariatenormal.
    /// </summary>
    public static double MultivariateNormalLowRankMultivariateNormal(MultivariateNormal p, LowRankMultivariateNormal q) =>
        MultivariateNormalMultivariateNormal(p, q.AsMultivariateNormal);
}
