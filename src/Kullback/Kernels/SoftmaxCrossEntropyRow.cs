using System.Numerics;

namespace Kullback.Kernels;

/// <summary>Scalar row helpers shared by the logit-row kernels (the softmax cross-entropy itself is <see cref="SoftmaxCrossEntropy"/>).</summary>
internal static unsafe class SoftmaxCrossEntropyRow
{
    /// <summary>m = max_c z_c in double, or a fault when a logit is NaN or +∞ or all are −∞ (the scalar form of
    /// <see cref="SoftmaxCrossEntropy.Max{T, TV, L}"/>).</summary>
    public static RowFault Max<T>(T* z, int cols, out double m) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        SoftmaxCrossEntropy.Max<T, double, DoubleLanes<T>>(z, cols, out m);
}
