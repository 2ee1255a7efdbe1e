namespace Kullback.Losses;

/// <summary>
/// The outcome of one loss evaluation: the reduced loss, and — when <see cref="LossOptions.Decompose"/> was set —
/// the batch means of the three information quantities, which satisfy H(P,Q) = H(P) + D(P‖Q) (in nats).
/// </summary>
/// <param name="Loss">The reduced loss (Σᵢ ℓᵢ for <see cref="LossReduction.None"/>).</param>
/// <param name="CountedRows">Rows that count: not ignored (index targets) and not masked (probability targets).</param>
/// <param name="Entropy">Mean over counted rows of H(P̃ᵢ) = −Σ_c p̃_ic·log p̃_ic, or null when not requested.</param>
/// <param name="CrossEntropy">Mean over counted rows of H(P̃ᵢ,Qᵢ) = −Σ_c p̃_ic·log q_ic, or null when not requested.</param>
/// <param name="Divergence">Mean over counted rows of D(P̃ᵢ‖Qᵢ) = Σ_c p̃_ic·log(p̃_ic/q_ic) ≥ 0, or null when not requested.</param>
public readonly record struct LossResult(double Loss, int CountedRows, double? Entropy, double? CrossEntropy, double? Divergence);
