namespace Kullback.Kernels;

/// <summary>Why a row could not be evaluated; found inside the row pass and reported (with the row) after it.</summary>
internal enum RowFault : byte
{
    /// <summary>The row is fine.</summary>
    None = 0,
    /// <summary>A logit is NaN or +∞.</summary>
    LogitNotFinite,
    /// <summary>Every logit is −∞: softmax is undefined.</summary>
    AllLogitsMasked,
    /// <summary>A target probability is negative or NaN.</summary>
    NegativeProbability,
    /// <summary>The target probabilities do not sum to 1.</summary>
    NotNormalised,
}

/// <summary>One row's contribution: the objective ℓ and the unweighted decomposition H(P̃), H(P̃,Q), D(P̃‖Q).</summary>
internal struct RowOutcome
{
    public double Loss, Entropy, CrossEntropy, Divergence;
    public RowFault Fault;

    public static RowOutcome Faulted(RowFault fault) => new() { Fault = fault };
}
