namespace Kullback.Measures;

/// <summary>How a categorical distribution over C classes is given.</summary>
public enum CategoricalForm
{
    /// <summary>Probabilities p_i ≥ 0 with Σ p_i = 1 (within <see cref="CategoricalSpan.SumTolerance"/>, or normalised on request).</summary>
    Probabilities,

    /// <summary>Logits z_i (unnormalised log-probabilities): p_i = exp(z_i − LSE(z)); z_i = −∞ is a masked class (p_i = 0).</summary>
    Logits,

    /// <summary>A class index k: the one-hot distribution p_k = 1, p_i = 0 for i ≠ k.</summary>
    ClassIndex,
}
