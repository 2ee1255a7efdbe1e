using Kullback.Losses;

namespace Kullback.Learning.Training;

/// <summary>The quantity training minimises over Q. Both have the gradient softmax(z) − P; they differ by H(P).</summary>
public enum Objective
{
    /// <summary>Cross-entropy H(P, Q) = −Σ p·log q.</summary>
    CrossEntropy,
    /// <summary>Kullback–Leibler divergence D(P‖Q) = Σ p·log(p/q) = H(P, Q) − H(P).</summary>
    KullbackLeibler,
}

/// <summary>
/// The one bridge from training to the loss kernels of <c>Kullback.Losses</c> (no second softmax-cross-entropy here):
/// the mean over rows of the objective and its gradient ∂/∂z = (softmax(z) − P)/rows, with P one-hot (label-smoothed
/// by ε) or a probability row.
/// </summary>
internal static class ObjectiveLoss
{
    public static LossResult Evaluate(Objective objective, ReadOnlySpan<float> logits, int rows, int cols,
        ReadOnlySpan<int> labels, ReadOnlySpan<float> soft, Span<float> gradient, double smoothing, bool decompose, RowTerms rowTerms = default)
    {
        var options = new LossOptions { Reduction = LossReduction.BatchMean, LabelSmoothing = smoothing, Decompose = decompose, Threads = 1 };
        if (soft.IsEmpty)
            return objective == Objective.KullbackLeibler
                ? KullbackLeiblerLoss.Evaluate(logits, rows, cols, labels, gradient, options, rowTerms: rowTerms)
                : CrossEntropyLoss.Evaluate(logits, rows, cols, labels, gradient, options, rowTerms: rowTerms);
        return objective == Objective.KullbackLeibler
            ? KullbackLeiblerLoss.Evaluate(logits, rows, cols, soft, gradient, options, rowTerms: rowTerms)
            : CrossEntropyLoss.Evaluate(logits, rows, cols, soft, gradient, options, rowTerms: rowTerms);
    }
}
