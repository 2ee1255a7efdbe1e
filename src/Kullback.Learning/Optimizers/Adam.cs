using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Learning.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba 2015), step for step the same as <c>torch.optim.Adam</c> (or <c>torch.optim.AdamW</c> when
/// the weight decay is decoupled). With step t, gradient g and d = g + λ·θ (coupled L2) or d = g (decoupled):
/// m ← β₁·m + (1 − β₁)·d;  v ← β₂·v + (1 − β₂)·d²;
/// θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε);  decoupled decay first does θ ← θ·(1 − η·λ).
/// One deliberate difference: a moment that falls below the smallest normal number is stored as 0 (no subnormals).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Adam<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _m;
    private readonly T[] _v;
    private T _learningRate;

    /// <summary>Creates Adam for <paramref name="length"/> parameters.</summary>
    /// <param name="length">Number of parameters, ≥ 0.</param>
    /// <param name="learningRate">η &gt; 0 (PyTorch's default is 1e-3).</param>
    /// <param name="beta1">β₁ ∈ [0, 1), decay of the first moment; default 0.9.</param>
    /// <param name="beta2">β₂ ∈ [0, 1), decay of the second moment; default 0.999.</param>
    /// <param name="epsilon">ε &gt; 0 added to the denominator; default 1e-8.</param>
    /// <param name="weightDecay">λ ≥ 0.</param>
    /// <param name="decoupledWeightDecay">false: L2 added to the gradient (Adam); true: θ·(1 − η·λ) (AdamW).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is outside its range.</exception>
    public Adam(int length, T learningRate, T? beta1 = null, T? beta2 = null, T? epsilon = null,
        T weightDecay = default, bool decoupledWeightDecay = false)
    {
        OptimizerGuards.Length(length);
        _learningRate = OptimizerGuards.Positive(learningRate, nameof(learningRate));
        Beta1 = OptimizerGuards.UnitInterval(beta1 ?? T.CreateChecked(0.9), nameof(beta1));
        Beta2 = OptimizerGuards.UnitInterval(beta2 ?? T.CreateChecked(0.999), nameof(beta2));
        Epsilon = OptimizerGuards.Positive(epsilon ?? T.CreateChecked(1e-8), nameof(epsilon));
        WeightDecay = OptimizerGuards.NonNegative(weightDecay, nameof(weightDecay));
        DecoupledWeightDecay = decoupledWeightDecay;
        Length = length;
        _m = new T[length];
        _v = new T[length];
    }

    /// <inheritdoc/>
    public int Length { get; }

    /// <inheritdoc/>
    public T LearningRate { get => _learningRate; set => _learningRate = OptimizerGuards.Positive(value, nameof(LearningRate)); }

    /// <summary>β₁, decay rate of the first-moment estimate m.</summary>
    public T Beta1 { get; }

    /// <summary>β₂, decay rate of the second-moment estimate v.</summary>
    public T Beta2 { get; }

    /// <summary>ε, added to √v̂ in the denominator.</summary>
    public T Epsilon { get; }

    /// <summary>Weight decay λ.</summary>
    public T WeightDecay { get; }

    /// <summary>true: decoupled decay θ ← θ·(1 − η·λ) (AdamW); false: λ·θ added to the gradient (Adam).</summary>
    public bool DecoupledWeightDecay { get; }

    /// <inheritdoc/>
    public long StepCount { get; private set; }

    /// <summary>
    /// Worker threads for long parameter vectors (≥ 65,536 elements), in the library's one convention: T ≥ 1 runs on up
    /// to T threads (1 = the calling thread), −1 on every processor. The vector is cut into chunks of
    /// 16,384 elements whatever T is, and every element is updated alike, so the result does not depend on it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0 or below −1.</exception>
    public int Threads
    {
        get => _threads;
        set
        {
            RowPartition.ResolveThreads(value, nameof(Threads));
            _threads = value;
        }
    }

    private int _threads = 1;

    private const int ParallelLength = 1 << 16;

    /// <summary>Elements per chunk of a threaded step: a multiple of every lane count, so chunk edges fall on whole vectors.</summary>
    private const int ChunkLength = 1 << 14;

    /// <summary>
    /// The smallest normal number of T. Moments below it are stored as 0: they cannot move a parameter (m/ε &lt; 1e−30),
    /// and subnormal arithmetic is many times slower (m decays by β₁ each step where a gradient stays 0).
    /// </summary>
    private static readonly T SmallestNormal = typeof(T) == typeof(float)
        ? T.CreateTruncating(BitConverter.Int32BitsToSingle(0x0080_0000))
        : T.CreateTruncating(BitConverter.Int64BitsToDouble(0x0010_0000_0000_0000));

    /// <summary>The per-step constants of the update.</summary>
    private readonly record struct Coefficients(T Beta1, T Beta2, T OneMinusBeta1, T OneMinusBeta2, T Epsilon, T StepSize,
        T Correction2Sqrt, T Coupled, T Shrink);

    /// <inheritdoc/>
    public unsafe void Step(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        OptimizerGuards.Lengths(Length, parameters, gradient);
        long t = StepCount + 1;
        T b1 = Beta1, b2 = Beta2, lr = _learningRate;
        // Bias corrections as PyTorch computes them: 1 − βᵗ, step size η / (1 − β₁ᵗ), √(1 − β₂ᵗ).
        T correction1 = T.One - T.Pow(b1, T.CreateChecked(t));
        var k = new Coefficients(b1, b2, T.One - b1, T.One - b2, Epsilon, lr / correction1,
            T.Sqrt(T.One - T.Pow(b2, T.CreateChecked(t))),
            DecoupledWeightDecay ? T.Zero : WeightDecay,
            DecoupledWeightDecay ? T.One - lr * WeightDecay : T.One);
        fixed (T* p = parameters) fixed (T* g = gradient) fixed (T* m = _m) fixed (T* v = _v)
        {
            int threads = RowPartition.ResolveThreads(_threads, nameof(Threads));
            if (threads > 1 && Length >= ParallelLength)
                RowPartition.Run((Length + ChunkLength - 1) / ChunkLength, threads, new Chunked((nint)p, (nint)g, (nint)m, (nint)v, Length, k),
                    static (s, c) => s.Run(c));
            else Update(p, g, m, v, Length, k);
        }
        StepCount = t;
    }

    /// <summary>The update of θ, g, m, v (addresses of the pinned spans, <c>Length</c> elements) in chunks of <see cref="ChunkLength"/>.</summary>
    private readonly record struct Chunked(nint Parameters, nint Gradient, nint M, nint V, int Length, Coefficients K)
    {
        /// <summary>Elements [c·ChunkLength, min(Length, (c + 1)·ChunkLength)).</summary>
        public unsafe void Run(int c)
        {
            int start = c * ChunkLength, count = Math.Min(ChunkLength, Length - start);
            Adam<T>.Update((T*)Parameters + start, (T*)Gradient + start, (T*)M + start, (T*)V + start, count, K);
        }
    }

    /// <summary>The Adam update of elements [0, n) of θ, g, m, v (see the class summary for the formula), on lanes of the one dispatcher's width.</summary>
    private static unsafe void Update(T* parameters, T* gradient, T* m, T* v, int n, in Coefficients k)
    {
        var op = new AdamUpdate((nint)parameters, (nint)gradient, (nint)m, (nint)v, double.CreateTruncating(k.Beta1), double.CreateTruncating(k.Beta2),
            double.CreateTruncating(k.OneMinusBeta1), double.CreateTruncating(k.OneMinusBeta2), double.CreateTruncating(k.Epsilon),
            double.CreateTruncating(k.StepSize), double.CreateTruncating(k.Correction2Sqrt), double.CreateTruncating(k.Coupled),
            double.CreateTruncating(k.Shrink), double.CreateTruncating(SmallestNormal));
        ElementLoop.Run<AdamUpdate, T>(ref op, n);
    }

    /// <inheritdoc/>
    public void Reset()
    {
        Array.Clear(_m);
        Array.Clear(_v);
        StepCount = 0;
    }
}
