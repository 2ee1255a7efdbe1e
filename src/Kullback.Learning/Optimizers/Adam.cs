using System.Numerics;
using System.Runtime.Intrinsics;

namespace Kullback.Learning.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba 2015), step for step the same as <c>torch.optim.Adam</c> (or <c>torch.optim.AdamW</c> when
/// the weight decay is decoupled). With step t, gradient g and d = g + λ·θ (coupled L2) or d = g (decoupled):
/// m ← β₁·m + (1 − β₁)·d;  v ← β₂·v + (1 − β₂)·d²;
/// θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε);  decoupled decay first does θ ← θ·(1 − η·λ).
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

    /// <inheritdoc/>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        OptimizerGuards.Lengths(Length, parameters, gradient);
        long t = StepCount + 1;
        T b1 = Beta1, b2 = Beta2, eps = Epsilon, lr = _learningRate;
        // Bias corrections as PyTorch computes them: 1 − βᵗ, step size η / (1 − β₁ᵗ), √(1 − β₂ᵗ).
        T correction1 = T.One - T.Pow(b1, T.CreateChecked(t));
        T correction2Sqrt = T.Sqrt(T.One - T.Pow(b2, T.CreateChecked(t)));
        T stepSize = lr / correction1;
        T coupled = DecoupledWeightDecay ? T.Zero : WeightDecay;
        T shrink = DecoupledWeightDecay ? T.One - lr * WeightDecay : T.One;
        T c1 = T.One - b1, c2 = T.One - b2;
        Span<T> m = _m, v = _v;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            Vector512<T> vb1 = Vector512.Create(b1), vb2 = Vector512.Create(b2), vc1 = Vector512.Create(c1), vc2 = Vector512.Create(c2);
            Vector512<T> veps = Vector512.Create(eps), vstep = Vector512.Create(stepSize), vcorr2 = Vector512.Create(correction2Sqrt);
            Vector512<T> vwd = Vector512.Create(coupled), vshrink = Vector512.Create(shrink);
            for (; i <= Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var p = Vector512.Create((ReadOnlySpan<T>)parameters[i..]);
                var d = Vector512.Create(gradient[i..]) + vwd * p;
                var mi = vb1 * Vector512.Create((ReadOnlySpan<T>)m[i..]) + vc1 * d;
                var vi = vb2 * Vector512.Create((ReadOnlySpan<T>)v[i..]) + vc2 * (d * d);
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                var denominator = Vector512.Sqrt(vi) / vcorr2 + veps;
                (p * vshrink - vstep * (mi / denominator)).CopyTo(parameters[i..]);
            }
        }
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            Vector<T> vb1 = new(b1), vb2 = new(b2), vc1 = new(c1), vc2 = new(c2), veps = new(eps);
            Vector<T> vstep = new(stepSize), vcorr2 = new(correction2Sqrt), vwd = new(coupled), vshrink = new(shrink);
            for (; i <= Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var p = new Vector<T>(parameters[i..]);
                var d = new Vector<T>(gradient[i..]) + vwd * p;
                var mi = vb1 * new Vector<T>(m[i..]) + vc1 * d;
                var vi = vb2 * new Vector<T>(v[i..]) + vc2 * (d * d);
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                var denominator = Vector.SquareRoot(vi) / vcorr2 + veps;
                (p * vshrink - vstep * (mi / denominator)).CopyTo(parameters[i..]);
            }
        }
        for (; i < Length; i++)
        {
            T p = parameters[i];
            T d = gradient[i] + coupled * p;
            T mi = b1 * m[i] + c1 * d;
            T vi = b2 * v[i] + c2 * (d * d);
            m[i] = mi;
            v[i] = vi;
            T denominator = T.Sqrt(vi) / correction2Sqrt + eps;
            parameters[i] = p * shrink - stepSize * (mi / denominator);
        }
        StepCount = t;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        Array.Clear(_m);
        Array.Clear(_v);
        StepCount = 0;
    }
}
