using Kullback.Losses;

namespace Kullback.Kernels;

/// <summary>The target mode of <see cref="SoftmaxCrossEntropy"/>: a class index y (p = e_y) or a probability row p.</summary>
internal interface ITargetMode
{
    /// <summary>True for a class-index target.</summary>
    static abstract bool IsClassIndex { get; }
}

/// <summary>Class-index target y: p̃ = (1 − ε)·e_y + ε/C.</summary>
internal readonly struct ClassIndexTarget : ITargetMode { public static bool IsClassIndex => true; }

/// <summary>Probability target row p: p̃ = (1 − ε)·p + ε/C.</summary>
internal readonly struct ProbabilityTarget : ITargetMode { public static bool IsClassIndex => false; }

/// <summary>The class-weight mode of <see cref="SoftmaxCrossEntropy"/>.</summary>
internal interface IWeightMode
{
    /// <summary>True when a class-weight row w is read.</summary>
    static abstract bool Weighted { get; }
}

/// <summary>All class weights 1.</summary>
internal readonly struct Unweighted : IWeightMode { public static bool Weighted => false; }

/// <summary>Class weights w (C elements).</summary>
internal readonly struct ClassWeighted : IWeightMode { public static bool Weighted => true; }

/// <summary>The gradient mode of <see cref="SoftmaxCrossEntropy"/>.</summary>
internal interface IGradientMode
{
    /// <summary>True when ∂ℓ/∂z is written.</summary>
    static abstract bool Written { get; }
}

/// <summary>Forward only.</summary>
internal readonly struct NoGradient : IGradientMode { public static bool Written => false; }

/// <summary>The gradient row is written.</summary>
internal readonly struct WithGradient : IGradientMode { public static bool Written => true; }

/// <summary>The terms mode of <see cref="SoftmaxCrossEntropy"/>: whether H(P̃), H(P̃,Q) and D(P̃‖Q) are computed besides ℓ
/// (for probability targets they cost a log per element; for class-index targets they are free and always computed).</summary>
internal interface ITermsMode
{
    /// <summary>True when the decomposition is computed.</summary>
    static abstract bool Decomposed { get; }
}

/// <summary>The objective ℓ only (cross-entropy of probability targets).</summary>
internal readonly struct LossOnly : ITermsMode { public static bool Decomposed => false; }

/// <summary>ℓ and H(P̃), H(P̃,Q), D(P̃‖Q) (needed for the KL objective and decompositions).</summary>
internal readonly struct WithTerms : ITermsMode { public static bool Decomposed => true; }

/// <summary>Where the max pass of <see cref="SoftmaxCrossEntropy.Max{T, TV, L, TN}"/> looks for NaN logits.</summary>
internal interface INaNMode
{
    /// <summary>True when the max pass tests every logit for NaN; false when the caller finds NaN in its Σ exp(z − m)
    /// instead (a NaN logit makes that sum NaN, and nothing else does once m is finite), which leaves the max pass one
    /// load and one max per vector.</summary>
    static abstract bool InMaxPass { get; }
}

/// <summary>The max pass faults on NaN logits.</summary>
internal readonly struct NaNInMaxPass : INaNMode { public static bool InMaxPass => true; }

/// <summary>NaN logits are the caller's to detect, from its exp sum.</summary>
internal readonly struct NaNInExpSum : INaNMode { public static bool InMaxPass => false; }

/// <summary>One row (or, for <see cref="SoftmaxCrossEntropyBlocks"/>, one block of rows) of a softmax cross-entropy
/// evaluation: where its data lie and the scalars of the objective. Which pointers are read is fixed by the modes.</summary>
internal unsafe struct CrossEntropyRow<T> where T : unmanaged
{
    /// <summary>z: C logits (a block: R·C, row-major).</summary>
    public T* Logits;
    /// <summary>C, the classes.</summary>
    public int Cols;
    /// <summary>y, the class index (class-index target).</summary>
    public int Target;
    /// <summary>p: C target probabilities (probability target; a block: R·C).</summary>
    public T* Probabilities;
    /// <summary>w: C class weights (<see cref="ClassWeighted"/>).</summary>
    public T* Weights;
    /// <summary>W = Σ_c w_c (C when unweighted).</summary>
    public double WeightSum;
    /// <summary>∂ℓ/∂z: C elements written (<see cref="WithGradient"/>; a block: R·C).</summary>
    public T* Gradient;
    /// <summary>The factor of the gradient (reduction and sample weight).</summary>
    public double Scale;
    /// <summary>ε, the label smoothing.</summary>
    public double Epsilon;
    /// <summary>|Σ p − 1| allowed before a probability row is reported as not normalised.</summary>
    public double Tolerance;
    /// <summary>Which objective ℓ is.</summary>
    public LogitObjective Objective;
}
