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

/// <summary>The one range check of <see cref="LossReduction"/> and <see cref="LogitObjective"/> values.</summary>
/// <remarks>
/// Not <c>Enum.IsDefined</c>: its per-enum cache is dropped by a full garbage collection, after which the next call
/// allocates again, so a training step that validated with it would allocate whenever another thread's work forced a
/// gen-2 collection (seen in CI as 488 bytes per ten loss evaluations).
/// </remarks>
internal static class LossEnums
{
    /// <summary>True for None, Sum, Mean and BatchMean.</summary>
    public static bool IsDefined(LossReduction reduction) => (uint)reduction <= (uint)LossReduction.BatchMean;

    /// <summary>True for CrossEntropy and KullbackLeibler.</summary>
    public static bool IsDefined(LogitObjective objective) => (uint)objective <= (uint)LogitObjective.KullbackLeibler;
}
