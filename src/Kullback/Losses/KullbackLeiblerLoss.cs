namespace Kullback.Losses;

/// <summary>
/// The KL training objective on logits: ℓᵢ = D(P̃ᵢ‖Qᵢ) = Σ_c p̃_ic·log(p̃_ic/q_ic) = H(P̃ᵢ,Qᵢ) − H(P̃ᵢ), Q = softmax(zᵢ), PyTorch's
/// <c>F.kl_div(F.log_softmax(z), p)</c>. Its gradient is that of cross-entropy (H(P̃) does not depend on z); its value is the
/// reducible part of the loss, 0 at the optimum. Without class weights each ℓᵢ is clamped at 0 against rounding; with
/// weights ℓᵢ = Σ_c w_c·p̃_ic·log(p̃_ic/q_ic). A thin forwarder, kept for source compatibility, to <see cref="LogitLoss"/>
/// with <see cref="LogitObjective.KullbackLeibler"/>. Default reduction: <see cref="LossReduction.BatchMean"/> (the mean KL
/// per row; PyTorch's 'mean' divides by N·C instead, see docs/losses.md).
/// </summary>
public static class KullbackLeiblerLoss
{
    /// <summary>KL divergence ℓᵢ = Σ_c w_c·p̃_ic·log(p̃_ic / softmax(zᵢ)_c) with class-index targets yᵢ (p = e_yᵢ), from float logits: <see cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{int}, Span{T}, LossOptions, ReadOnlySpan{T}, RowTerms, ReadOnlySpan{T})"/> with LogitObjective.KullbackLeibler.</summary>
    /// <inheritdoc cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{int}, Span{T}, LossOptions, ReadOnlySpan{T}, RowTerms, ReadOnlySpan{T})"/>
    public static LossResult Evaluate(ReadOnlySpan<float> logits, int rows, int cols, ReadOnlySpan<int> targets, Span<float> gradient,
        LossOptions options = default, ReadOnlySpan<float> classWeights = default, RowTerms rowTerms = default, ReadOnlySpan<float> sampleWeights = default) =>
        LogitLoss.Evaluate(LogitObjective.KullbackLeibler, logits, rows, cols, targets, gradient, options, classWeights, rowTerms, sampleWeights);

    /// <summary>KL divergence ℓᵢ = Σ_c w_c·p̃_ic·log(p̃_ic / softmax(zᵢ)_c) with probability targets pᵢ (soft labels, each row ≥ 0 summing to 1), from float logits: <see cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, Span{T}, LossOptions, ReadOnlySpan{T}, ReadOnlySpan{bool}, RowTerms, ReadOnlySpan{T})"/> with LogitObjective.KullbackLeibler.</summary>
    /// <inheritdoc cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, Span{T}, LossOptions, ReadOnlySpan{T}, ReadOnlySpan{bool}, RowTerms, ReadOnlySpan{T})"/>
    public static LossResult Evaluate(ReadOnlySpan<float> logits, int rows, int cols, ReadOnlySpan<float> targetProbabilities, Span<float> gradient,
        LossOptions options = default, ReadOnlySpan<float> classWeights = default, ReadOnlySpan<bool> rowMask = default, RowTerms rowTerms = default, ReadOnlySpan<float> sampleWeights = default) =>
        LogitLoss.Evaluate(LogitObjective.KullbackLeibler, logits, rows, cols, targetProbabilities, gradient, options, classWeights, rowMask, rowTerms, sampleWeights);

    /// <summary>KL divergence ℓᵢ = Σ_c w_c·p̃_ic·log(p̃_ic / softmax(zᵢ)_c) with class-index targets yᵢ (p = e_yᵢ), from double logits: <see cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{int}, Span{T}, LossOptions, ReadOnlySpan{T}, RowTerms, ReadOnlySpan{T})"/> with LogitObjective.KullbackLeibler.</summary>
    /// <inheritdoc cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{int}, Span{T}, LossOptions, ReadOnlySpan{T}, RowTerms, ReadOnlySpan{T})"/>
    public static LossResult Evaluate(ReadOnlySpan<double> logits, int rows, int cols, ReadOnlySpan<int> targets, Span<double> gradient,
        LossOptions options = default, ReadOnlySpan<double> classWeights = default, RowTerms rowTerms = default, ReadOnlySpan<double> sampleWeights = default) =>
        LogitLoss.Evaluate(LogitObjective.KullbackLeibler, logits, rows, cols, targets, gradient, options, classWeights, rowTerms, sampleWeights);

    /// <summary>KL divergence ℓᵢ = Σ_c w_c·p̃_ic·log(p̃_ic / softmax(zᵢ)_c) with probability targets pᵢ (soft labels, each row ≥ 0 summing to 1), from double logits: <see cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, Span{T}, LossOptions, ReadOnlySpan{T}, ReadOnlySpan{bool}, RowTerms, ReadOnlySpan{T})"/> with LogitObjective.KullbackLeibler.</summary>
    /// <inheritdoc cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, Span{T}, LossOptions, ReadOnlySpan{T}, ReadOnlySpan{bool}, RowTerms, ReadOnlySpan{T})"/>
    public static LossResult Evaluate(ReadOnlySpan<double> logits, int rows, int cols, ReadOnlySpan<double> targetProbabilities, Span<double> gradient,
        LossOptions options = default, ReadOnlySpan<double> classWeights = default, ReadOnlySpan<bool> rowMask = default, RowTerms rowTerms = default, ReadOnlySpan<double> sampleWeights = default) =>
        LogitLoss.Evaluate(LogitObjective.KullbackLeibler, logits, rows, cols, targetProbabilities, gradient, options, classWeights, rowMask, rowTerms, sampleWeights);

    /// <summary>KL divergence with log-probability targets t (PyTorch's <c>log_target=True</c>), ℓᵢ = Σ_c w_c·exp(t_ic)·(t_ic − log softmax(zᵢ)_c), from float logits: <see cref="LogitLoss.EvaluateLogTarget{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, Span{T}, LossOptions, ReadOnlySpan{T}, ReadOnlySpan{bool}, RowTerms, ReadOnlySpan{T})"/> with LogitObjective.KullbackLeibler.</summary>
    /// <inheritdoc cref="LogitLoss.EvaluateLogTarget{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, Span{T}, LossOptions, ReadOnlySpan{T}, ReadOnlySpan{bool}, RowTerms, ReadOnlySpan{T})"/>
    public static LossResult EvaluateLogTarget(ReadOnlySpan<float> logits, int rows, int cols, ReadOnlySpan<float> targetLogProbabilities, Span<float> gradient,
        LossOptions options = default, ReadOnlySpan<float> classWeights = default, ReadOnlySpan<bool> rowMask = default, RowTerms rowTerms = default,
        ReadOnlySpan<float> sampleWeights = default) =>
        LogitLoss.EvaluateLogTarget(LogitObjective.KullbackLeibler, logits, rows, cols, targetLogProbabilities, gradient, options, classWeights, rowMask, rowTerms, sampleWeights);

    /// <summary>KL divergence with log-probability targets t (PyTorch's <c>log_target=True</c>), ℓᵢ = Σ_c w_c·exp(t_ic)·(t_ic − log softmax(zᵢ)_c), from double logits: <see cref="LogitLoss.EvaluateLogTarget{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, Span{T}, LossOptions, ReadOnlySpan{T}, ReadOnlySpan{bool}, RowTerms, ReadOnlySpan{T})"/> with LogitObjective.KullbackLeibler.</summary>
    /// <inheritdoc cref="LogitLoss.EvaluateLogTarget{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, Span{T}, LossOptions, ReadOnlySpan{T}, ReadOnlySpan{bool}, RowTerms, ReadOnlySpan{T})"/>
    public static LossResult EvaluateLogTarget(ReadOnlySpan<double> logits, int rows, int cols, ReadOnlySpan<double> targetLogProbabilities, Span<double> gradient,
        LossOptions options = default, ReadOnlySpan<double> classWeights = default, ReadOnlySpan<bool> rowMask = default, RowTerms rowTerms = default,
        ReadOnlySpan<double> sampleWeights = default) =>
        LogitLoss.EvaluateLogTarget(LogitObjective.KullbackLeibler, logits, rows, cols, targetLogProbabilities, gradient, options, classWeights, rowMask, rowTerms, sampleWeights);
}
