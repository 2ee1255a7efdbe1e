namespace Kullback.Kernels;

/// <summary>
/// The vector operations the fused float row kernels need, implemented once per width (<see cref="FloatSimd512"/>, <see cref="FloatSimd128"/>,
/// <see cref="FloatSimd256"/>) so each kernel is written once, generic over the width; the JIT specialises every call.
/// </summary>
/// <typeparam name="TV">The vector type (Vector512, Vector256 or Vector128 of float).</typeparam>
internal unsafe interface ISimdFloat<TV> where TV : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }
    /// <summary>Whether this width runs in hardware here.</summary>
    static abstract bool IsSupported { get; }
    /// <summary>Loads Count floats (unaligned).</summary>
    static abstract TV Load(float* p);
    /// <summary>Stores Count floats (unaligned).</summary>
    static abstract void Store(float* p, TV v);
    /// <summary>x in every lane.</summary>
    static abstract TV Broadcast(float x);
    /// <summary>a + b.</summary>
    static abstract TV Add(TV a, TV b);
    /// <summary>a − b.</summary>
    static abstract TV Subtract(TV a, TV b);
    /// <summary>a · b.</summary>
    static abstract TV Multiply(TV a, TV b);
    /// <summary>a · b + c (fused).</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
    /// <summary>max(a, b) as the hardware does it (NaN is detected separately).</summary>
    static abstract TV Max(TV a, TV b);
    /// <summary>eˣ to about 2 ulp; exactly +0 below −87.3 (so e^−∞ = 0); arguments must be ≤ 88.</summary>
    static abstract TV Exp(TV x);
    /// <summary>log x (x &gt; 0).</summary>
    static abstract TV Log(TV x);
    /// <summary>selector == 0 ? 0 : value, lane by lane (0·anything = 0, even 0·∞).</summary>
    static abstract TV ZeroWhereZero(TV selector, TV value);
    /// <summary>All bits set in lanes where x is NaN.</summary>
    static abstract TV NaNMask(TV x);
    /// <summary>All bits set in lanes where x &lt; 0 or x is NaN.</summary>
    static abstract TV NegativeOrNaNMask(TV x);
    /// <summary>Bitwise a | b.</summary>
    static abstract TV Or(TV a, TV b);
    /// <summary>Lanes of x where the mask is set, 0 elsewhere.</summary>
    static abstract TV Keep(TV mask, TV x);
    /// <summary>A mask with the last <paramref name="lanes"/> lanes set (for an overlapping tail vector).</summary>
    static abstract TV LastLanes(int lanes);
    /// <summary>Whether any bit is set.</summary>
    static abstract bool AnyBitSet(TV mask);
    /// <summary>min(a, b) as the hardware does it.</summary>
    static abstract TV Min(TV a, TV b);
    /// <summary>The smallest lane.</summary>
    static abstract float MinAcross(TV v);
    /// <summary>The largest lane.</summary>
    static abstract float MaxAcross(TV v);
    /// <summary>The sum of the lanes, widened to double.</summary>
    static abstract double SumAcross(TV v);
}
