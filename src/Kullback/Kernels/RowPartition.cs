namespace Kullback.Kernels;

/// <summary>
/// Splits N rows into fixed chunks (their size depends only on the row length, never on the thread count, so a
/// reduction that combines chunk results in chunk order gives the same bits on 1 or 64 threads) and runs the
/// chunks on the calling thread or spread over threads.
/// </summary>
internal static class RowPartition
{
    /// <summary>About this many elements per chunk: big enough to amortise scheduling, small enough to balance.</summary>
    private const int ElementsPerChunk = 1 << 15;

    /// <summary>Rows per chunk for rows of <paramref name="cols"/> elements.</summary>
    public static int RowsPerChunk(int cols) => Math.Max(1, ElementsPerChunk / Math.Max(1, cols));

    /// <summary>The number of chunks of <paramref name="rows"/> rows.</summary>
    public static int ChunkCount(int rows, int cols) => rows == 0 ? 0 : (rows + RowsPerChunk(cols) - 1) / RowsPerChunk(cols);

    /// <summary>The thread count actually used: 0 and 1 mean the calling thread, −1 every processor.</summary>
    /// <exception cref="ArgumentOutOfRangeException">threads &lt; −1.</exception>
    public static int ResolveThreads(int threads, string name = "threads") => threads switch
    {
        -1 => Environment.ProcessorCount,
        0 or 1 => 1,
        > 1 => threads,
        _ => throw new ArgumentOutOfRangeException(name, threads, $"{name} = {threads}: must be ≥ 1, or 0 (calling thread), or −1 (every processor)"),
    };

    /// <summary>Runs <paramref name="body"/>(chunk) for every chunk, on up to <paramref name="threads"/> threads.</summary>
    public static void Run<TState>(int chunks, int threads, in TState state, Action<TState, int> body)
    {
        if (threads <= 1 || chunks <= 1)
        {
            for (int k = 0; k < chunks; k++) body(state, k);
            return;
        }
        RunParallel(chunks, threads, state, body);
    }

    // Separate so that the closure is only allocated when threads are used (a captured parameter would make the
    // compiler allocate it on entry, also on the single-thread path).
    private static void RunParallel<TState>(int chunks, int threads, TState state, Action<TState, int> body) =>
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, k => body(state, k));
}
