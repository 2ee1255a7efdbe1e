namespace Kullback.Losses;

/// <summary>
/// The KL training objective on logits: ℓᵢ = D(P̃ᵢ‖Qᵢ) = Σ_c p̃_ic·log(p̃_ic/q_ic) = H(P̃ᵢ,Qᵢ) − H(P̃ᵢ), PyTorch's <c>F.kl_div(F.log_softmax(z), p)</c>. Its gradient is that of cross-entropy (H(P̃) does not depend on z); its value is the reducible part of the loss, 0 at the optimum. Without class weights each ℓᵢ is clamped at 0 against rounding; with weights ℓᵢ = Σ_c w_c·p̃_ic·log(p̃_ic/q_ic).
/// Logits z are N × C row-major (one row per example), Q = softmax(zᵢ) row by row, handled in log space
/// (max shift; −∞ logits are legal masked classes). One call returns the loss and writes, in the same pass over
/// each row, the gradient ∂loss/∂z = scale·(W̃ᵢ·softmax(zᵢ) − w∘p̃ᵢ), with W̃ᵢ = Σ_c w_c·p̃_ic (= 1 without weights, so
/// the gradient is (softmax(zᵢ) − p̃ᵢ)·scale) and scale = 1 for None/Sum, 1/Σᵢ Wᵢ for Mean, 1/N for BatchMean.
/// Label smoothing ε replaces the target row p by p̃ = (1 − ε)·p + ε/C; class weights w scale each class term.
/// Default reduction: <see cref="LossReduction.BatchMean"/> (the mean KL per row; PyTorch's 'mean' divides by N·C instead, see docs/losses.md).
/// </summary>
/// <remarks>Bad arguments throw before any work. Faults found inside a row (NaN or +∞ logits, an all −∞ row, a
/// target row that is negative or does not sum to 1) throw after the pass, naming the first bad row; the gradient
/// buffer is then unspecified.</remarks>
public static class KullbackLeiblerLoss
{
    /// <summary>
    /// KL divergence ℓᵢ = Σ_c w_c·p̃_ic·log(p̃_ic / softmax(zᵢ)_c) with class-index targets yᵢ (p = e_yᵢ), from float logits.
    /// </summary>
    /// <param name="logits">z, N × C row-major.</param>
    /// <param name="rows">N ≥ 0, the number of rows.</param>
    /// <param name="cols">C ≥ 1, the number of classes.</param>
    /// <param name="targets">yᵢ ∈ [0, C), or <see cref="LossOptions.IgnoreIndex"/> for rows that do not count; length N.</param>
    /// <param name="gradient">Receives ∂loss/∂z (N × C), or empty for the forward pass only. Ignored rows get 0.</param>
    /// <param name="options">Reduction, ignore index, label smoothing, decomposition, threads.</param>
    /// <param name="classWeights">w_c ≥ 0 (length C), or empty for all 1.</param>
    /// <param name="rowTerms">Optional per-row outputs: ℓᵢ, H(P̃ᵢ), H(P̃ᵢ,Qᵢ), D(P̃ᵢ‖Qᵢ).</param>
    /// <param name="sampleWeights">sᵢ ≥ 0 per row (scikit-learn's <c>sample_weight</c>): ℓᵢ and its gradient are scaled by sᵢ and means are weighted by sᵢ; empty for all 1.</param>
    /// <returns>The reduced loss and, when <see cref="LossOptions.Decompose"/> is set, the batch means of H(P̃), H(P̃,Q), D(P̃‖Q).</returns>
    /// <exception cref="ArgumentException">A length does not match, a target is out of range, a weight is negative or
    /// not finite, ε ∉ [0, 1], or a row holds NaN/+∞ or only −∞ logits (the message names the index and value).</exception>
    public static LossResult Evaluate(ReadOnlySpan<float> logits, int rows, int cols, ReadOnlySpan<int> targets, Span<float> gradient,
        LossOptions options = default, ReadOnlySpan<float> classWeights = default, RowTerms rowTerms = default, ReadOnlySpan<float> sampleWeights = default) =>
        LogitLoss<float>.Evaluate(LogitObjective.KullbackLeibler, logits, rows, cols, targets, default, true, gradient, options, classWeights, default, rowTerms, sampleWeights);

    /// <summary>
    /// KL divergence ℓᵢ = Σ_c w_c·p̃_ic·log(p̃_ic / softmax(zᵢ)_c) with probability targets pᵢ (soft labels, each row ≥ 0 summing to 1), from float logits.
    /// </summary>
    /// <param name="logits">z, N × C row-major.</param>
    /// <param name="rows">N ≥ 0, the number of rows.</param>
    /// <param name="cols">C ≥ 1, the number of classes.</param>
    /// <param name="targetProbabilities">P, N × C row-major; each row p_ic ≥ 0 with Σ_c p_ic = 1 (zeros are legal: 0·log 0 = 0).</param>
    /// <param name="gradient">Receives ∂loss/∂z (N × C), or empty for the forward pass only. Masked rows get 0.</param>
    /// <param name="options">Reduction, label smoothing, decomposition, threads (<see cref="LossOptions.IgnoreIndex"/> is not used).</param>
    /// <param name="classWeights">w_c ≥ 0 (length C), or empty for all 1.</param>
    /// <param name="rowMask">mᵢ (length N): rows with false do not count; empty for every row.</param>
    /// <param name="rowTerms">Optional per-row outputs: ℓᵢ, H(P̃ᵢ), H(P̃ᵢ,Qᵢ), D(P̃ᵢ‖Qᵢ).</param>
    /// <param name="sampleWeights">sᵢ ≥ 0 per row (scikit-learn's <c>sample_weight</c>): ℓᵢ and its gradient are scaled by sᵢ and means are weighted by sᵢ; empty for all 1.</param>
    /// <returns>The reduced loss and, when <see cref="LossOptions.Decompose"/> is set, the batch means of H(P̃), H(P̃,Q), D(P̃‖Q).</returns>
    /// <exception cref="ArgumentException">A length does not match, a weight is negative or not finite, ε ∉ [0, 1],
    /// or a row holds NaN/+∞ or only −∞ logits, or a target row is negative or not normalised (the message names the row).</exception>
    public static LossResult Evaluate(ReadOnlySpan<float> logits, int rows, int cols, ReadOnlySpan<float> targetProbabilities, Span<float> gradient,
        LossOptions options = default, ReadOnlySpan<float> classWeights = default, ReadOnlySpan<bool> rowMask = default, RowTerms rowTerms = default, ReadOnlySpan<float> sampleWeights = default) =>
        LogitLoss<float>.Evaluate(LogitObjective.KullbackLeibler, logits, rows, cols, default, targetProbabilities, false, gradient, options, classWeights, rowMask, rowTerms, sampleWeights);

    /// <summary>
    /// KL divergence ℓᵢ = Σ_c w_c·p̃_ic·log(p̃_ic / softmax(zᵢ)_c) with class-index targets yᵢ (p = e_yᵢ), from double logits.
    /// </summary>
    /// <param name="logits">z, N × C row-major.</param>
    /// <param name="rows">N ≥ 0, the number of rows.</param>
    /// <param name="cols">C ≥ 1, the number of classes.</param>
    /// <param name="targets">yᵢ ∈ [0, C), or <see cref="LossOptions.IgnoreIndex"/> for rows that do not count; length N.</param>
    /// <param name="gradient">Receives ∂loss/∂z (N × C), or empty for the forward pass only. Ignored rows get 0.</param>
    /// <param name="options">Reduction, ignore index, label smoothing, decomposition, threads.</param>
    /// <param name="classWeights">w_c ≥ 0 (length C), or empty for all 1.</param>
    /// <param name="rowTerms">Optional per-row outputs: ℓᵢ, H(P̃ᵢ), H(P̃ᵢ,Qᵢ), D(P̃ᵢ‖Qᵢ).</param>
    /// <param name="sampleWeights">sᵢ ≥ 0 per row (scikit-learn's <c>sample_weight</c>): ℓᵢ and its gradient are scaled by sᵢ and means are weighted by sᵢ; empty for all 1.</param>
    /// <returns>The reduced loss and, when <see cref="LossOptions.Decompose"/> is set, the batch means of H(P̃), H(P̃,Q), D(P̃‖Q).</returns>
    /// <exception cref="ArgumentException">A length does not match, a target is out of range, a weight is negative or
    /// not finite, ε ∉ [0, 1], or a row holds NaN/+∞ or only −∞ logits (the message names the index and value).</exception>
    public static LossResult Evaluate(ReadOnlySpan<double> logits, int rows, int cols, ReadOnlySpan<int> targets, Span<double> gradient,
        LossOptions options = default, ReadOnlySpan<double> classWeights = default, RowTerms rowTerms = default, ReadOnlySpan<double> sampleWeights = default) =>
        LogitLoss<double>.Evaluate(LogitObjective.KullbackLeibler, logits, rows, cols, targets, default, true, gradient, options, classWeights, default, rowTerms, sampleWeights);

    /// <summary>
    /// KL divergence ℓᵢ = Σ_c w_c·p̃_ic·log(p̃_ic / softmax(zᵢ)_c) with probability targets pᵢ (soft labels, each row ≥ 0 summing to 1), from double logits.
    /// </summary>
    /// <param name="logits">z, N × C row-major.</param>
    /// <param name="rows">N ≥ 0, the number of rows.</param>
    /// <param name="cols">C ≥ 1, the number of classes.</param>
    /// <param name="targetProbabilities">P, N × C row-major; each row p_ic ≥ 0 with Σ_c p_ic = 1 (zeros are legal: 0·log 0 = 0).</param>
    /// <param name="gradient">Receives ∂loss/∂z (N × C), or empty for the forward pass only. Masked rows get 0.</param>
    /// <param name="options">Reduction, label smoothing, decomposition, threads (<see cref="LossOptions.IgnoreIndex"/> is not used).</param>
    /// <param name="classWeights">w_c ≥ 0 (length C), or empty for all 1.</param>
    /// <param name="rowMask">mᵢ (length N): rows with false do not count; empty for every row.</param>
    /// <param name="rowTerms">Optional per-row outputs: ℓᵢ, H(P̃ᵢ), H(P̃ᵢ,Qᵢ), D(P̃ᵢ‖Qᵢ).</param>
    /// <param name="sampleWeights">sᵢ ≥ 0 per row (scikit-learn's <c>sample_weight</c>): ℓᵢ and its gradient are scaled by sᵢ and means are weighted by sᵢ; empty for all 1.</param>
    /// <returns>The reduced loss and, when <see cref="LossOptions.Decompose"/> is set, the batch means of H(P̃), H(P̃,Q), D(P̃‖Q).</returns>
    /// <exception cref="ArgumentException">A length does not match, a weight is negative or not finite, ε ∉ [0, 1],
    /// or a row holds NaN/+∞ or only −∞ logits, or a target row is negative or not normalised (the message names the row).</exception>
    public static LossResult Evaluate(ReadOnlySpan<double> logits, int rows, int cols, ReadOnlySpan<double> targetProbabilities, Span<double> gradient,
        LossOptions options = default, ReadOnlySpan<double> classWeights = default, ReadOnlySpan<bool> rowMask = default, RowTerms rowTerms = default, ReadOnlySpan<double> sampleWeights = default) =>
        LogitLoss<double>.Evaluate(LogitObjective.KullbackLeibler, logits, rows, cols, default, targetProbabilities, false, gradient, options, classWeights, rowMask, rowTerms, sampleWeights);

    /// <summary>
    /// KL divergence with the target given as log-probabilities (PyTorch's <c>F.kl_div(F.log_softmax(z), t, log_target=True)</c>):
    /// ℓᵢ = Σ_c w_c·p_ic·(t_ic − log softmax(zᵢ)_c) with p_ic = exp(t_ic), from float logits. A target of −∞ is p = 0 (its term is 0).
    /// Everything else is <see cref="Evaluate(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, Span{float}, LossOptions, ReadOnlySpan{float}, ReadOnlySpan{bool}, RowTerms, ReadOnlySpan{float})"/>
    /// with p = exp(t) (label smoothing is applied to p).
    /// </summary>
    /// <param name="logits">z, N × C row-major.</param>
    /// <param name="rows">N ≥ 0, the number of rows.</param>
    /// <param name="cols">C ≥ 1, the number of classes.</param>
    /// <param name="targetLogProbabilities">t = log P, N × C row-major; each row must have Σ_c exp(t_ic) = 1 unless <see cref="LossOptions.TorchCompatible"/>.</param>
    /// <param name="gradient">Receives ∂loss/∂z (N × C), or empty for the forward pass only. Masked rows get 0.</param>
    /// <param name="options">Reduction, label smoothing, decomposition, threads, torch compatibility.</param>
    /// <param name="classWeights">w_c ≥ 0 (length C), or empty for all 1.</param>
    /// <param name="rowMask">mᵢ (length N): rows with false do not count; empty for every row.</param>
    /// <param name="rowTerms">Optional per-row outputs: ℓᵢ, H(Pᵢ), H(Pᵢ,Qᵢ), D(Pᵢ‖Qᵢ).</param>
    /// <param name="sampleWeights">sᵢ ≥ 0 per row, or empty for all 1.</param>
    /// <returns>The reduced loss and, when <see cref="LossOptions.Decompose"/> is set, the batch means of H(P), H(P,Q), D(P‖Q).</returns>
    /// <exception cref="ArgumentException">A length does not match, a weight is negative or not finite, a target is NaN or not normalised,
    /// or a row holds NaN/+∞ or only −∞ logits (the message names the row).</exception>
    public static LossResult EvaluateLogTarget(ReadOnlySpan<float> logits, int rows, int cols, ReadOnlySpan<float> targetLogProbabilities, Span<float> gradient,
        LossOptions options = default, ReadOnlySpan<float> classWeights = default, ReadOnlySpan<bool> rowMask = default, RowTerms rowTerms = default,
        ReadOnlySpan<float> sampleWeights = default) =>
        LogitLoss<float>.Evaluate(LogitObjective.KullbackLeibler, logits, rows, cols, default, targetLogProbabilities, false, gradient, options, classWeights, rowMask, rowTerms, sampleWeights, logTarget: true);

    /// <summary>KL divergence with log-probability targets, ℓᵢ = Σ_c w_c·exp(t_ic)·(t_ic − log softmax(zᵢ)_c), from double logits.</summary>
    /// <inheritdoc cref="EvaluateLogTarget(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, Span{float}, LossOptions, ReadOnlySpan{float}, ReadOnlySpan{bool}, RowTerms, ReadOnlySpan{float})"/>
    public static LossResult EvaluateLogTarget(ReadOnlySpan<double> logits, int rows, int cols, ReadOnlySpan<double> targetLogProbabilities, Span<double> gradient,
        LossOptions options = default, ReadOnlySpan<double> classWeights = default, ReadOnlySpan<bool> rowMask = default, RowTerms rowTerms = default,
        ReadOnlySpan<double> sampleWeights = default) =>
        LogitLoss<double>.Evaluate(LogitObjective.KullbackLeibler, logits, rows, cols, default, targetLogProbabilities, false, gradient, options, classWeights, rowMask, rowTerms, sampleWeights, logTarget: true);
}
