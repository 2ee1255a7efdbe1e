namespace Kullback.Losses;

/// <summary>Options shared by the losses on logits. <c>default</c> is: the objective's own reduction
/// (<see cref="LossReduction.Mean"/> for cross-entropy, <see cref="LossReduction.BatchMean"/> for KL),
/// no ignore index, no label smoothing, no decomposition, one thread (<see cref="Threads"/> reads 1).</summary>
public readonly record struct LossOptions
{
    /// <summary>The reduction; <c>null</c> picks the objective's default.</summary>
    public LossReduction? Reduction { get; init; }

    /// <summary>For class-index targets: rows whose target equals this value contribute nothing (loss 0,
    /// gradient 0, not counted by <see cref="LossReduction.Mean"/>). <c>null</c>: every target must be a class.</summary>
    public int? IgnoreIndex { get; init; }

    /// <summary>Label smoothing ε: the target row p becomes p̃ = (1 − ε)·p + ε/C. Range: 0 ≤ ε ≤ 1.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>When true, the result also carries the batch means of H(P̃), H(P̃,Q) and D(P̃‖Q) over the rows
    /// that count (for probability targets this costs one logarithm per target element).</summary>
    public bool Decompose { get; init; }

    /// <summary>Threads the rows are spread over, by the one convention (docs/ARCHITECTURE.md, "Threads"): T ≥ 1 uses up
    /// to T threads (1 = the calling thread), −1 every processor; anything else is rejected naming <c>options.Threads</c>.
    /// Unset (0, the <c>default</c>) reads as 1. The result does not depend on it (rows are combined in a fixed order).</summary>
    public int Threads { get => field == 0 ? 1 : field; init => field = value; }

    /// <summary>
    /// Reproduce PyTorch's numbers where Kullback's default differs (docs/losses.md, "torch_compatible"):
    /// <see cref="LossReduction.Mean"/> with probability targets divides by N (Σᵢ sᵢ) even with class weights; the KL
    /// objective's Mean divides by N·C; a Mean over no counted rows (every row ignored) is NaN, with a zero gradient; target
    /// rows need not sum to 1 (the KL row is then Σ_c p_c·log(p_c/q_c) as it is, possibly negative). Default false.
    /// </summary>
    public bool TorchCompatible { get; init; }
}
