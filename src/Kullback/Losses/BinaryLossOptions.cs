namespace Kullback.Losses;

/// <summary>Options of the binary losses. <c>default</c>: <see cref="LossReduction.Mean"/>, positive-class weight 1.</summary>
public readonly record struct BinaryLossOptions
{
    /// <summary>The reduction; <c>null</c> is <see cref="LossReduction.Mean"/> (Σᵢ ℓᵢ ÷ N, as PyTorch; BatchMean is the same
    /// for one value per row).</summary>
    public LossReduction? Reduction { get; init; }

    /// <summary>pw, the weight of the positive-class term (PyTorch's <c>pos_weight</c>); <c>null</c> is 1. Range: finite, ≥ 0.</summary>
    public double? PositiveWeight { get; init; }

    /// <summary>Reproduce PyTorch's numbers where Kullback's default differs: for probabilities, each log is clamped at −100
    /// (a certain wrong prediction costs 100, not +∞) and the gradient's denominator p·(1 − p) at 1e-12, as
    /// <c>F.binary_cross_entropy</c> does; targets may be any finite real (PyTorch does not check them; Kullback's default
    /// wants [0, 1]); a mean over no elements is NaN. On logits the loss and gradient follow PyTorch 1.13's expression and its
    /// rounding, which cancels the tails to 0 (ℓ = 0 for x = −40, y = 0, where Kullback's default gives the accurate 4.25e−18; see docs/losses.md).</summary>
    public bool TorchCompatible { get; init; }
}
