namespace Kullback.Kernels;

/// <summary>
/// The float vector lanes of one width (<see cref="FloatSimd512"/>, <see cref="FloatSimd256"/>, <see cref="FloatSimd128"/>):
/// the operations every row kernel shares (<see cref="IRowLanes{T, TV}"/>, over float elements) and those only float vectors
/// need, so each kernel is written once, generic over the width; the JIT specialises every call.
/// </summary>
/// <typeparam name="TV">The vector type (Vector512, Vector256 or Vector128 of float).</typeparam>
internal unsafe interface ISimdFloat<TV> : IRowLanes<float, TV> where TV : struct
{
    /// <summary>Whether this width runs in hardware here.</summary>
    static abstract bool IsSupported { get; }
    /// <summary>x in every lane.</summary>
    static abstract TV Broadcast(float x);
    /// <summary>min(a, b) as the hardware does it.</summary>
    static abstract TV Min(TV a, TV b);
    /// <summary>The smallest lane (widened to double).</summary>
    static abstract double MinAcross(TV v);
    /// <summary>a / b (IEEE, correctly rounded).</summary>
    static abstract TV Divide(TV a, TV b);
    /// <summary>√x (IEEE, correctly rounded).</summary>
    static abstract TV Sqrt(TV x);
    /// <summary>All bits set in lanes where a ≥ b (false for NaN).</summary>
    static abstract TV GreaterOrEqualMask(TV a, TV b);
    /// <summary>All bits set in lanes where a &gt; b (false for NaN).</summary>
    static abstract TV GreaterMask(TV a, TV b);
    /// <summary>|x|.</summary>
    static abstract TV Abs(TV x);
    /// <summary>x rounded to the nearest integer, ties to even.</summary>
    static abstract TV Round(TV x);
    /// <summary>All bits set in lanes where a &lt; b (false for NaN).</summary>
    static abstract TV LessMask(TV a, TV b);
    /// <summary>x &amp; ~mask.</summary>
    static abstract TV AndNot(TV x, TV mask);
    /// <summary>x·2ⁿ for integer-valued n in [−126, 127], where <paramref name="shifted"/> = n + <see cref="FloatExp.Shifter"/>
    /// holds n + 127 in its low mantissa bits (vscalefps of n on AVX-512; those bits shifted into the exponent otherwise).
    /// Lanes with n outside the range are garbage: the caller masks them.</summary>
    static abstract TV ScaleByPowerOfTwo(TV x, TV n, TV shifted);
}
