using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Kullback.Kernels;

/// <summary>
/// Software prefetch, the one home of it: a row kernel that walks the rows of a matrix asks for the cache line of the
/// next row while it computes on this one, so that the next row's first pass (its max) reads from cache instead of
/// waiting on memory. A hint only: it never faults (addresses past the end of the matrix are fine) and changes no
/// result. x86 (SSE <c>prefetcht0</c>) only; elsewhere (ARM64) it does nothing and the hardware prefetcher works alone.
/// It is cheap only on pages already mapped: a prefetch into a file mapping's page that was never touched costs a failed
/// page walk each time on some machines (a Zen 1 EPYC under KVM: compare --logits 2.1× slower), so the file readers that
/// hand out rows straight from a mapping touch those rows and the next one first (Kullback.Data's MappedView.Touch).
/// </summary>
internal static unsafe class CacheHint
{
    /// <summary>Asks for the cache line holding <paramref name="p"/> into all cache levels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(void* p)
    {
        if (Sse.IsSupported) Sse.Prefetch0(p);
    }

    /// <summary>Asks for the cache lines of the <paramref name="count"/> elements at <paramref name="p"/>, for a loop that steps
    /// by <paramref name="count"/> elements (a span of at most two lines, 128 bytes). A span of at most one line takes one
    /// prefetch of its first element: the loop's steps are then at most 64 bytes apart, so every line holds the start of one
    /// of them. A longer span also asks for its last element's line. (At AVX2 and Vector128 the second hint of a 32- or
    /// 16-byte step was the same line again, two instructions and their address arithmetic per step for nothing.)</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch<T>(T* p, int count) where T : unmanaged
    {
        if (!Sse.IsSupported) return;
        Sse.Prefetch0(p);
        if (count * sizeof(T) > 64) Sse.Prefetch0(p + count - 1);
    }
}
