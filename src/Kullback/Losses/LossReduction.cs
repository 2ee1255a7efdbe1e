namespace Kullback.Losses;

/// <summary>How the per-row losses ℓᵢ of a batch of N rows are combined into one number.</summary>
public enum LossReduction
{
    /// <summary>No reduction: the per-row losses ℓᵢ are the result (see <see cref="RowTerms.Loss"/>); the returned
    /// loss is Σᵢ ℓᵢ and the gradient is that of Σᵢ ℓᵢ.</summary>
    None,

    /// <summary>Σᵢ ℓᵢ.</summary>
    Sum,

    /// <summary>Σᵢ ℓᵢ ÷ Σᵢ Wᵢ, a weighted mean over the rows that count: Wᵢ = Σ_c w_c·p_ic with the
    /// un-smoothed target pᵢ (= w[yᵢ] for a class index, 1 without class weights, 0 for ignored or masked rows).
    /// With index targets this is PyTorch's <c>reduction='mean'</c>.</summary>
    Mean,

    /// <summary>Σᵢ ℓᵢ ÷ N, N counting every row (ignored ones too): PyTorch's <c>reduction='batchmean'</c>,
    /// the true mean KL per row, and the default of <see cref="KullbackLeiblerLoss"/>.</summary>
    BatchMean,
}
