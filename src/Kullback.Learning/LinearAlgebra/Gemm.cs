using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Kullback.Kernels;

namespace Kullback.Learning.LinearAlgebra;

/// <summary>
/// Single-precision matrix product C (m, n) ← op(A)·op(B) [+ C], with op(X) = X or Xᵀ, all row-major:
/// A is (m, k) or, transposed, stored (k, m); B is (k, n) or, transposed, stored (n, k).
/// Cache-blocked (panels of k ≤ 256 and m ≤ 96 rows of A packed contiguously; B read in place unless transposed),
/// one register-tiled FMA micro-kernel generic over the lane width and the tile, the tile chosen by the register count (6 × 64 with AVX-512 and 6 × 16 with NEON — 32 registers; 6 × 16 with AVX2 and 6 × 8 with SSE/AVX — 16 registers; see <see cref="Tiling"/>), split over threads by disjoint
/// blocks of C; narrow products (n ≤ 16, e.g. 10 logits) take a kernel of 8 accumulators, generic over the width, that packs nothing large. Every element of C
/// is summed over k in the same order whatever the thread count, so results are bit-identical for 1 or N threads.
/// </summary>
public static partial class Gemm
{
    private const int MR = 6;
    private const int KC = 256;
    private const int MC = 96;

    /// <summary>
    /// A register tile: MR = 6 rows × <see cref="Vectors"/> vectors of <see cref="Width"/>. Two vectors (12 accumulators,
    /// two B vectors and a broadcast: 15 registers) where the ISA has 16 vector registers (AVX2, SSE/AVX without
    /// AVX-512); four (24 + 4 + 1 = 29) where it has 32 (NEON on ARM64, AVX-512).
    /// </summary>
    internal readonly record struct Tiling(VectorWidth Width, int Vectors)
    {
        /// <summary>Columns of the tile.</summary>
        public int Columns => Vectors * (Width switch { VectorWidth.V512 => 16, VectorWidth.V256 => 8, _ => 4 });
    }

    /// <summary>
    /// This machine's tile: the lane width from the one dispatcher (<see cref="SimdWidth"/>; scalar machines run the
    /// Vector128 form in software) and the vectors per row from its register count.
    /// </summary>
    internal static readonly Tiling Native = ChooseTiling();

    private static Tiling ChooseTiling()
    {
        var width = SimdWidth.For<float>(int.MaxValue);
        if (width == VectorWidth.Scalar) width = VectorWidth.V128;
        bool registers32 = System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported || width == VectorWidth.V512;
        return new Tiling(width, registers32 ? 4 : 2);
    }

    /// <summary>The micro-kernel of <paramref name="tiling"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void MicroKernel(Tiling tiling, float* a, float* b, int ldb, int kc, float* c, int ldc, int mm, int nn, bool add)
    {
        bool four = tiling.Vectors == 4;
        switch (tiling.Width)
        {
            case VectorWidth.V512 when four: Kernel<Vector512<float>, FloatSimd512, FourVectors>(a, b, ldb, kc, c, ldc, mm, nn, add); break;
            case VectorWidth.V512: Kernel<Vector512<float>, FloatSimd512, TwoVectors>(a, b, ldb, kc, c, ldc, mm, nn, add); break;
            case VectorWidth.V256 when four: Kernel<Vector256<float>, FloatSimd256, FourVectors>(a, b, ldb, kc, c, ldc, mm, nn, add); break;
            case VectorWidth.V256: Kernel<Vector256<float>, FloatSimd256, TwoVectors>(a, b, ldb, kc, c, ldc, mm, nn, add); break;
            case VectorWidth.V128 when four: Kernel<Vector128<float>, FloatSimd128, FourVectors>(a, b, ldb, kc, c, ldc, mm, nn, add); break;
            default: Kernel<Vector128<float>, FloatSimd128, TwoVectors>(a, b, ldb, kc, c, ldc, mm, nn, add); break;
        }
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
    /// <param name="threads">Worker threads, in the library's one convention: T ≥ 1 runs on up to T threads (1 = the calling thread), −1 on every processor.</param>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative; threads is 0 or below −1.</exception>
    /// <exception cref="ArgumentException">A span's length does not match its shape (the message names it).</exception>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate = false, int threads = 1) =>
        Multiply(transposeA, transposeB, m, n, k, a, b, c, accumulate, threads, Native);

    /// <summary><see cref="Multiply(bool, bool, int, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, bool, int)"/> on a named tile (tests run every width and tile; the width must be accelerated or Vector128).</summary>
    internal static void Multiply(bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate, int threads, Tiling tiling)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        threads = RowPartition.ResolveThreads(threads, nameof(threads));
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
                if (n <= 16)
                {
                    NarrowProduct(transposeA, transposeB, m, n, k, pa, pb, pc, accumulate, threads, tiling.Width);
                    return;
                }
                var job = new Job(pa, pb, pc, m, n, k, transposeA, transposeB, accumulate, tiling);
                long work = (long)m * n * k;
                int parts = work < ParallelThreshold ? 1 : Math.Min(threads * PartsPerThread, Math.Max(1, Math.Max(m / MR, n / tiling.Columns)));
                RowPartition.Run(parts, threads, (job, parts), static (s, part) => s.job.Run(part, s.parts));
            }
        }
    }

    /// <summary>
    /// Narrow products (n ≤ 16, e.g. logits of 10 classes): op(B) is copied once into k rows of 16 zero-padded lanes
    /// and each block of rows of C accumulates Σₚ A(i, p)·B[p, :] in eight registers (<see cref="NarrowRows{TV, TOps}"/>),
    /// A read in place (no packing of the large operand). Blocks of 8 rows go to threads; the path depends only on n,
    /// so results stay identical for any thread count.
    /// </summary>
    private static unsafe void NarrowProduct(bool transposeA, bool transposeB, int m, int n, int k, float* a, float* b, float* c,
        bool accumulate, int threads, VectorWidth width)
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
                    NarrowRows(transposeA, m, n, k, a, pb, c, accumulate, 0, m, width);
                    return;
                }
                RowPartition.Run(parts, threads, new NarrowJob((nint)a, (nint)pb, (nint)c, m, n, k, transposeA, accumulate, blocks, parts, width),
                    static (s, part) => s.Run(part));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>One narrow product split into <c>Parts</c> runs of whole 8-row blocks of C (of <c>Blocks</c>); A, packed B and C by address.</summary>
    private readonly record struct NarrowJob(nint A, nint PackedB, nint C, int M, int N, int K, bool TransposeA, bool Accumulate, int Blocks, int Parts, VectorWidth Width)
    {
        /// <summary>Rows of blocks [Blocks·part/Parts, Blocks·(part + 1)/Parts).</summary>
        public unsafe void Run(int part)
        {
            int begin = Math.Min(M, (int)((long)Blocks * part / Parts) * 8);
            int end = Math.Min(M, (int)((long)Blocks * (part + 1) / Parts) * 8);
            if (end > begin) NarrowRows(TransposeA, M, N, K, (float*)A, (float*)PackedB, (float*)C, Accumulate, begin, end, Width);
        }
    }

    /// <summary>Rows [rowBegin, rowEnd) of C ← [C +] op(A)·B with B packed as k rows of 16 lanes at <paramref name="pb"/>, at <paramref name="width"/>.</summary>
    private static unsafe void NarrowRows(bool transposeA, int m, int n, int k, float* a, float* pb, float* c, bool accumulate, int rowBegin, int rowEnd, VectorWidth width)
    {
        switch (width)
        {
            case VectorWidth.V512: NarrowRows<Vector512<float>, FloatSimd512>(transposeA, m, n, k, a, pb, c, accumulate, rowBegin, rowEnd); break;
            case VectorWidth.V256: NarrowRows<Vector256<float>, FloatSimd256>(transposeA, m, n, k, a, pb, c, accumulate, rowBegin, rowEnd); break;
            default: NarrowRows<Vector128<float>, FloatSimd128>(transposeA, m, n, k, a, pb, c, accumulate, rowBegin, rowEnd); break;
        }
    }

    /// <summary>
    /// The one narrow kernel, generic over the lane width. Shapes: op(A) is (m, k), read in place (row i, p at a[i·k + p], or
    /// a[p·m + i] transposed); B is packed as k rows of 16 zero-padded lanes at <paramref name="pb"/>; C (m, n) at stride n.
    /// Reads A and B, writes rows [rowBegin, rowEnd) of C ← [C +] op(A)·B. Eight accumulators: a 16-lane row of B is
    /// V = 16 / Count vectors, so blocks of 8 / V rows (8 × 1 vector with AVX-512, 4 × 2 with AVX2, 2 × 4 with Vector128);
    /// the accumulators of rows a width does not use are dead code. k is summed in panels of <see cref="KC"/>, each panel's
    /// sum added to C, in the order of the blocked <see cref="Kernel{TV, TOps, TTile}"/> path, so the results of a width do
    /// not depend on which of the two paths a product takes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static unsafe void NarrowRows<TV, TOps>(bool transposeA, int m, int n, int k, float* a, float* pb, float* c, bool accumulate, int rowBegin, int rowEnd)
        where TV : struct where TOps : ISimdFloat<TV>
    {
        int w = TOps.Count, v = 16 / w, block = 8 / v;
        float* tile = stackalloc float[8 * 16];
        long rowStride = transposeA ? 1 : k, step = transposeA ? m : 1;
        TV zero = TOps.Broadcast(0f);
        for (int i0 = rowBegin; i0 < rowEnd; i0 += block)
        {
            int rows = Math.Min(block, rowEnd - i0);
            // Row r of the block starts at x_r; rows past the end repeat the last real row (their sums are discarded).
            float* x0 = a + i0 * rowStride, x1 = x0 + Math.Min(1, rows - 1) * rowStride;
            float* x2 = x0 + Math.Min(2, rows - 1) * rowStride, x3 = x0 + Math.Min(3, rows - 1) * rowStride;
            float* x4 = x0 + Math.Min(4, rows - 1) * rowStride, x5 = x0 + Math.Min(5, rows - 1) * rowStride;
            float* x6 = x0 + Math.Min(6, rows - 1) * rowStride, x7 = x0 + Math.Min(7, rows - 1) * rowStride;
            for (int p0 = 0; p0 < k; p0 += KC)
            {
                int p1 = Math.Min(k, p0 + KC);
                // c_rj: row r, vector j of the 16 lanes
                TV c00 = zero, c01 = zero, c02 = zero, c03 = zero, c10 = zero, c11 = zero, c12 = zero, c13 = zero;
                TV c20 = zero, c21 = zero, c30 = zero, c31 = zero, c40 = zero, c50 = zero, c60 = zero, c70 = zero;
                for (int p = p0; p < p1; p++)
                {
                    long at = p * step;
                    float* bp = pb + p * 16;
                    TV b0 = TOps.Load(bp), b1 = v > 1 ? TOps.Load(bp + w) : zero, b2 = v > 2 ? TOps.Load(bp + 2 * w) : zero, b3 = v > 2 ? TOps.Load(bp + 3 * w) : zero;
                    TV y = TOps.Broadcast(x0[at]); c00 = TOps.MultiplyAdd(y, b0, c00);
                    if (v > 1) c01 = TOps.MultiplyAdd(y, b1, c01);
                    if (v > 2) { c02 = TOps.MultiplyAdd(y, b2, c02); c03 = TOps.MultiplyAdd(y, b3, c03); }
                    y = TOps.Broadcast(x1[at]); c10 = TOps.MultiplyAdd(y, b0, c10);
                    if (v > 1) c11 = TOps.MultiplyAdd(y, b1, c11);
                    if (v > 2) { c12 = TOps.MultiplyAdd(y, b2, c12); c13 = TOps.MultiplyAdd(y, b3, c13); }
                    if (block >= 4)
                    {
                        y = TOps.Broadcast(x2[at]); c20 = TOps.MultiplyAdd(y, b0, c20); if (v > 1) c21 = TOps.MultiplyAdd(y, b1, c21);
                        y = TOps.Broadcast(x3[at]); c30 = TOps.MultiplyAdd(y, b0, c30); if (v > 1) c31 = TOps.MultiplyAdd(y, b1, c31);
                    }
                    if (block == 8)
                    {
                        c40 = TOps.MultiplyAdd(TOps.Broadcast(x4[at]), b0, c40); c50 = TOps.MultiplyAdd(TOps.Broadcast(x5[at]), b0, c50);
                        c60 = TOps.MultiplyAdd(TOps.Broadcast(x6[at]), b0, c60); c70 = TOps.MultiplyAdd(TOps.Broadcast(x7[at]), b0, c70);
                    }
                }
                // the block's rows at stride 16 in the tile, then C
                TOps.Store(tile, c00); TOps.Store(tile + 16, c10);
                if (v > 1) { TOps.Store(tile + w, c01); TOps.Store(tile + 16 + w, c11); }
                if (v > 2) { TOps.Store(tile + 2 * w, c02); TOps.Store(tile + 3 * w, c03); TOps.Store(tile + 16 + 2 * w, c12); TOps.Store(tile + 16 + 3 * w, c13); }
                if (block >= 4)
                {
                    TOps.Store(tile + 32, c20); TOps.Store(tile + 48, c30);
                    if (v > 1) { TOps.Store(tile + 32 + w, c21); TOps.Store(tile + 48 + w, c31); }
                }
                if (block == 8) { TOps.Store(tile + 64, c40); TOps.Store(tile + 80, c50); TOps.Store(tile + 96, c60); TOps.Store(tile + 112, c70); }
                StoreEdge(tile, 16, c + (long)i0 * n, n, rows, n, accumulate || p0 > 0);
            }
        }
    }

    /// <summary>One product, split into <c>parts</c> disjoint blocks of C along its longer dimension.</summary>
    private readonly unsafe struct Job(float* a, float* b, float* c, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate, Tiling tiling)
    {
        private readonly float* _a = a, _b = b, _c = c;

        public void Run(int part, int parts)
        {
            int nr = tiling.Columns;
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
                                    MicroKernel(tiling, pA + ip * kc, panel, stride, kc, cTile, n, mm, nn, add);
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
    /// NEON on ARM64) and the tile (<typeparamref name="TTile"/>: 2 or 4 vectors per row). Shapes: the packed A sliver is
    /// kc × MR (MR = 6 values per p), the B panel kc × NR at stride ldb (NR = Vectors·Count), the C tile mm × nn
    /// (mm ≤ MR, nn ≤ NR) at stride ldc; reads A and B, writes C ← [C +] Σₚ a[p, 0…5] ⊗ b[p, 0…NR−1]. One broadcast of
    /// A per row and p, Vectors FMA columns per row; the four-vector tile's extra accumulators are dead code (and take
    /// no register) in the two-vector instantiation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static unsafe void Kernel<TV, TOps, TTile>(float* a, float* b, int ldb, int kc, float* c, int ldc, int mm, int nn, bool add)
        where TV : struct where TOps : ISimdFloat<TV> where TTile : ITile
    {
        int w = TOps.Count;
        bool four = TTile.Vectors == 4;
        TV zero = TOps.Broadcast(0f);
        TV c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero;
        TV c30 = zero, c31 = zero, c40 = zero, c41 = zero, c50 = zero, c51 = zero;
        TV c02 = zero, c03 = zero, c12 = zero, c13 = zero, c22 = zero, c23 = zero;
        TV c32 = zero, c33 = zero, c42 = zero, c43 = zero, c52 = zero, c53 = zero;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TOps.Load(b), b1 = TOps.Load(b + w);
            if (four)
            {
                TV b2 = TOps.Load(b + 2 * w), b3 = TOps.Load(b + 3 * w);
                TV y = TOps.Broadcast(a[0]); c00 = TOps.MultiplyAdd(y, b0, c00); c01 = TOps.MultiplyAdd(y, b1, c01); c02 = TOps.MultiplyAdd(y, b2, c02); c03 = TOps.MultiplyAdd(y, b3, c03);
                y = TOps.Broadcast(a[1]); c10 = TOps.MultiplyAdd(y, b0, c10); c11 = TOps.MultiplyAdd(y, b1, c11); c12 = TOps.MultiplyAdd(y, b2, c12); c13 = TOps.MultiplyAdd(y, b3, c13);
                y = TOps.Broadcast(a[2]); c20 = TOps.MultiplyAdd(y, b0, c20); c21 = TOps.MultiplyAdd(y, b1, c21); c22 = TOps.MultiplyAdd(y, b2, c22); c23 = TOps.MultiplyAdd(y, b3, c23);
                y = TOps.Broadcast(a[3]); c30 = TOps.MultiplyAdd(y, b0, c30); c31 = TOps.MultiplyAdd(y, b1, c31); c32 = TOps.MultiplyAdd(y, b2, c32); c33 = TOps.MultiplyAdd(y, b3, c33);
                y = TOps.Broadcast(a[4]); c40 = TOps.MultiplyAdd(y, b0, c40); c41 = TOps.MultiplyAdd(y, b1, c41); c42 = TOps.MultiplyAdd(y, b2, c42); c43 = TOps.MultiplyAdd(y, b3, c43);
                y = TOps.Broadcast(a[5]); c50 = TOps.MultiplyAdd(y, b0, c50); c51 = TOps.MultiplyAdd(y, b1, c51); c52 = TOps.MultiplyAdd(y, b2, c52); c53 = TOps.MultiplyAdd(y, b3, c53);
            }
            else
            {
                TV x = TOps.Broadcast(a[0]); c00 = TOps.MultiplyAdd(x, b0, c00); c01 = TOps.MultiplyAdd(x, b1, c01);
                x = TOps.Broadcast(a[1]); c10 = TOps.MultiplyAdd(x, b0, c10); c11 = TOps.MultiplyAdd(x, b1, c11);
                x = TOps.Broadcast(a[2]); c20 = TOps.MultiplyAdd(x, b0, c20); c21 = TOps.MultiplyAdd(x, b1, c21);
                x = TOps.Broadcast(a[3]); c30 = TOps.MultiplyAdd(x, b0, c30); c31 = TOps.MultiplyAdd(x, b1, c31);
                x = TOps.Broadcast(a[4]); c40 = TOps.MultiplyAdd(x, b0, c40); c41 = TOps.MultiplyAdd(x, b1, c41);
                x = TOps.Broadcast(a[5]); c50 = TOps.MultiplyAdd(x, b0, c50); c51 = TOps.MultiplyAdd(x, b1, c51);
            }
            a += MR;
            b += ldb;
        }
        int nr = TTile.Vectors * w;
        if (mm == MR && nn == nr)
        {
            Store(c, add, c00, c01, c02, c03, w); Store(c + ldc, add, c10, c11, c12, c13, w); Store(c + 2 * ldc, add, c20, c21, c22, c23, w);
            Store(c + 3 * ldc, add, c30, c31, c32, c33, w); Store(c + 4 * ldc, add, c40, c41, c42, c43, w); Store(c + 5 * ldc, add, c50, c51, c52, c53, w);
            return;
        }
        float* tile = stackalloc float[MR * 64];
        Spill(tile, c00, c01, c02, c03, w); Spill(tile + nr, c10, c11, c12, c13, w); Spill(tile + 2 * nr, c20, c21, c22, c23, w);
        Spill(tile + 3 * nr, c30, c31, c32, c33, w); Spill(tile + 4 * nr, c40, c41, c42, c43, w); Spill(tile + 5 * nr, c50, c51, c52, c53, w);
        StoreEdge(tile, nr, c, ldc, mm, nn, add);

        // Inlined: as calls, the vector arguments go through memory on every tile, and the calls sit in slow tiers first.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Store(float* row, bool add, TV v0, TV v1, TV v2, TV v3, int w)
        {
            if (add)
            {
                v0 = TOps.Add(v0, TOps.Load(row));
                v1 = TOps.Add(v1, TOps.Load(row + w));
                if (TTile.Vectors == 4) { v2 = TOps.Add(v2, TOps.Load(row + 2 * w)); v3 = TOps.Add(v3, TOps.Load(row + 3 * w)); }
            }
            Spill(row, v0, v1, v2, v3, w);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Spill(float* row, TV v0, TV v1, TV v2, TV v3, int w)
        {
            TOps.Store(row, v0);
            TOps.Store(row + w, v1);
            if (TTile.Vectors == 4) { TOps.Store(row + 2 * w, v2); TOps.Store(row + 3 * w, v3); }
        }
    }

    /// <summary>Vectors per row of a register tile, as a type parameter of the micro-kernel.</summary>
    private interface ITile
    {
        static abstract int Vectors { get; }
    }

    private readonly struct TwoVectors : ITile
    {
        public static int Vectors => 2;
    }

    private readonly struct FourVectors : ITile
    {
        public static int Vectors => 4;
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
