namespace Kullback.Kernels;

/// <summary>m = max_c z_c over a float row of n ≥ Count elements, vectorised, with +∞/all −∞ detection and NaN detection
/// by its INaNMode: the max pass of <see cref="SoftmaxCrossEntropy"/> at one width (one implementation,
/// <see cref="SoftmaxCrossEntropy.Max{T, TV, L, TN}"/>).</summary>
internal static unsafe class RowMaxSimd
{
    public static RowFault Max<TV, TOps, TN>(float* z, int n, out float m) where TV : struct where TOps : ISimdFloat<TV> where TN : INaNMode
    {
        var fault = SoftmaxCrossEntropy.Max<float, TV, TOps, TN>(z, n, out double max);
        m = (float)max;
        return fault;
    }
}
