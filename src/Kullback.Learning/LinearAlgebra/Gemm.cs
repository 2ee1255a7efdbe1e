using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Kullback.Kernels;

namespace Kullback.Learning.LinearAlgebra;

/// <summary>
/// Single-precision matrix product C (m, n) ← op(A)·op(B) [+ C], with op(X) = X or Xᵀ, all row-major:
/// A is (m, k) or, transposed, stored (k, m); B is (k, n) or, transposed, stored (n, k).
/// Cache-blocked (panels of k ≤ 256 and m ≤ 96 rows of A packed contiguously; B read in place unless transposed),
/// one register-tiled FMA micro-kernel generic over the lane width (6 × 32 with AVX-512, 6 × 16 with AVX2, 6 × 8 with Vector128/NEON), split over threads by disjoint
/// blocks of C; narrow products (n ≤ 16, e.g. 10 logits) take an 8 × 16 kernel that packs nothing large. Every element of C
/// is summed over k in the same order whatever the thread count, so results are bit-identical for 1 or N threads.
/// </summary>
public static partial class Gemm
{
    private const int MR = 6;
    private const int KC = 256;
    private const int MC = 96;
    /// <summary>The lane width of the micro-kernel, from the one dispatcher (<see cref="SimdWidth"/>): the widest accelerated one.</summary>
    private static readonly VectorWidth Width = SimdWidth.For<float>(int.MaxValue);
    /// <summary>Columns of a register tile: two vectors (32 floats with AVX-512, 16 with AVX2, 8 with Vector128/NEON).</summary>
    private static readonly int NR = Width switch { VectorWidth.V512 => 32, VectorWidth.V256 => 16, _ => 8 };

    /// <summary>The micro-kernel at <see cref="Width"/> (scalar machines run the Vector128 form in software).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void MicroKernel(float* a, float* b, int ldb, int kc, float* c, int ldc, int mm, int nn, bool add)
    {
        if (Width == VectorWidth.V512) Kernel<Vector512<float>, FloatSimd512>(a, b, ldb, kc, c, ldc, mm, nn, add);
        else if (Width == VectorWidth.V256) Kernel<Vector256<float>, FloatSimd256>(a, b, ldb, kc, c, ldc, mm, nn, add);
        else Kernel<Vector128<float>, FloatSimd128>(a, b, ldb, kc, c, ldc, mm, nn, add);
    }

    /// <summary>Products smaller than this many multiply-adds run on the calling thread only.</summary>
    private const long ParallelThreshold = 1L << 20;

    /// <summary>Blocks of C per thread: more blocks than threads balance the work when cores are shared or busy.</summary>
    private const int PartsPerThread = 4;

    /// <summary>
    /// C (m, n) ← op(A)·op(B), or C ← C + op(A)·op(B) when <paramref name="accumulate"/>.
    /// Shapes: op(A) is (m, k); A is stored (m, k) or, when <paramref name="transposeA"/>, (k, m).
    /// op(B) is (k, n); B is stored (k, n) or, when <paramref name="transposeB"/>, (n, k).
    /// </summary>
    /// <param name="transposeA">Use Aᵀ.</param>
    /// <param name="transposeB">Use Bᵀ.</param>
    /// <param name="m">Rows of C, ≥ 0.</param>
    /// <param name="n">Columns of C, ≥ 0.</param>
    /// <param name="k">Inner dimension, ≥ 0.</param>
    /// <param name="a">A, row-major, exactly its stored size.</param>
    /// <param name="b">B, row-major, exactly its stored size.</param>
    /// <param name="c">C (m, n), row-major.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="threads">Maximum worker threads, ≥ 1.</param>
    /// <exception cref="ArgumentException">A span's length does not match its shape (the message names it).</exception>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate = false, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (a.Length != (long)m * k) throw new ArgumentException($"a.Length = {a.Length}, expected {m}×{k} = {(long)m * k}", nameof(a));
        if (b.Length != (long)k * n) throw new ArgumentException($"b.Length = {b.Length}, expected {k}×{n} = {(long)k * n}", nameof(b));
        if (c.Length != (long)m * n) throw new ArgumentException($"c.Length = {c.Length}, expected {m}×{n} = {(long)m * n}", nameof(c));
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate) c.Clear();
            return;
        }
        unsafe
        {
            fixed (float* pa = a)
            fixed (float* pb = b)
            fixed (float* pc = c)
            {
                if (n <= 16 && Width is VectorWidth.V512 or VectorWidth.V256)
                {
                    NarrowProduct(transposeA, transposeB, m, n, k, pa, pb, pc, accumulate, threads);
                    return;
                }
                var job = new Job(pa, pb, pc, m, n, k, transposeA, transposeB, accumulate);
                long work = (long)m * n * k;
                int parts = work < ParallelThreshold ? 1 : Math.Min(threads * PartsPerThread, Math.Max(1, Math.Max(m / MR, n / NR)));
                if (parts == 1) job.Run(0, 1);
                else Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads }, part => job.Run(part, parts));
            }
        }
    }

    /// <summary>
    /// Narrow products (n ≤ 16, e.g. logits of 10 classes): op(B) is copied once into k rows of 16 zero-padded lanes
    /// and each block of 8 rows of C accumulates Σₚ A(i, p)·B[p, :] in eight 16-lane registers, A read in place (no
    /// packing of the large operand). Blocks of rows go to threads; the path depends only on n, so results stay
    /// identical for any thread count.
    /// </summary>
    private static unsafe void NarrowProduct(bool transposeA, bool transposeB, int m, int n, int k, float* a, float* b, float* c,
        bool accumulate, int threads)
    {
        float[] rented = System.Buffers.ArrayPool<float>.Shared.Rent(k * 16);
        try
        {
            fixed (float* pb = rented)
            {
                for (int p = 0; p < k; p++)
                {
                    float* row = pb + p * 16;
                    for (int j = 0; j < n; j++) row[j] = transposeB ? b[(long)j * k + p] : b[(long)p * n + j];
                    for (int j = n; j < 16; j++) row[j] = 0f;
                }
                int blocks = (m + 7) / 8;
                // Narrow products are short: threads pay off only for large m (e.g. evaluating many rows at once).
                int parts = (long)m * n * k < 4 * ParallelThreshold ? 1 : Math.Min(threads * PartsPerThread, blocks);
                if (parts == 1)
                {
                    NarrowRows(transposeA, m, n, k, a, pb, c, accumulate, 0, m);
                    return;
                }
                nint a0 = (nint)a, b0 = (nint)pb, c0 = (nint)c;
                Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
                {
                    int begin = Math.Min(m, (int)((long)blocks * part / parts) * 8);
                    int end = Math.Min(m, (int)((long)blocks * (part + 1) / parts) * 8);
                    if (end > begin) NarrowRows(transposeA, m, n, k, (float*)a0, (float*)b0, (float*)c0, accumulate, begin, end);
                });
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Rows [rowBegin, rowEnd) of C ← [C +] op(A)·B with B packed as k rows of 16 lanes at <paramref name="pb"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void NarrowRows(bool transposeA, int m, int n, int k, float* a, float* pb, float* c, bool accumulate, int rowBegin, int rowEnd)
    {
        if (Width != VectorWidth.V512)
        {
            NarrowRows256(transposeA, m, n, k, a, pb, c, accumulate, rowBegin, rowEnd);
            return;
        }
        float* tile = stackalloc float[8 * 16];
        for (int i0 = rowBegin; i0 < rowEnd; i0 += 8)
        {
            int rows = Math.Min(8, rowEnd - i0);
            // Rows past the end repeat the last real row; their sums are discarded.
            int o1 = Math.Min(1, rows - 1), o2 = Math.Min(2, rows - 1), o3 = Math.Min(3, rows - 1);
            int o4 = Math.Min(4, rows - 1), o5 = Math.Min(5, rows - 1), o6 = Math.Min(6, rows - 1), o7 = Math.Min(7, rows - 1);
            Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
            if (transposeA)
            {
                float* col = a + i0;
                for (int p = 0; p < k; p++, col += m)
                {
                    var bv = Vector512.Load(pb + p * 16);
                    c0 = Vector512.FusedMultiplyAdd(Vector512.Create(col[0]), bv, c0);
                    c1 = Vector512.FusedMultiplyAdd(Vector512.Create(col[o1]), bv, c1);
                    c2 = Vector512.FusedMultiplyAdd(Vector512.Create(col[o2]), bv, c2);
                    c3 = Vector512.FusedMultiplyAdd(Vector512.Create(col[o3]), bv, c3);
                    c4 = Vector512.FusedMultiplyAdd(Vector512.Create(col[o4]), bv, c4);
                    c5 = Vector512.FusedMultiplyAdd(Vector512.Create(col[o5]), bv, c5);
                    c6 = Vector512.FusedMultiplyAdd(Vector512.Create(col[o6]), bv, c6);
                    c7 = Vector512.FusedMultiplyAdd(Vector512.Create(col[o7]), bv, c7);
                }
            }
            else
            {
                float* r0 = a + (long)i0 * k, r1 = r0 + (long)o1 * k, r2 = r0 + (long)o2 * k, r3 = r0 + (long)o3 * k;
                float* r4 = r0 + (long)o4 * k, r5 = r0 + (long)o5 * k, r6 = r0 + (long)o6 * k, r7 = r0 + (long)o7 * k;
                for (int p = 0; p < k; p++)
                {
                    var bv = Vector512.Load(pb + p * 16);
                    c0 = Vector512.FusedMultiplyAdd(Vector512.Create(r0[p]), bv, c0);
                    c1 = Vector512.FusedMultiplyAdd(Vector512.Create(r1[p]), bv, c1);
                    c2 = Vector512.FusedMultiplyAdd(Vector512.Create(r2[p]), bv, c2);
                    c3 = Vector512.FusedMultiplyAdd(Vector512.Create(r3[p]), bv, c3);
                    c4 = Vector512.FusedMultiplyAdd(Vector512.Create(r4[p]), bv, c4);
                    c5 = Vector512.FusedMultiplyAdd(Vector512.Create(r5[p]), bv, c5);
                    c6 = Vector512.FusedMultiplyAdd(Vector512.Create(r6[p]), bv, c6);
                    c7 = Vector512.FusedMultiplyAdd(Vector512.Create(r7[p]), bv, c7);
                }
            }
            c0.Store(tile); c1.Store(tile + 16); c2.Store(tile + 32); c3.Store(tile + 48);
            c4.Store(tile + 64); c5.Store(tile + 80); c6.Store(tile + 96); c7.Store(tile + 112);
            StoreEdge(tile, 16, c + (long)i0 * n, n, rows, n, accumulate);
        }
    }

    /// <summary>
    /// <see cref="NarrowRows"/> with 8-lane registers: blocks of 4 rows (two registers per row fit the 16 ymm registers),
    /// and k summed in panels of <see cref="KC"/>, each panel's sum added to C, in the order of the blocked
    /// <see cref="Kernel{TV, TOps}"/> path, so AVX2 results do not depend on which of the two paths a product takes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static unsafe void NarrowRows256(bool transposeA, int m, int n, int k, float* a, float* pb, float* c, bool accumulate, int rowBegin, int rowEnd)
    {
        float* tile = stackalloc float[4 * 16];
        // Element (row i, p) of op(A) lies at a[i·k + p], or a[p·m + i] when transposed.
        long rowStride = transposeA ? 1 : k, step = transposeA ? m : 1;
        for (int i0 = rowBegin; i0 < rowEnd; i0 += 4)
        {
            int rows = Math.Min(4, rowEnd - i0);
            // Rows past the end repeat the last real row; their sums are discarded.
            float* a0 = a + i0 * rowStride, a1 = a0 + Math.Min(1, rows - 1) * rowStride;
            float* a2 = a0 + Math.Min(2, rows - 1) * rowStride, a3 = a0 + Math.Min(3, rows - 1) * rowStride;
            for (int p0 = 0; p0 < k; p0 += KC)
            {
                int p1 = Math.Min(k, p0 + KC);
                Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
                Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
                for (int p = p0; p < p1; p++)
                {
                    long at = p * step;
                    var b0 = Vector256.Load(pb + p * 16);
                    var b1 = Vector256.Load(pb + p * 16 + 8);
                    var x = Vector256.Create(a0[at]); c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
                    x = Vector256.Create(a1[at]); c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
                    x = Vector256.Create(a2[at]); c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
                    x = Vector256.Create(a3[at]); c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
                }
                c00.Store(tile); c01.Store(tile + 8); c10.Store(tile + 16); c11.Store(tile + 24);
                c20.Store(tile + 32); c21.Store(tile + 40); c30.Store(tile + 48); c31.Store(tile + 56);
                StoreEdge(tile, 16, c + (long)i0 * n, n, rows, n, accumulate || p0 > 0);
            }
        }
    }

    /// <summary>One product, split into <c>parts</c> disjoint blocks of C along its longer dimension.</summary>
    private readonly unsafe struct Job(float* a, float* b, float* c, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
    {
        private readonly float* _a = a, _b = b, _c = c;

        public void Run(int part, int parts)
        {
            int nr = NR;
            int rowBegin = 0, rowEnd = m, colBegin = 0, colEnd = n;
            if (parts > 1)
            {
                // Split the dimension with more register tiles; boundaries fall on tile edges.
                if ((n + nr - 1) / nr >= (m + MR - 1) / MR)
                    (colBegin, colEnd) = Range((n + nr - 1) / nr, part, parts, nr, n);
                else
                    (rowBegin, rowEnd) = Range((m + MR - 1) / MR, part, parts, MR, m);
            }
            int cols = colEnd - colBegin;
            if (cols <= 0 || rowEnd <= rowBegin) return;
            int panelsB = (cols + nr - 1) / nr;
            int kc0 = Math.Min(KC, k);
            float[] packedB = System.Buffers.ArrayPool<float>.Shared.Rent(panelsB * nr * kc0);
            float[] packedA = System.Buffers.ArrayPool<float>.Shared.Rent(MC * kc0);
            try
            {
                fixed (float* pB = packedB)
                fixed (float* pA = packedA)
                {
                    for (int p0 = 0; p0 < k; p0 += KC)
                    {
                        int kc = Math.Min(KC, k - p0);
                        bool add = accumulate || p0 > 0;
                        // A stored B (k, n) is read in place for full-width panels (row p of the panel at stride n);
                        // only transposed B and a ragged last panel are packed.
                        bool direct = !transposeB;
                        if (!direct) PackB(pB, p0, kc, colBegin, cols, nr);
                        else if (cols % nr != 0) PackB(pB + (cols / nr) * nr * kc, p0, kc, colBegin + (cols / nr) * nr, cols % nr, nr);
                        for (int i0 = rowBegin; i0 < rowEnd; i0 += MC)
                        {
                            int mc = Math.Min(MC, rowEnd - i0);
                            PackA(pA, i0, mc, p0, kc);
                            for (int jp = 0; jp < panelsB; jp++)
                            {
                                int j = colBegin + jp * nr;
                                int nn = Math.Min(nr, colEnd - j);
                                for (int ip = 0; ip < mc; ip += MR)
                                {
                                    int mm = Math.Min(MR, mc - ip);
                                    float* cTile = _c + (long)(i0 + ip) * n + j;
                                    bool inPlace = direct && nn == nr;
                                    float* panel = inPlace ? _b + (long)p0 * n + j : pB + jp * nr * kc;
                                    int stride = inPlace ? n : nr;
                                    MicroKernel(pA + ip * kc, panel, stride, kc, cTile, n, mm, nn, add);
                                }
                            }
                        }
                    }
                }
            }
            finally
            {
                System.Buffers.ArrayPool<float>.Shared.Return(packedB);
                System.Buffers.ArrayPool<float>.Shared.Return(packedA);
            }
        }

        private static (int Begin, int End) Range(int tiles, int part, int parts, int tile, int limit)
        {
            int begin = (int)((long)tiles * part / parts) * tile;
            int end = (int)((long)tiles * (part + 1) / parts) * tile;
            return (Math.Min(begin, limit), Math.Min(end, limit));
        }

        /// <summary>Packs op(A)[i0 … i0+mc, p0 … p0+kc] as MR-row slivers: sliver s holds, for each p, its MR values.</summary>
        private void PackA(float* dst, int i0, int mc, int p0, int kc)
        {
            if (transposeA)
            {
                // A is stored (k, m): walk each stored row once, contiguously, scattering into the slivers.
                for (int p = 0; p < kc; p++)
                {
                    float* src = _a + (long)(p0 + p) * m + i0;
                    for (int s = 0; s < mc; s += MR)
                    {
                        int rows = Math.Min(MR, mc - s);
                        float* cell = dst + s * kc + p * MR;
                        for (int r = 0; r < rows; r++) cell[r] = src[s + r];
                        for (int r = rows; r < MR; r++) cell[r] = 0f;
                    }
                }
                return;
            }
            for (int s = 0; s < mc; s += MR)
            {
                int rows = Math.Min(MR, mc - s);
                float* sliver = dst + s * kc;
                for (int r = 0; r < rows; r++)
                {
                    float* src = _a + (long)(i0 + s + r) * k + p0;
                    for (int p = 0; p < kc; p++) sliver[p * MR + r] = src[p];
                }
                if (rows < MR)
                    for (int p = 0; p < kc; p++)
                        for (int r = rows; r < MR; r++) sliver[p * MR + r] = 0f;
            }
        }

        /// <summary>Packs op(B)[p0 … p0+kc, j0 … j0+cols] as NR-column panels: panel q holds, for each p, its NR values.</summary>
        private void PackB(float* dst, int p0, int kc, int j0, int cols, int nr)
        {
            for (int q = 0; q < cols; q += nr)
            {
                int width = Math.Min(nr, cols - q);
                float* panel = dst + q * kc;
                if (!transposeB)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* src = _b + (long)(p0 + p) * n + j0 + q;
                        float* row = panel + p * nr;
                        if (width == nr) new ReadOnlySpan<float>(src, nr).CopyTo(new Span<float>(row, nr));
                        else
                        {
                            for (int j = 0; j < width; j++) row[j] = src[j];
                            for (int j = width; j < nr; j++) row[j] = 0f;
                        }
                    }
                }
                else
                {
                    for (int j = 0; j < width; j++)
                    {
                        float* src = _b + (long)(j0 + q + j) * k + p0;
                        for (int p = 0; p < kc; p++) panel[p * nr + j] = src[p];
                    }
                    for (int j = width; j < nr; j++)
                        for (int p = 0; p < kc; p++) panel[p * nr + j] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// The one micro-kernel, generic over the lane width (TOps.Count = 16, 8 or 4 floats: AVX-512, AVX2, Vector128 —
    /// NEON on ARM64): C tile (mm ≤ MR = 6, nn ≤ NR = 2·Count) ← [C +] Σₚ a[p, 0…5] ⊗ b[p, 0…NR−1], reading the packed
    /// A sliver (MR values per p) and a B panel at stride ldb, with two FMA columns per row: 12 accumulators, two B
    /// vectors and one broadcast, which fits the 16 registers of AVX2/SSE as well as the 32 of AVX-512 and NEON.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static unsafe void Kernel<TV, TOps>(float* a, float* b, int ldb, int kc, float* c, int ldc, int mm, int nn, bool add)
        where TV : struct where TOps : ISimdFloat<TV>
    {
        int w = TOps.Count;
        TV zero = TOps.Broadcast(0f);
        TV c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero;
        TV c30 = zero, c31 = zero, c40 = zero, c41 = zero, c50 = zero, c51 = zero;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TOps.Load(b), b1 = TOps.Load(b + w);
            TV x = TOps.Broadcast(a[0]); c00 = TOps.MultiplyAdd(x, b0, c00); c01 = TOps.MultiplyAdd(x, b1, c01);
            x = TOps.Broadcast(a[1]); c10 = TOps.MultiplyAdd(x, b0, c10); c11 = TOps.MultiplyAdd(x, b1, c11);
            x = TOps.Broadcast(a[2]); c20 = TOps.MultiplyAdd(x, b0, c20); c21 = TOps.MultiplyAdd(x, b1, c21);
            x = TOps.Broadcast(a[3]); c30 = TOps.MultiplyAdd(x, b0, c30); c31 = TOps.MultiplyAdd(x, b1, c31);
            x = TOps.Broadcast(a[4]); c40 = TOps.MultiplyAdd(x, b0, c40); c41 = TOps.MultiplyAdd(x, b1, c41);
            x = TOps.Broadcast(a[5]); c50 = TOps.MultiplyAdd(x, b0, c50); c51 = TOps.MultiplyAdd(x, b1, c51);
            a += MR;
            b += ldb;
        }
        int nr = 2 * w;
        if (mm == MR && nn == nr)
        {
            Store(c, add, c00, c01, w); Store(c + ldc, add, c10, c11, w); Store(c + 2 * ldc, add, c20, c21, w);
            Store(c + 3 * ldc, add, c30, c31, w); Store(c + 4 * ldc, add, c40, c41, w); Store(c + 5 * ldc, add, c50, c51, w);
            return;
        }
        float* tile = stackalloc float[MR * 32];
        TOps.Store(tile, c00); TOps.Store(tile + w, c01); TOps.Store(tile + nr, c10); TOps.Store(tile + nr + w, c11);
        TOps.Store(tile + 2 * nr, c20); TOps.Store(tile + 2 * nr + w, c21); TOps.Store(tile + 3 * nr, c30); TOps.Store(tile + 3 * nr + w, c31);
        TOps.Store(tile + 4 * nr, c40); TOps.Store(tile + 4 * nr + w, c41); TOps.Store(tile + 5 * nr, c50); TOps.Store(tile + 5 * nr + w, c51);
        StoreEdge(tile, nr, c, ldc, mm, nn, add);

        static void Store(float* row, bool add, TV v0, TV v1, int w)
        {
            if (add) { v0 = TOps.Add(v0, TOps.Load(row)); v1 = TOps.Add(v1, TOps.Load(row + w)); }
            TOps.Store(row, v0);
            TOps.Store(row + w, v1);
        }
    }

    private static unsafe void StoreEdge(float* tile, int width, float* c, int ldc, int mm, int nn, bool add)
    {
        for (int r = 0; r < mm; r++)
        {
            float* row = c + (long)r * ldc;
            float* t = tile + r * width;
            if (add) for (int j = 0; j < nn; j++) row[j] += t[j];
            else for (int j = 0; j < nn; j++) row[j] = t[j];
        }
    }
}
