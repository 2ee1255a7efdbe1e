namespace Kullback.Kernels;

/// <summary>m = max_c z_c over a float row of n ≥ Count elements, vectorised, with NaN/+∞/all −∞ detection: the max pass
/// of <see cref="SoftmaxCrossEntropy"/> at one width (one implementation, <see cref="SoftmaxCrossEntropy.Max{T, TV, L}"/>).</summary>
internal static unsafe class RowMaxSimd
{
    public static RowFault Max<TV, TOps>(float* z, int n, out float m) where TV : struct where TOps : ISimdFloat<TV>
    {
        var fault = SoftmaxCrossEntropy.Max<float, TV, TOps>(z, n, out double max);
        m = (float)max;
        return fault;
    }
}
