using System.Buffers;
using System.Numerics;

namespace Kullback.Kernels;

/// <summary>
/// D(softmax(aᵢ)‖softmax(bᵢ)) for each pair of logit rows, the per-token KL between two models' outputs:
/// <code>
/// P = softmax(a), Q = softmax(b), ea_c = exp(a_c − max a), sa = Σ ea_c, sb = Σ exp(b_c − max b)
/// D(P‖Q) = Σ_c p_c·(log p_c − log q_c) = (1/sa)·Σ_c ea_c·((a_c − max a) − (b_c − max b)) − log sa + log sb
/// </code>
/// computed in log space (−∞ logits are legal; p_c = 0 terms are 0; q_c = 0 &lt; p_c gives +∞), accumulated in double,
/// clamped at 0 against rounding. Rows are independent, so a long matrix can be fed in chunks of rows.
/// Every row runs the one kernel <see cref="LogitKullbackLeiblerRowSimd"/>. Precision: float logits evaluate exp in float
/// and sum in float within blocks of 32 vectors, then in double — training-grade (absolute error ≈ 1e-7 nats per row, fine
/// for a loss and its reporting); double logits run double lanes (exp to ~1e-14 relative). For tiny per-token KL
/// (quantised-model comparison, KL ~ 1e-8) the same kernel runs on float logits with double lanes in
/// <see cref="Estimation.LogitRowComparison"/>, which is what <c>kullback compare --logits</c> uses.
/// </summary>
public static unsafe class LogitKullbackLeibler
{
    /// <summary>Writes D(softmax(aᵢ)‖softmax(bᵢ)) for every row i of a chunk and returns their sum Σᵢ Dᵢ.</summary>
    /// <param name="a">Logits of P, rows × <paramref name="cols"/> row-major, rows = <paramref name="perRow"/>.Length.</param>
    /// <param name="b">Logits of Q, the same shape.</param>
    /// <param name="cols">C ≥ 1, the row length.</param>
    /// <param name="perRow">Receives Dᵢ in nats, one per row.</param>
    /// <param name="threads">T ≥ 1: up to T threads (1 = the calling thread); −1: every processor (the one convention, docs/ARCHITECTURE.md). The result does not depend on it.</param>
    /// <returns>Σᵢ Dᵢ (add the sums of several chunks, divide by the total rows for the mean).</returns>
    /// <exception cref="ArgumentException">The shapes do not match, threads is 0 or below −1, or a row holds NaN/+∞ or only −∞ (the message names the row).</exception>
    public static double RowDivergences(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int cols, Span<double> perRow, int threads = 1) =>
        Run(a, b, perRow.Length, cols, perRow, threads);

    /// <inheritdoc cref="RowDivergences(ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{double}, int)"/>
    public static double RowDivergences(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int cols, Span<double> perRow, int threads = 1) =>
        Run(a, b, perRow.Length, cols, perRow, threads);

    /// <summary>The mean over rows (1/N)·Σᵢ D(softmax(aᵢ)‖softmax(bᵢ)), without per-row output (0 for no rows).</summary>
    /// <param name="a">Logits of P, <paramref name="rows"/> × <paramref name="cols"/> row-major.</param>
    /// <param name="b">Logits of Q, the same shape.</param>
    /// <param name="rows">N ≥ 0.</param>
    /// <param name="cols">C ≥ 1.</param>
    /// <param name="threads">As for <see cref="RowDivergences(ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{double}, int)"/>.</param>
    /// <returns>The mean KL per row, in nats.</returns>
    /// <exception cref="ArgumentException">The shapes do not match, or a row holds NaN/+∞ or only −∞.</exception>
    public static double Mean(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int rows, int cols, int threads = 1) =>
        rows == 0 ? Run(a, b, rows, cols, default, threads) : Run(a, b, rows, cols, default, threads) / rows;

    /// <inheritdoc cref="Mean(ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, int)"/>
    public static double Mean(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int rows, int cols, int threads = 1) =>
        rows == 0 ? Run(a, b, rows, cols, default, threads) : Run(a, b, rows, cols, default, threads) / rows;

    private struct Job<T> where T : unmanaged
    {
        public T* A, B;
        public double* PerRow, ChunkSum;
        public int Rows, Cols;
        public int* BadRow;
    }

    private static double Run<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, int rows, int cols, Span<double> perRow, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (cols < 1) throw new ArgumentOutOfRangeException(nameof(cols), cols, $"cols = {cols}: must be ≥ 1");
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"rows = {rows}: must be ≥ 0");
        long size = (long)rows * cols;
        if (a.Length != size) throw new ArgumentException($"a has {a.Length} elements, rows × cols = {rows} × {cols} = {size}", nameof(a));
        if (b.Length != size) throw new ArgumentException($"b has {b.Length} elements, a has {a.Length}", nameof(b));
        int t = RowPartition.ResolveThreads(threads, nameof(threads));
        int chunks = RowPartition.ChunkCount(rows, cols);
        var sums = ArrayPool<double>.Shared.Rent(Math.Max(1, chunks));
        var bad = ArrayPool<int>.Shared.Rent(Math.Max(1, chunks));
        try
        {
            fixed (T* pa = a) fixed (T* pb = b) fixed (double* pr = perRow) fixed (double* ps = sums) fixed (int* pbad = bad)
            {
                var job = new Job<T> { A = pa, B = pb, PerRow = perRow.IsEmpty ? null : pr, ChunkSum = ps, Rows = rows, Cols = cols, BadRow = pbad };
                RowPartition.Run(chunks, t, job, static (j, k) => RunChunk(j, k));
            }
            double total = 0;
            for (int k = 0; k < chunks; k++)
            {
                if (bad[k] >= 0) throw new ArgumentException($"row {bad[k]}: logits must be finite or −∞ (no NaN or +∞) and not all −∞, in both a and b", nameof(a));
                total += sums[k];
            }
            return total;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sums);
            ArrayPool<int>.Shared.Return(bad);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void RunChunk<T>(Job<T> job, int chunk) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int per = RowPartition.RowsPerChunk(job.Cols);
        int start = chunk * per, end = Math.Min(job.Rows, start + per);
        double sum = 0;
        job.BadRow[chunk] = -1;
        int i = start;
        // short rows: blocks of R rows at the width the dispatcher picks for the chunk's rows, as the loss blocks do
        var width = SimdWidth.For<float>(end - start);
        int block = SmallRowBlock.RowsPerBlock(width);
        if (typeof(T) == typeof(float) && job.Cols <= SmallRowBlock.MaxCols && block > 0)
        {
            float* scratch = stackalloc float[LogitKullbackLeiblerSmallRows.ScratchFloats];
            double* d = stackalloc double[16];
            for (; i + block <= end; i += block)
            {
                long offset = (long)i * job.Cols;
                if (!LogitKullbackLeiblerSmallRows.Block((float*)(job.A + offset), (float*)(job.B + offset), job.Cols, width, scratch, d)) break;
                for (int r = 0; r < block; r++)
                {
                    if (job.PerRow != null) job.PerRow[i + r] = d[r];
                    sum += d[r];
                }
            }
        }
        for (; i < end; i++)
        {
            long offset = (long)i * job.Cols;
            double d = LogitKullbackLeiblerRowSimd.Row(job.A + offset, job.B + offset, job.Cols);
            if (double.IsNaN(d)) { job.BadRow[chunk] = i; break; }
            if (job.PerRow != null) job.PerRow[i] = d;
            sum += d;
        }
        job.ChunkSum[chunk] = sum;
    }

    /// <summary>One row, scalar, in double: the kernel of <see cref="LogitKullbackLeiblerRowSimd"/> on one lane (the form every width is tested against); NaN marks a faulty row.</summary>
    internal static double Row<T>(T* a, T* b, int cols) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (SoftmaxCrossEntropyRow.Max(a, cols, out double ma) != RowFault.None) return double.NaN;
        if (SoftmaxCrossEntropyRow.Max(b, cols, out double mb) != RowFault.None) return double.NaN;
        return LogitKullbackLeiblerRowSimd.Sums<double, ScalarLogitLanes, DivergenceMode, T>(a, b, cols, ma, mb, null, null).Divergence;
    }
}
