namespace Kullback.Kernels;

/// <summary>
/// Splits N rows into fixed chunks (their size depends only on the row length, never on the thread count, so a
/// reduction that combines chunk results in chunk order gives the same bits on 1 or 64 threads) and runs the
/// chunks on the calling thread or spread over threads. The chunk count is the caller's: a reduction fixes it by the
/// data; only a loop whose chunks write disjoint outputs and reduce nothing across them (Gemm's blocks of C) may
/// derive it from the thread count. The one parallel harness of the code base (the only file in
/// src/ that calls <c>Parallel.For</c>): the losses, the logit divergences, the logit comparison, the estimators'
/// nearest-neighbour queries and the bootstrap; Learning's matrix product (<c>Gemm</c>) and Adam; the CLI's drift
/// columns, mutual-information features and ONNX evaluation chunks. Learning and the CLI see it as friends
/// (InternalsVisibleTo; docs/ARCHITECTURE.md, "Threads", says why it is not public API).
/// </summary>
internal static class RowPartition
{
    /// <summary>About this many elements per chunk: big enough to amortise scheduling, small enough to balance.</summary>
    private const int ElementsPerChunk = 1 << 15;

    /// <summary>Rows per chunk for rows of <paramref name="cols"/> elements.</summary>
    public static int RowsPerChunk(int cols) => Math.Max(1, ElementsPerChunk / Math.Max(1, cols));

    /// <summary>The number of chunks of <paramref name="rows"/> rows.</summary>
    public static int ChunkCount(int rows, int cols) => rows == 0 ? 0 : (rows + RowsPerChunk(cols) - 1) / RowsPerChunk(cols);

    /// <summary>
    /// The one thread-count convention (docs/ARCHITECTURE.md, "Threads"): T ≥ 1 runs on up to T threads (1 = the
    /// calling thread, no task machinery), −1 on every processor (<see cref="Environment.ProcessorCount"/>). Returns the
    /// count actually used. An options struct whose unset default is 0 reads it as 1 before calling this
    /// (<c>LossOptions.Threads</c>).
    /// </summary>
    /// <param name="threads">T ≥ 1 or −1.</param>
    /// <param name="name">The option or argument, as the caller's user writes it (named in the message).</param>
    /// <exception cref="ArgumentOutOfRangeException">T is 0 or below −1.</exception>
    public static int ResolveThreads(int threads, string name = "threads") => threads switch
    {
        -1 => Environment.ProcessorCount,
        >= 1 => threads,
        _ => throw new ArgumentOutOfRangeException(name, threads, $"{name} = {threads}: threads must be ≥ 1 (1 = the calling thread), or −1 for every processor"),
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

    /// <summary>
    /// Runs <paramref name="body"/>(chunk) for every chunk, on up to <paramref name="threads"/> threads: the form for
    /// loops whose body captures its state (a closure is allocated per call; hot loops use the
    /// <see cref="Run{TState}(int, int, in TState, Action{TState, int})"/> form with a static body).
    /// </summary>
    public static void Run(int chunks, int threads, Action<int> body) =>
        Run(chunks, threads, body, static (b, k) => b(k));

    /// <summary>
    /// Runs <paramref name="body"/>(chunk, local) for every chunk, on up to <paramref name="threads"/> threads, each
    /// worker with its own scratch from <paramref name="local"/> (one on the calling thread when threads ≤ 1 or a
    /// single chunk). A body that finds a fault records it and may make later chunks return early; nothing is cancelled.
    /// </summary>
    public static void RunWithScratch<TLocal>(int chunks, int threads, Func<TLocal> local, Action<int, TLocal> body)
    {
        if (threads <= 1 || chunks <= 1)
        {
            if (chunks == 0) return;
            var scratch = local();
            for (int k = 0; k < chunks; k++) body(k, scratch);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, local,
            (k, _, scratch) => { body(k, scratch); return scratch; }, static _ => { });
    }

    /// <summary>Runs <paramref name="body"/>(from, to) over [0, <paramref name="count"/>) in blocks of
    /// <paramref name="blockSize"/> items on up to <paramref name="threads"/> threads; one thread makes one call over the whole range.</summary>
    public static void Blocks(int count, int blockSize, int threads, Action<int, int> body)
    {
        if (threads <= 1 || count <= blockSize)
        {
            body(0, count);
            return;
        }
        Run((count + blockSize - 1) / blockSize, threads, (body, count, blockSize),
            static (s, k) => s.body(k * s.blockSize, Math.Min(s.count, (k + 1) * s.blockSize)));
    }

    // Separate so that the closure is only allocated when threads are used (a captured parameter would make the
    // compiler allocate it on entry, also on the single-thread path).
    private static void RunParallel<TState>(int chunks, int threads, TState state, Action<TState, int> body) =>
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, k => body(state, k));
}
