using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Learning.Optimizers;

/// <summary>
/// Stochastic gradient descent with heavy-ball momentum and L2 weight decay, step for step the same as
/// <c>torch.optim.SGD(momentum=μ, weight_decay=λ, dampening=0, nesterov=…)</c>:
/// d = g + λ·θ;  b ← d on the first step, else b ← μ·b + d;  θ ← θ − η·(Nesterov ? d + μ·b : b).
/// Without momentum (μ = 0): θ ← θ − η·d. One deliberate difference: a buffer entry below the smallest normal
/// number is stored as 0 (no subnormals).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Sgd<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _velocity;

    /// <summary>The smallest normal number of T: a momentum buffer entry below it is stored as 0 (no slow subnormals).</summary>
    private static readonly T SmallestNormal = typeof(T) == typeof(float)
        ? T.CreateTruncating(BitConverter.Int32BitsToSingle(0x0080_0000))
        : T.CreateTruncating(BitConverter.Int64BitsToDouble(0x0010_0000_0000_0000));
    private T _learningRate;

    /// <summary>Creates SGD for <paramref name="length"/> parameters.</summary>
    /// <param name="length">Number of parameters, ≥ 0.</param>
    /// <param name="learningRate">η &gt; 0.</param>
    /// <param name="momentum">μ ∈ [0, 1); 0 turns momentum off.</param>
    /// <param name="weightDecay">λ ≥ 0, the L2 coefficient added to the gradient: g + λ·θ.</param>
    /// <param name="nesterov">Nesterov momentum: the step uses d + μ·b instead of b (needs μ &gt; 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is outside its range.</exception>
    public Sgd(int length, T learningRate, T momentum = default, T weightDecay = default, bool nesterov = false)
    {
        OptimizerGuards.Length(length);
        _learningRate = OptimizerGuards.Positive(learningRate, nameof(learningRate));
        Momentum = OptimizerGuards.UnitInterval(momentum, nameof(momentum));
        WeightDecay = OptimizerGuards.NonNegative(weightDecay, nameof(weightDecay));
        if (nesterov && Momentum == T.Zero)
            throw new ArgumentOutOfRangeException(nameof(nesterov), "Nesterov momentum needs momentum > 0");
        Nesterov = nesterov;
        _velocity = Momentum == T.Zero ? [] : new T[length];
        Length = length;
    }

    /// <inheritdoc/>
    public int Length { get; }

    /// <inheritdoc/>
    public T LearningRate { get => _learningRate; set => _learningRate = OptimizerGuards.Positive(value, nameof(LearningRate)); }

    /// <summary>Momentum μ.</summary>
    public T Momentum { get; }

    /// <summary>L2 weight decay λ (added to the gradient as λ·θ).</summary>
    public T WeightDecay { get; }

    /// <summary>Whether the step uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    public long StepCount { get; private set; }

    /// <inheritdoc/>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        OptimizerGuards.Lengths(Length, parameters, gradient);
        T lr = _learningRate, mu = Momentum, wd = WeightDecay;
        bool first = StepCount == 0;
        unsafe
        {
            fixed (T* p = parameters) fixed (T* g = gradient) fixed (T* b = _velocity)
            {
                var op = new SgdUpdate((nint)p, (nint)g, (nint)b, double.CreateTruncating(lr), double.CreateTruncating(mu), double.CreateTruncating(wd),
                    double.CreateTruncating(SmallestNormal), mu != T.Zero, first, Nesterov);
                ElementLoop.Run<SgdUpdate, T>(ref op, Length);
            }
        }
        StepCount++;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        Array.Clear(_velocity);
        StepCount = 0;
    }
}
