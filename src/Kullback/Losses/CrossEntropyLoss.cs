namespace Kullback.Losses;

/// <summary>
/// The cross-entropy training objective on logits: ℓᵢ = H_w(P̃ᵢ, Qᵢ) = −Σ_c w_c·p̃_ic·log q_ic, Q = softmax(zᵢ), the same numbers
/// as PyTorch's <c>F.cross_entropy</c> (see docs/losses.md for the one documented difference: the weighted mean with
/// probability targets). A thin forwarder, kept for source compatibility, to <see cref="LogitLoss"/> with
/// <see cref="LogitObjective.CrossEntropy"/>, where the gradient, label smoothing, weights and faults are described.
/// Default reduction: <see cref="LossReduction.Mean"/>.
/// </summary>
public static class CrossEntropyLoss
{
    /// <summary>Cross-entropy ℓᵢ = −Σ_c w_c·p̃_ic·log softmax(zᵢ)_c with class-index targets yᵢ (p = e_yᵢ), from float logits: <see cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{int}, Span{T}, LossOptions, ReadOnlySpan{T}, RowTerms, ReadOnlySpan{T})"/> with LogitObjective.CrossEntropy.</summary>
    /// <inheritdoc cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{int}, Span{T}, LossOptions, ReadOnlySpan{T}, RowTerms, ReadOnlySpan{T})"/>
    public static LossResult Evaluate(ReadOnlySpan<float> logits, int rows, int cols, ReadOnlySpan<int> targets, Span<float> gradient,
        LossOptions options = default, ReadOnlySpan<float> classWeights = default, RowTerms rowTerms = default, ReadOnlySpan<float> sampleWeights = default) =>
        LogitLoss.Evaluate(LogitObjective.CrossEntropy, logits, rows, cols, targets, gradient, options, classWeights, rowTerms, sampleWeights);

    /// <summary>Cross-entropy ℓᵢ = −Σ_c w_c·p̃_ic·log softmax(zᵢ)_c with probability targets pᵢ (soft labels, each row ≥ 0 summing to 1), from float logits: <see cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, Span{T}, LossOptions, ReadOnlySpan{T}, ReadOnlySpan{bool}, RowTerms, ReadOnlySpan{T})"/> with LogitObjective.CrossEntropy.</summary>
    /// <inheritdoc cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, Span{T}, LossOptions, ReadOnlySpan{T}, ReadOnlySpan{bool}, RowTerms, ReadOnlySpan{T})"/>
    public static LossResult Evaluate(ReadOnlySpan<float> logits, int rows, int cols, ReadOnlySpan<float> targetProbabilities, Span<float> gradient,
        LossOptions options = default, ReadOnlySpan<float> classWeights = default, ReadOnlySpan<bool> rowMask = default, RowTerms rowTerms = default, ReadOnlySpan<float> sampleWeights = default) =>
        LogitLoss.Evaluate(LogitObjective.CrossEntropy, logits, rows, cols, targetProbabilities, gradient, options, classWeights, rowMask, rowTerms, sampleWeights);

    /// <summary>Cross-entropy ℓᵢ = −Σ_c w_c·p̃_ic·log softmax(zᵢ)_c with class-index targets yᵢ (p = e_yᵢ), from double logits: <see cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{int}, Span{T}, LossOptions, ReadOnlySpan{T}, RowTerms, ReadOnlySpan{T})"/> with LogitObjective.CrossEntropy.</summary>
    /// <inheritdoc cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{int}, Span{T}, LossOptions, ReadOnlySpan{T}, RowTerms, ReadOnlySpan{T})"/>
    public static LossResult Evaluate(ReadOnlySpan<double> logits, int rows, int cols, ReadOnlySpan<int> targets, Span<double> gradient,
        LossOptions options = default, ReadOnlySpan<double> classWeights = default, RowTerms rowTerms = default, ReadOnlySpan<double> sampleWeights = default) =>
        LogitLoss.Evaluate(LogitObjective.CrossEntropy, logits, rows, cols, targets, gradient, options, classWeights, rowTerms, sampleWeights);

    /// <summary>Cross-entropy ℓᵢ = −Σ_c w_c·p̃_ic·log softmax(zᵢ)_c with probability targets pᵢ (soft labels, each row ≥ 0 summing to 1), from double logits: <see cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, Span{T}, LossOptions, ReadOnlySpan{T}, ReadOnlySpan{bool}, RowTerms, ReadOnlySpan{T})"/> with LogitObjective.CrossEntropy.</summary>
    /// <inheritdoc cref="LogitLoss.Evaluate{T}(LogitObjective, ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, Span{T}, LossOptions, ReadOnlySpan{T}, ReadOnlySpan{bool}, RowTerms, ReadOnlySpan{T})"/>
    public static LossResult Evaluate(ReadOnlySpan<double> logits, int rows, int cols, ReadOnlySpan<double> targetProbabilities, Span<double> gradient,
        LossOptions options = default, ReadOnlySpan<double> classWeights = default, ReadOnlySpan<bool> rowMask = default, RowTerms rowTerms = default, ReadOnlySpan<double> sampleWeights = default) =>
        LogitLoss.Evaluate(LogitObjective.CrossEntropy, logits, rows, cols, targetProbabilities, gradient, options, classWeights, rowMask, rowTerms, sampleWeights);
}
