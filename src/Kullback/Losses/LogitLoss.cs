using System.Numerics;

namespace Kullback.Losses;

/// <summary>
/// The one entry of the softmax losses on logits, the objective a parameter: ℓᵢ = H_w(P̃ᵢ, Qᵢ) = −Σ_c w_c·p̃_ic·log q_ic
/// (<see cref="LogitObjective.CrossEntropy"/>, PyTorch's <c>F.cross_entropy</c>) or ℓᵢ = D_w(P̃ᵢ‖Qᵢ) = Σ_c w_c·p̃_ic·log(p̃_ic/q_ic)
/// (<see cref="LogitObjective.KullbackLeibler"/>, PyTorch's <c>F.kl_div(F.log_softmax(z), p)</c>; without class weights each
/// ℓᵢ is clamped at 0 against rounding). <see cref="CrossEntropyLoss"/> and <see cref="KullbackLeiblerLoss"/> forward here.
/// Logits z are N × C row-major (one row per example), Q = softmax(zᵢ) row by row, handled in log space
/// (max shift; −∞ logits are legal masked classes). One call returns the loss and writes, in the same pass over
/// each row, the gradient ∂loss/∂z = scale·(W̃ᵢ·softmax(zᵢ) − w∘p̃ᵢ), with W̃ᵢ = Σ_c w_c·p̃_ic (= 1 without weights, so
/// the gradient is (softmax(zᵢ) − p̃ᵢ)·scale) and scale = 1 for None/Sum, 1/Σᵢ Wᵢ for Mean, 1/N for BatchMean; the
/// gradient is the same for both objectives. Label smoothing ε replaces the target row p by p̃ = (1 − ε)·p + ε/C; class
/// weights w scale each class term. Default reduction: <see cref="LossReduction.Mean"/> for cross-entropy,
/// <see cref="LossReduction.BatchMean"/> for KL (the mean KL per row; PyTorch's 'mean' divides by N·C instead, see docs/losses.md).
/// T is float or double (float rows take the SIMD fast path); sums are accumulated in double.
/// </summary>
/// <remarks>Bad arguments throw before any work. Faults found inside a row (NaN or +∞ logits, an all −∞ row, a
/// target row that is negative or does not sum to 1) throw after the pass, naming the first bad row; the gradient
/// buffer is then unspecified.</remarks>
public static class LogitLoss
{
    /// <summary>ℓᵢ of <paramref name="objective"/> with class-index targets yᵢ (p = e_yᵢ).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="objective">Cross-entropy H(P̃ᵢ,Qᵢ) or KL D(P̃ᵢ‖Qᵢ).</param>
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
    /// not finite, ε ∉ [0, 1], the objective or the thread count is not valid, or a row holds NaN/+∞ or only −∞ logits
    /// (the message names the index and value).</exception>
    /// <exception cref="NotSupportedException">T is neither float nor double.</exception>
    public static LossResult Evaluate<T>(LogitObjective objective, ReadOnlySpan<T> logits, int rows, int cols, ReadOnlySpan<int> targets, Span<T> gradient,
        LossOptions options = default, ReadOnlySpan<T> classWeights = default, RowTerms rowTerms = default, ReadOnlySpan<T> sampleWeights = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        LogitLossDriver<T>.Evaluate(Checked<T>(objective), logits, rows, cols, targets, default, true, gradient, options, classWeights, default, rowTerms, sampleWeights);

    /// <summary>ℓᵢ of <paramref name="objective"/> with probability targets pᵢ (soft labels, each row ≥ 0 summing to 1).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="objective">Cross-entropy H(P̃ᵢ,Qᵢ) or KL D(P̃ᵢ‖Qᵢ).</param>
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
    /// the objective or the thread count is not valid, or a row holds NaN/+∞ or only −∞ logits, or a target row is
    /// negative or not normalised (the message names the row).</exception>
    /// <exception cref="NotSupportedException">T is neither float nor double.</exception>
    public static LossResult Evaluate<T>(LogitObjective objective, ReadOnlySpan<T> logits, int rows, int cols, ReadOnlySpan<T> targetProbabilities, Span<T> gradient,
        LossOptions options = default, ReadOnlySpan<T> classWeights = default, ReadOnlySpan<bool> rowMask = default, RowTerms rowTerms = default,
        ReadOnlySpan<T> sampleWeights = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        LogitLossDriver<T>.Evaluate(Checked<T>(objective), logits, rows, cols, default, targetProbabilities, false, gradient, options, classWeights, rowMask, rowTerms, sampleWeights);

    /// <summary>
    /// ℓᵢ of <paramref name="objective"/> with the target given as log-probabilities t = log P (PyTorch's <c>log_target=True</c>):
    /// for KL ℓᵢ = Σ_c w_c·p_ic·(t_ic − log softmax(zᵢ)_c) with p_ic = exp(t_ic); a target of −∞ is p = 0 (its term is 0).
    /// Everything else is the probability-target entry with p = exp(t) (label smoothing is applied to p).
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="objective">Cross-entropy H(P̃ᵢ,Qᵢ) or KL D(P̃ᵢ‖Qᵢ).</param>
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
    /// the objective or the thread count is not valid, or a row holds NaN/+∞ or only −∞ logits (the message names the row).</exception>
    /// <exception cref="NotSupportedException">T is neither float nor double.</exception>
    public static LossResult EvaluateLogTarget<T>(LogitObjective objective, ReadOnlySpan<T> logits, int rows, int cols, ReadOnlySpan<T> targetLogProbabilities,
        Span<T> gradient, LossOptions options = default, ReadOnlySpan<T> classWeights = default, ReadOnlySpan<bool> rowMask = default,
        RowTerms rowTerms = default, ReadOnlySpan<T> sampleWeights = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        LogitLossDriver<T>.Evaluate(Checked<T>(objective), logits, rows, cols, default, targetLogProbabilities, false, gradient, options, classWeights, rowMask, rowTerms, sampleWeights, logTarget: true);

    /// <summary>Checks T and the objective before any work.</summary>
    private static LogitObjective Checked<T>(LogitObjective objective)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"T = {typeof(T).Name}: the logit losses take float or double logits");
        if (!LossEnums.IsDefined(objective))
            throw new ArgumentOutOfRangeException(nameof(objective), objective, $"objective = {objective}: must be CrossEntropy or KullbackLeibler");
        return objective;
    }
}
