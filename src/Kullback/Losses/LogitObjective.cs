namespace Kullback.Losses;

/// <summary>
/// The objective a softmax loss on logits minimises over Q = softmax(z): the one name of this choice, used by
/// <see cref="LogitLoss"/> and by training (<c>Kullback.Learning.Training.TrainingOptions.Objective</c>). Both objectives
/// have the gradient of cross-entropy (H(P̃) does not depend on z); they differ by H(P̃).
/// </summary>
public enum LogitObjective
{
    /// <summary>H(P̃,Q) = −Σ_c p̃_c·log q_c (weighted: Σ_c w_c·p̃_c·(−log q_c)); default reduction <see cref="LossReduction.Mean"/>.</summary>
    CrossEntropy,
    /// <summary>D(P̃‖Q) = Σ_c p̃_c·log(p̃_c/q_c) = H(P̃,Q) − H(P̃) (weighted: Σ_c w_c·p̃_c·log(p̃_c/q_c)); default reduction <see cref="LossReduction.BatchMean"/>.</summary>
    KullbackLeibler,
}
