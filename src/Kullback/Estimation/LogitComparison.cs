using System.Numerics.Tensors;
using Kullback.Kernels;

namespace Kullback.Estimation;

/// <summary>Supplies logit rows [firstRow, firstRow + rowCount) as floats, row-major; may convert into <paramref name="buffer"/> and return it.</summary>
/// <param name="firstRow">First row.</param>
/// <param name="rowCount">Number of rows.</param>
/// <param name="buffer">Scratch of at least rowCount × vocab floats owned by the calling thread.</param>
public delegate ReadOnlySpan<float> LogitRowSource(int firstRow, int rowCount, Span<float> buffer);

/// <summary>
/// Model against model: streams two logit matrices (tokens × vocab) through row chunks on T threads and summarises the per-row D(softmax(Aᵢ)‖softmax(Bᵢ)) (<see cref="LogitRowComparison"/>, double accumulation).
/// Memory: two float chunk buffers per thread (for inputs that need conversion) and one double per row (the per-row
/// KL, kept for exact percentiles); the logits are never loaded whole. Token statistics use log p(t) = z_t − LSE(z).
/// </summary>
public static class LogitComparison
{
    /// <summary>Rows per work item: 8 rows of a 32 000 vocabulary are 1 MB of float32 per file.</summary>
    private const int ChunkRows = 8;

    private static readonly (string Name, double Percent)[] PercentileNames =
        [("kl_p0_1", 0.1), ("kl_p1", 1), ("kl_p5", 5), ("kl_p10", 10), ("kl_p90", 90), ("kl_p95", 95), ("kl_p99", 99), ("kl_p99_9", 99.9)];

    /// <summary>
    /// Compares <paramref name="rows"/> × <paramref name="cols"/> logits A and B (and the tokens when given) on up to
    /// <paramref name="threads"/> threads, reading rows through the sources chunk by chunk. The result does not depend
    /// on the thread count.
    /// </summary>
    /// <param name="rows">N ≥ 1 token rows.</param>
    /// <param name="cols">Vocabulary size C ≥ 1.</param>
    /// <param name="a">Rows of the reference model A.</param>
    /// <param name="b">Rows of the compared model B.</param>
    /// <param name="tokens">The observed token of each row (length N, each in [0, C)), or null.</param>
    /// <param name="threads">T ≥ 1.</param>
    /// <param name="rowsDone">Called (from worker threads) with the number of rows of each finished chunk, for progress; may be null.</param>
    /// <exception cref="ArgumentException">Bad sizes or tokens (named by index), or a logits row with NaN/+∞ or only −∞ (named by row).</exception>
    public static LogitSummary Compare(int rows, int cols, LogitRowSource a, LogitRowSource b, long[]? tokens, int threads, Action<int>? rowsDone = null)
    {
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), rows, "no rows to compare");
        if (cols < 1 || cols > int.MaxValue / ChunkRows) throw new ArgumentOutOfRangeException(nameof(cols), cols, $"vocabulary size must be in [1, {int.MaxValue / ChunkRows}]");
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be ≥ 1");
        if (tokens is not null)
        {
            if (tokens.Length != rows) throw new ArgumentException($"{tokens.Length} tokens for {rows} rows: one per row is needed", nameof(tokens));
            for (int i = 0; i < rows; i++)
                if (tokens[i] < 0 || tokens[i] >= cols)
                    throw new ArgumentException($"token[{i}] = {tokens[i]} is outside the vocabulary [0, {cols})", nameof(tokens));
        }
        var kl = new double[rows];
        int chunks = (rows + ChunkRows - 1) / ChunkRows;
        var agree = new int[chunks];
        var nllA = new double[chunks];
        var nllB = new double[chunks];
        var dp = new double[chunks];
        var dp2 = new double[chunks];
        var errors = new string?[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => new float[2 * ChunkRows * cols],
            (chunk, state, buffer) =>
            {
                int start = chunk * ChunkRows, count = Math.Min(ChunkRows, rows - start);
                var ra = a(start, count, buffer.AsSpan(0, ChunkRows * cols));
                var rb = b(start, count, buffer.AsSpan(ChunkRows * cols, ChunkRows * cols));
                var s = new CompensatedSum();
                var sB = new CompensatedSum();
                var sD = new CompensatedSum();
                var sD2 = new CompensatedSum();
                for (int r = 0; r < count; r++)
                {
                    var za = ra.Slice(r * cols, cols);
                    var zb = rb.Slice(r * cols, cols);
                    LogitRowResult row;
                    try
                    {
                        row = LogitRowComparison.Compare(za, zb);
                    }
                    catch (ArgumentException e)
                    {
                        errors[chunk] = $"row {start + r}: {e.Message}";
                        state.Stop();
                        return buffer;
                    }
                    kl[start + r] = row.Divergence;
                    if (row.ArgMaxA == row.ArgMaxB) agree[chunk]++;
                    if (tokens is null) continue;
                    int t = (int)tokens[start + r];
                    double logPa = za[t] - row.LogPartitionA;
                    double logPb = zb[t] - row.LogPartitionB;
                    s.Add(-logPa);
                    sB.Add(-logPb);
                    double d = Math.Exp(logPb) - Math.Exp(logPa);
                    sD.Add(d);
                    sD2.Add(d * d);
                }
                nllA[chunk] = s.Value;
                nllB[chunk] = sB.Value;
                dp[chunk] = sD.Value;
                dp2[chunk] = sD2.Value;
                rowsDone?.Invoke(count);
                return buffer;
            }, _ => { });
        foreach (var error in errors)
            if (error is not null) throw new ArgumentException(error);
        return Summarise(kl, agree.Sum(), tokens is null ? null : (nllA, nllB, dp, dp2));
    }

    private static LogitSummary Summarise(double[] kl, long agree, (double[] NllA, double[] NllB, double[] Dp, double[] Dp2)? token)
    {
        int n = kl.Length;
        double mean = Lanes.Sum(kl) / n;
        var dev = new CompensatedSum();
        foreach (var x in kl) dev.Add((x - mean) * (x - mean));
        double stderr = n > 1 ? Math.Sqrt(dev.Value / (n - 1)) / Math.Sqrt(n) : double.NaN;
        Array.Sort(kl);
        var percentiles = PercentileNames.Select(p => (p.Name, p.Percent, Bootstrap.Quantile(kl, p.Percent / 100))).ToList();
        TokenSummary? tokens = null;
        if (token is { } t)
            tokens = new TokenSummary(Math.Exp(Lanes.Sum(t.NllA) / n), Math.Exp(Lanes.Sum(t.NllB) / n),
                Lanes.Sum(t.Dp) / n, Math.Sqrt(Lanes.Sum(t.Dp2) / n));
        return new LogitSummary(n, mean, stderr, Bootstrap.Quantile(kl, 0.5), kl[0], kl[^1], percentiles, (double)agree / n, tokens);
    }
}
