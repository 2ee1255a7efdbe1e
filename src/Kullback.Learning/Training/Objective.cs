using Kullback.Losses;

namespace Kullback.Learning.Training;

/// <summary>
/// The older name of <see cref="LogitObjective"/>, kept for source compatibility: <c>Objective.CrossEntropy</c> and
/// <c>Objective.KullbackLeibler</c> are the values of the one objective enum (<see cref="TrainingOptions.Objective"/> is a
/// <see cref="LogitObjective"/>). Both have the gradient softmax(z) − P; they differ by H(P).
/// </summary>
public static class Objective
{
    /// <summary>Cross-entropy H(P, Q) = −Σ p·log q: <see cref="LogitObjective.CrossEntropy"/>.</summary>
    public const LogitObjective CrossEntropy = LogitObjective.CrossEntropy;

    /// <summary>Kullback–Leibler divergence D(P‖Q) = Σ p·log(p/q) = H(P, Q) − H(P): <see cref="LogitObjective.KullbackLeibler"/>.</summary>
    public const LogitObjective KullbackLeibler = LogitObjective.KullbackLeibler;
}

/// <summary>
/// The one bridge from training to the loss kernels of <c>Kullback.Losses</c> (no second softmax-cross-entropy here):
/// the mean over rows of the objective and its gradient ∂/∂z = (softmax(z) − P)/rows, with P one-hot (label-smoothed
/// by ε) or a probability row.
/// </summary>
internal static class ObjectiveLoss
{
    public static LossResult Evaluate(LogitObjective objective, ReadOnlySpan<float> logits, int rows, int cols,
        ReadOnlySpan<int> labels, ReadOnlySpan<float> soft, Span<float> gradient, double smoothing, bool decompose, RowTerms rowTerms = default)
    {
        var options = new LossOptions { Reduction = LossReduction.BatchMean, LabelSmoothing = smoothing, Decompose = decompose, Threads = 1 };
        return soft.IsEmpty
            ? LogitLoss.Evaluate(objective, logits, rows, cols, labels, gradient, options, rowTerms: rowTerms)
            : LogitLoss.Evaluate(objective, logits, rows, cols, soft, gradient, options, rowTerms: rowTerms);
    }
}
