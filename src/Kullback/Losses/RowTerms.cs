namespace Kullback.Losses;

/// <summary>
/// Optional per-row outputs of a loss evaluation (each span empty, or one element per row).
/// Ignored and masked rows get 0 in every span. The information quantities are unweighted and use the
/// smoothed target P̃: they describe the prediction, while <see cref="Loss"/> is the (weighted) objective.
/// </summary>
public readonly ref struct RowTerms
{
    /// <summary>ℓᵢ, the row's contribution before reduction (what <see cref="LossReduction.None"/> returns).</summary>
    public Span<double> Loss { get; init; }

    /// <summary>H(P̃ᵢ) = −Σ_c p̃_ic·log p̃_ic.</summary>
    public Span<double> Entropy { get; init; }

    /// <summary>H(P̃ᵢ,Qᵢ) = −Σ_c p̃_ic·log q_ic, q = softmax(zᵢ).</summary>
    public Span<double> CrossEntropy { get; init; }

    /// <summary>D(P̃ᵢ‖Qᵢ) = Σ_c p̃_ic·log(p̃_ic/q_ic), clamped at 0 against rounding.</summary>
    public Span<double> Divergence { get; init; }

    /// <summary>True when an information quantity (not only the loss) is requested.</summary>
    internal bool WantsDecomposition => !Entropy.IsEmpty || !CrossEntropy.IsEmpty || !Divergence.IsEmpty;

    /// <summary>True when nothing is requested.</summary>
    internal bool IsEmpty => Loss.IsEmpty && !WantsDecomposition;
}
