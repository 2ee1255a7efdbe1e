using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kullback.Kernels;

/// <summary>
/// The one width dispatcher of the vector kernels: the widest of Vector512, Vector256 and Vector128 that the hardware
/// accelerates and that a run of <c>length</c> elements fills with at least <c>blocks</c> whole vectors; scalar
/// otherwise. Every kernel asks here (no other threshold exists), so what a given machine and DOTNET_Enable* level
/// runs is decided in one place; results are bit-identical for a given width.
/// </summary>
internal static class SimdWidth
{
    /// <summary>Whether <paramref name="width"/> runs in hardware here (<see cref="VectorWidth.Scalar"/> always does).</summary>
    public static bool IsAccelerated(VectorWidth width) => width switch
    {
        VectorWidth.V512 => Vector512.IsHardwareAccelerated,
        VectorWidth.V256 => Vector256.IsHardwareAccelerated,
        VectorWidth.V128 => Vector128.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary>The widest accelerated width whose vectors of <typeparamref name="T"/> fit <paramref name="blocks"/> times in <paramref name="length"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorWidth For<T>(int length, int blocks = 1)
    {
        if (Vector512.IsHardwareAccelerated && length >= blocks * Vector512<T>.Count) return VectorWidth.V512;
        if (Vector256.IsHardwareAccelerated && length >= blocks * Vector256<T>.Count) return VectorWidth.V256;
        if (Vector128.IsHardwareAccelerated && length >= blocks * Vector128<T>.Count) return VectorWidth.V128;
        return VectorWidth.Scalar;
    }

    /// <summary><paramref name="width"/> as asked, or the dispatcher's choice for <see cref="VectorWidth.Best"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorWidth Resolve<T>(VectorWidth width, int length, int blocks = 1) =>
        width == VectorWidth.Best ? For<T>(length, blocks) : width;
}
