using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Kullback.Kernels;

namespace Kullback.Estimation;

/// <summary>Supplies logit rows [firstRow, firstRow + rowCount) as floats, row-major; may convert into <paramref name="buffer"/> and return it.</summary>
/// <param name="firstRow">First row.</param>
/// <param name="rowCount">Number of rows.</param>
/// <param name="buffer">Scratch of at least rowCount × vocab floats owned by the calling thread.</param>
public delegate ReadOnlySpan<float> LogitRowSource(int firstRow, int rowCount, Span<float> buffer);

/// <summary>
/// Model against model: streams two logit matrices (tokens × vocab) through row chunks on T threads and summarises the
/// per-row statistics of <see cref="LogitRowComparison"/> (double accumulation) and the top-k overlaps (<see cref="TopK"/>).
/// Memory: per thread two float chunk buffers (8 rows × C each, for inputs that need conversion) and 2·C doubles;
/// per row one double (the KL, kept for exact percentiles) and with tokens a second (Δp, for its percentiles);
/// everything else is summed in at most <see cref="Segments"/> fixed row segments, so it does not grow with N. The
/// segments depend only on N, so the result does not depend on the thread count. Token statistics use
/// log p(t) = z_t − LSE(z).
/// </summary>
public static class LogitComparison
{
    /// <summary>Rows per work item: 8 rows of a 32 000 vocabulary are 1 MB of float32 per file.</summary>
    private const int ChunkRows = 8;

    /// <summary>The most row segments whose partial sums are kept (each is summed in row order by one thread).</summary>
    public const int Segments = 256;

    private const int Buckets = 10;

    private static readonly (string Name, double Percent)[] PercentileNames =
        [("p0_1", 0.1), ("p1", 1), ("p5", 5), ("p10", 10), ("p90", 90), ("p95", 95), ("p99", 99), ("p99_9", 99.9)];

    /// <summary>Compensated partial sums of one row segment.</summary>
    private sealed class Partial
    {
        public CompensatedSum NllA, NllB, Dp2, Forward, Reverse, Js, Same;
        public long Agree, Top5, Top10;
        public readonly long[] BucketRows = new long[Buckets];
        public readonly CompensatedSum[] BucketKl = new CompensatedSum[Buckets];
        public ArgumentException? Error;
    }

    /// <summary>Per-thread scratch.</summary>
    private sealed class Scratch(int cols)
    {
        public readonly float[] Rows = new float[2 * ChunkRows * cols];
        public readonly double[] Exps = new double[2 * cols];
        public readonly int[] TopA = new int[Math.Min(10, cols)], TopB = new int[Math.Min(10, cols)];
        public readonly float[] TopValues = new float[Math.Min(10, cols)];
    }

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
    /// <param name="threads">T ≥ 1, or −1 for every processor (the one convention, docs/ARCHITECTURE.md).</param>
    /// <param name="rowsDone">Called (from worker threads) with the number of rows of each finished chunk, for progress; may be null.</param>
    /// <exception cref="ArgumentException">Bad sizes or tokens (named by index), or a logits row with NaN/+∞ or only −∞ (named by row).</exception>
    public static LogitSummary Compare(int rows, int cols, LogitRowSource a, LogitRowSource b, long[]? tokens, int threads, Action<int>? rowsDone = null)
    {
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), rows, "no rows to compare");
        if (cols < 1 || cols > int.MaxValue / (2 * ChunkRows)) throw new ArgumentOutOfRangeException(nameof(cols), cols, $"vocabulary size must be in [1, {int.MaxValue / (2 * ChunkRows)}]");
        threads = RowPartition.ResolveThreads(threads, nameof(threads));
        if (tokens is not null)
        {
            if (tokens.Length != rows) throw new ArgumentException($"{tokens.Length} tokens for {rows} rows: one per row is needed", nameof(tokens));
            for (int i = 0; i < rows; i++)
                if (tokens[i] < 0 || tokens[i] >= cols)
                    throw new ArgumentException($"token[{i}] = {tokens[i]} is outside the vocabulary [0, {cols})", nameof(tokens));
        }
        var kl = new double[rows];
        var deltaP = tokens is null ? null : new double[rows];
        int chunks = (rows + ChunkRows - 1) / ChunkRows;
        int segments = Math.Min(chunks, Segments);
        var partials = new Partial[segments];
        var failed = new StrongBox<bool>();   // a bad row stops the other segments early
        RowPartition.RunWithScratch(segments, threads, () => new Scratch(cols), (segment, scratch) =>
        {
            var part = partials[segment] = new Partial();
            int firstChunk = (int)((long)segment * chunks / segments), endChunk = (int)((long)(segment + 1) * chunks / segments);
            for (int chunk = firstChunk; chunk < endChunk && !Volatile.Read(ref failed.Value); chunk++)
            {
                int start = chunk * ChunkRows, count = Math.Min(ChunkRows, rows - start);
                if (!CompareChunk(start, count, cols, a, b, tokens, scratch, part, kl, deltaP))
                {
                    Volatile.Write(ref failed.Value, true);
                    break;
                }
                rowsDone?.Invoke(count);
            }
        });
        foreach (var p in partials)
            if (p?.Error is not null) throw p.Error;
        return Summarise(kl, deltaP, partials, cols);
    }

    private static bool CompareChunk(int start, int count, int cols, LogitRowSource a, LogitRowSource b, long[]? tokens, Scratch scratch,
        Partial part, double[] kl, double[]? deltaP)
    {
        var ra = a(start, count, scratch.Rows.AsSpan(0, ChunkRows * cols));
        var rb = b(start, count, scratch.Rows.AsSpan(ChunkRows * cols, ChunkRows * cols));
        for (int r = 0; r < count; r++)
        {
            var za = ra.Slice(r * cols, cols);
            var zb = rb.Slice(r * cols, cols);
            LogitRowResult row;
            try
            {
                row = LogitRowComparison.Compare(za, zb, scratch.Exps, scratch.TopA, scratch.TopB, scratch.TopValues);
            }
            catch (ArgumentException e)
            {
                // The row index goes in front; ParamName ("a" or "b": which model's logits) and the cause are kept.
                string suffix = e.ParamName is null ? "" : $" (Parameter '{e.ParamName}')";
                string message = e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
                part.Error = new ArgumentException($"row {start + r}: {message}", e.ParamName, e);
                return false;
            }
            kl[start + r] = row.Divergence;
            if (row.ArgMaxA == row.ArgMaxB) part.Agree++;
            part.Forward.Add(row.Divergence);
            part.Reverse.Add(row.ReverseDivergence);
            part.Js.Add(row.JensenShannon);
            part.Same.Add(row.SameSampled);
            int bucket = Math.Min(Buckets - 1, (int)(row.MaxProbabilityA * Buckets));
            part.BucketRows[bucket]++;
            part.BucketKl[bucket].Add(row.Divergence);
            int k5 = Math.Min(5, scratch.TopA.Length);
            part.Top5 += TopK.Overlap(scratch.TopA.AsSpan(0, k5), scratch.TopB.AsSpan(0, k5));
            part.Top10 += TopK.Overlap(scratch.TopA, scratch.TopB);
            if (tokens is null) continue;
            int t = (int)tokens[start + r];
            double logPa = za[t] - row.LogPartitionA;
            double logPb = zb[t] - row.LogPartitionB;
            part.NllA.Add(-logPa);
            part.NllB.Add(-logPb);
            double d = Math.Exp(logPb) - Math.Exp(logPa);
            deltaP![start + r] = d;
            part.Dp2.Add(d * d);
        }
        return true;
    }

    private static double Total(Partial[] partials, Func<Partial, double> value)
    {
        var s = new CompensatedSum();
        foreach (var p in partials) s.Add(value(p));
        return s.Value;
    }

    private static LogitSummary Summarise(double[] kl, double[]? deltaP, Partial[] partials, int cols)
    {
        int n = kl.Length;
        // Both directions' means are summed the same way (compensated, per fixed segment, segments in order), so
        // comparing B with A gives exactly the numbers of A with B, swapped.
        double mean = Total(partials, p => p.Forward.Value) / n;
        var dev = new CompensatedSum();
        foreach (var x in kl) dev.Add((x - mean) * (x - mean));
        double stderr = n > 1 ? Math.Sqrt(dev.Value / (n - 1)) / Math.Sqrt(n) : double.NaN;
        Array.Sort(kl);
        var percentiles = PercentileNames.Select(p => ("kl_" + p.Name, p.Percent, Bootstrap.Quantile(kl, p.Percent / 100))).ToList();
        TokenSummary? tokens = null;
        if (deltaP is not null)
        {
            double dpMean = Lanes.Sum(deltaP) / n;
            double rms = Math.Sqrt(Total(partials, p => p.Dp2.Value) / n);
            double pplA = Math.Exp(Total(partials, p => p.NllA.Value) / n), pplB = Math.Exp(Total(partials, p => p.NllB.Value) / n);
            Array.Sort(deltaP);
            var dpPercentiles = PercentileNames.Select(p => ("delta_p_" + p.Name, p.Percent, Bootstrap.Quantile(deltaP, p.Percent / 100))).ToList();
            tokens = new TokenSummary(pplA, pplB, dpMean, rms, Bootstrap.Quantile(deltaP, 0.5), deltaP[0], deltaP[^1], dpPercentiles);
        }
        double k5 = Math.Min(5, cols), k10 = Math.Min(10, cols);
        var buckets = new ConfidenceBucket[Buckets];
        for (int j = 0; j < Buckets; j++)
        {
            long count = partials.Sum(p => p.BucketRows[j]);
            var s = new CompensatedSum();
            foreach (var p in partials) s.Add(p.BucketKl[j].Value);
            buckets[j] = new ConfidenceBucket(j / (double)Buckets, (j + 1) / (double)Buckets, count, count == 0 ? double.NaN : s.Value / count);
        }
        var report = new LogitReport(Total(partials, p => p.Reverse.Value) / n, Total(partials, p => p.Js.Value) / n,
            partials.Sum(p => p.Top5) / (k5 * n), partials.Sum(p => p.Top10) / (k10 * n), Total(partials, p => p.Same.Value) / n,
            mean - 1.96 * stderr, mean + 1.96 * stderr, buckets);
        return new LogitSummary(n, mean, stderr, Bootstrap.Quantile(kl, 0.5), kl[0], kl[^1], percentiles,
            partials.Sum(p => p.Agree) / (double)n, tokens, report);
    }
}
