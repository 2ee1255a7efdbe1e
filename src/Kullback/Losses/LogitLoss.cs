using System.Buffers;
using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Losses;

/// <summary>The objective a logit loss minimises over Q = softmax(z).</summary>
internal enum LogitObjective
{
    /// <summary>H(P̃,Q) = −Σ_c p̃_c·log q_c (weighted: Σ_c w_c·p̃_c·(−log q_c)).</summary>
    CrossEntropy,
    /// <summary>D(P̃‖Q) = Σ_c p̃_c·log(p̃_c/q_c) (weighted: Σ_c w_c·p̃_c·log(p̃_c/q_c)).</summary>
    KullbackLeibler,
}

/// <summary>
/// The one driver behind <see cref="CrossEntropyLoss"/> and <see cref="KullbackLeiblerLoss"/>: validates every
/// argument before any work, fixes the gradient scale from the reduction, runs the fused row kernels over row
/// chunks (optionally on several threads) and combines the chunk sums in a fixed order.
/// </summary>
internal static unsafe class LogitLoss<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>|Σ_c p_c − 1| allowed in a probability target row.</summary>
    private static readonly double Tolerance = typeof(T) == typeof(float) ? 1e-4 : 1e-6;

    private struct Job
    {
        public T* Logits, Probs, Weights, Gradient;
        public int* Targets;
        public bool* Mask;
        public int Rows, Cols, IgnoreIndex;
        public bool HasIgnore, KullbackLeibler, Decompose;
        public double Epsilon, WeightSum, Scale;
        public double* RowLoss, RowEntropy, RowCross, RowDivergence;
        public ChunkSums* Sums;
    }

    private struct ChunkSums
    {
        public double Loss, Entropy, CrossEntropy, Divergence;
        public int BadRow;
        public RowFault Fault;
    }

    public static LossResult Evaluate(LogitObjective objective, ReadOnlySpan<T> logits, int rows, int cols,
        ReadOnlySpan<int> targets, ReadOnlySpan<T> probabilities, bool byIndex, Span<T> gradient, in LossOptions options,
        ReadOnlySpan<T> classWeights, ReadOnlySpan<bool> rowMask, RowTerms rowTerms)
    {
        var reduction = options.Reduction ?? (objective == LogitObjective.KullbackLeibler ? LossReduction.BatchMean : LossReduction.Mean);
        Validate(logits, rows, cols, targets, probabilities, byIndex, gradient, options, classWeights, rowMask, rowTerms, reduction);
        int threads = RowPartition.ResolveThreads(options.Threads, "options.Threads");

        double weightSum = cols;
        if (!classWeights.IsEmpty) { weightSum = 0; foreach (var w in classWeights) weightSum += double.CreateTruncating(w); }
        int counted = byIndex ? CountIndexRows(targets, options) : CountMaskRows(rowMask, rows);
        double normaliser = reduction switch
        {
            LossReduction.Mean => byIndex ? IndexNormaliser(targets, classWeights, options) : ProbabilityNormaliser(probabilities, rows, cols, classWeights, rowMask),
            LossReduction.BatchMean => rows,
            _ => 1,
        };
        double scale = normaliser > 0 ? 1 / normaliser : 0;    // an empty mean is 0, with a zero gradient

        int chunks = RowPartition.ChunkCount(rows, cols);
        var pool = ArrayPool<ChunkSums>.Shared;
        var sums = pool.Rent(Math.Max(1, chunks));
        try
        {
            fixed (T* z = logits) fixed (T* p = probabilities) fixed (T* w = classWeights) fixed (T* g = gradient)
            fixed (int* y = targets) fixed (bool* mask = rowMask) fixed (ChunkSums* s = sums)
            fixed (double* rl = rowTerms.Loss) fixed (double* re = rowTerms.Entropy) fixed (double* rc = rowTerms.CrossEntropy) fixed (double* rd = rowTerms.Divergence)
            {
                var job = new Job
                {
                    Logits = z, Probs = byIndex ? null : p, Weights = classWeights.IsEmpty ? null : w, Gradient = gradient.IsEmpty ? null : g,
                    Targets = byIndex ? y : null, Mask = rowMask.IsEmpty ? null : mask,
                    Rows = rows, Cols = cols, IgnoreIndex = options.IgnoreIndex ?? 0, HasIgnore = options.IgnoreIndex.HasValue,
                    KullbackLeibler = objective == LogitObjective.KullbackLeibler, Decompose = options.Decompose || rowTerms.WantsDecomposition,
                    Epsilon = options.LabelSmoothing, WeightSum = weightSum, Scale = reduction == LossReduction.None ? 1 : scale,
                    RowLoss = rowTerms.Loss.IsEmpty ? null : rl, RowEntropy = rowTerms.Entropy.IsEmpty ? null : re,
                    RowCross = rowTerms.CrossEntropy.IsEmpty ? null : rc, RowDivergence = rowTerms.Divergence.IsEmpty ? null : rd,
                    Sums = s,
                };
                RowPartition.Run(chunks, threads, job, static (j, k) => RunChunk(j, k));
            }
            var total = new ChunkSums();
            for (int k = 0; k < chunks; k++)
            {
                ref var c = ref sums[k];
                if (c.Fault != RowFault.None) throw FaultException(c.Fault, c.BadRow, byIndex);
                total.Loss += c.Loss; total.Entropy += c.Entropy; total.CrossEntropy += c.CrossEntropy; total.Divergence += c.Divergence;
            }
            double loss = reduction is LossReduction.None or LossReduction.Sum ? total.Loss : total.Loss * scale;
            if (!options.Decompose) return new LossResult(loss, counted, null, null, null);
            double perRow = counted > 0 ? 1.0 / counted : 0;
            return new LossResult(loss, counted, total.Entropy * perRow, total.CrossEntropy * perRow, total.Divergence * perRow);
        }
        finally
        {
            pool.Return(sums);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void RunChunk(Job job, int chunk)
    {
        int per = RowPartition.RowsPerChunk(job.Cols);
        int start = chunk * per, end = Math.Min(job.Rows, start + per);
        var sums = new ChunkSums();
        int cols = job.Cols;
        int i = start;
        // the same path for cross-entropy and KL, with or without the decomposition, so that their gradients are the same bits
        bool blocks = job.Targets == null || job.Epsilon == 0;
        if (typeof(T) == typeof(float) && job.Weights == null && blocks && SmallRowBlock.IsSupported(cols))
            i = SmallRowBlocks(job, start, end, ref sums);
        for (; i >= 0 && i < end; i++)
            if (!OneRow(job, i, ref sums)) break;
        job.Sums[chunk] = sums;
    }

    /// <summary>Evaluates row i with the row kernels and adds it to the chunk sums; false (fault recorded) on a bad row.</summary>
    private static bool OneRow(Job job, int i, ref ChunkSums sums)
    {
        int cols = job.Cols;
        T* z = job.Logits + (long)i * cols;
        T* g = job.Gradient == null ? null : job.Gradient + (long)i * cols;
        bool skip = job.Targets != null
            ? job.HasIgnore && job.Targets[i] == job.IgnoreIndex
            : job.Mask != null && !job.Mask[i];
        RowOutcome row;
        if (skip)
        {
            if (g != null) new Span<T>(g, cols).Clear();
            row = default;
        }
        else
        {
            if (typeof(T) == typeof(float))
                row = job.Targets != null
                    ? SoftmaxCrossEntropyRowSimd.Hard((float*)z, cols, job.Targets[i], job.Epsilon, (float*)job.Weights, job.WeightSum, job.KullbackLeibler, (float*)g, job.Scale)
                    : SoftmaxCrossEntropyRowSimd.Soft((float*)z, (float*)(job.Probs + (long)i * cols), cols, job.Epsilon, (float*)job.Weights, job.KullbackLeibler, job.Decompose, Tolerance, (float*)g, job.Scale);
            else row = job.Targets != null
                ? SoftmaxCrossEntropyRow.Hard(z, cols, job.Targets[i], job.Epsilon, job.Weights, job.WeightSum, job.KullbackLeibler, g, job.Scale)
                : SoftmaxCrossEntropyRow.Soft(z, job.Probs + (long)i * cols, cols, job.Epsilon, job.Weights, job.KullbackLeibler, Tolerance, g, job.Scale);
            if (row.Fault != RowFault.None)
            {
                sums.Fault = row.Fault; sums.BadRow = i;
                return false;
            }
        }
        Add(job, i, row, ref sums);
        return true;
    }

    private static void Add(Job job, int i, in RowOutcome row, ref ChunkSums sums)
    {
        sums.Loss += row.Loss; sums.Entropy += row.Entropy; sums.CrossEntropy += row.CrossEntropy; sums.Divergence += row.Divergence;
        if (job.RowLoss != null) job.RowLoss[i] = row.Loss;
        if (job.RowEntropy != null) job.RowEntropy[i] = row.Entropy;
        if (job.RowCross != null) job.RowCross[i] = row.CrossEntropy;
        if (job.RowDivergence != null) job.RowDivergence[i] = row.Divergence;
    }

    /// <summary>Runs whole blocks of 8 short rows through the block kernels; a block with an ignored or masked row, or a fault,
    /// goes row by row (which reports the fault). Returns the first row of the partial last block, left to the caller; −1 after a fault.</summary>
    private static int SmallRowBlocks(Job job, int start, int end, ref ChunkSums sums)
    {
        const int B = SmallRowBlock.Rows;
        int cols = job.Cols;
        int* rowOf = stackalloc int[B * 16];
        int* colOf = stackalloc int[B * 16];
        float* buffer = stackalloc float[B * 16];
        float* shifted = stackalloc float[B * 16];
        float* pLogP = stackalloc float[B * 16];
        double* loss = stackalloc double[B];
        double* entropy = stackalloc double[B];
        double* crossEntropy = stackalloc double[B];
        double* divergence = stackalloc double[B];
        SmallRowBlock.Tables(cols, rowOf, colOf);
        int i = start;
        for (; i + B <= end; i += B)
        {
            bool plain = true;
            for (int r = 0; r < B; r++)
                if (job.Targets != null ? job.HasIgnore && job.Targets[i + r] == job.IgnoreIndex : job.Mask != null && !job.Mask[i + r]) plain = false;
            float* z = (float*)(job.Logits + (long)i * cols);
            float* g = job.Gradient == null ? null : (float*)(job.Gradient + (long)i * cols);
            bool done = plain && (job.Targets != null
                ? SoftmaxCrossEntropySmallRows.Hard8(z, cols, job.Targets + i, rowOf, colOf, buffer, g, job.Scale, loss)
                : SoftmaxCrossEntropySmallRows.Soft8(z, (float*)(job.Probs + (long)i * cols), cols, job.Epsilon, Tolerance, job.Decompose || job.KullbackLeibler,
                    job.KullbackLeibler, rowOf, buffer, shifted, pLogP, g, job.Scale, loss, entropy, crossEntropy, divergence));
            if (done)
            {
                for (int r = 0; r < B; r++)
                {
                    if (job.Targets != null)
                    {
                        // hard target, no smoothing: H(P) = 0 and H(P,Q) = D(P‖Q) = ℓ (clamped at 0 against rounding for D)
                        double d = Math.Max(0, loss[r]);
                        Add(job, i + r, new RowOutcome { Loss = job.KullbackLeibler ? d : loss[r], CrossEntropy = loss[r], Divergence = d }, ref sums);
                    }
                    else if (job.Decompose || job.KullbackLeibler)
                        Add(job, i + r, new RowOutcome { Loss = loss[r], Entropy = entropy[r], CrossEntropy = crossEntropy[r], Divergence = divergence[r] }, ref sums);
                    else Add(job, i + r, new RowOutcome { Loss = loss[r] }, ref sums);   // no decomposition requested
                }
                continue;
            }
            for (int r = 0; r < B; r++)
                if (!OneRow(job, i + r, ref sums)) return -1;
        }
        return i;
    }

    private static Exception FaultException(RowFault fault, int row, bool byIndex) => fault switch
    {
        RowFault.LogitNotFinite => new ArgumentException($"logits row {row} holds NaN or +∞: logits must be finite or −∞", "logits"),
        RowFault.AllLogitsMasked => new ArgumentException($"logits row {row} is all −∞: softmax is undefined", "logits"),
        RowFault.NegativeProbability => new ArgumentException($"targetProbabilities row {row} holds a negative or NaN value: probabilities must be ≥ 0", "targetProbabilities"),
        RowFault.NotNormalised => new ArgumentException($"targetProbabilities row {row} does not sum to 1 (tolerance {Tolerance:g}) or holds NaN", "targetProbabilities"),
        _ => new InvalidOperationException($"row {row}: fault {fault} ({(byIndex ? "index" : "probability")} targets)"),
    };

    private static void Validate(ReadOnlySpan<T> logits, int rows, int cols, ReadOnlySpan<int> targets, ReadOnlySpan<T> probabilities,
        bool byIndex, Span<T> gradient, in LossOptions options, ReadOnlySpan<T> classWeights, ReadOnlySpan<bool> rowMask,
        RowTerms rowTerms, LossReduction reduction)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"rows = {rows}: must be ≥ 0");
        if (cols < 1) throw new ArgumentOutOfRangeException(nameof(cols), cols, $"cols = {cols}: must be ≥ 1 (classes)");
        long size = (long)rows * cols;
        if (logits.Length != size) throw new ArgumentException($"logits has {logits.Length} elements, rows × cols = {rows} × {cols} = {size}", nameof(logits));
        if (!gradient.IsEmpty && gradient.Length != size) throw new ArgumentException($"gradient has {gradient.Length} elements, expected 0 or rows × cols = {size}", nameof(gradient));
        if (!Enum.IsDefined(reduction)) throw new ArgumentOutOfRangeException("options.Reduction", reduction, $"options.Reduction = {reduction}: unknown reduction");
        double eps = options.LabelSmoothing;
        if (!(eps >= 0 && eps <= 1)) throw new ArgumentOutOfRangeException("options.LabelSmoothing", eps, $"options.LabelSmoothing = {eps}: must be in [0, 1]");
        RowPartition.ResolveThreads(options.Threads, "options.Threads");
        if (!classWeights.IsEmpty)
        {
            if (classWeights.Length != cols) throw new ArgumentException($"classWeights has {classWeights.Length} elements, expected 0 or cols = {cols}", nameof(classWeights));
            for (int c = 0; c < cols; c++)
            {
                double w = double.CreateTruncating(classWeights[c]);
                if (!(w >= 0 && w < double.PositiveInfinity)) throw new ArgumentOutOfRangeException(nameof(classWeights), w, $"classWeights[{c}] = {w}: weights must be finite and ≥ 0");
            }
        }
        if (byIndex)
        {
            if (targets.Length != rows) throw new ArgumentException($"targets has {targets.Length} elements, expected rows = {rows}", nameof(targets));
            for (int i = 0; i < rows; i++)
            {
                int t = targets[i];
                if ((uint)t >= (uint)cols && !(options.IgnoreIndex == t))
                    throw new ArgumentOutOfRangeException(nameof(targets), t, $"targets[{i}] = {t}: class index must be in [0, {cols})" + (options.IgnoreIndex is { } ig ? $" or the ignore index {ig}" : ""));
            }
        }
        else
        {
            if (probabilities.Length != size) throw new ArgumentException($"targetProbabilities has {probabilities.Length} elements, rows × cols = {size}", "targetProbabilities");
            if (!rowMask.IsEmpty && rowMask.Length != rows) throw new ArgumentException($"rowMask has {rowMask.Length} elements, expected 0 or rows = {rows}", nameof(rowMask));
        }
        CheckRowSpan(rowTerms.Loss, rows, "rowTerms.Loss");
        CheckRowSpan(rowTerms.Entropy, rows, "rowTerms.Entropy");
        CheckRowSpan(rowTerms.CrossEntropy, rows, "rowTerms.CrossEntropy");
        CheckRowSpan(rowTerms.Divergence, rows, "rowTerms.Divergence");
    }

    private static void CheckRowSpan(Span<double> span, int rows, string name)
    {
        if (!span.IsEmpty && span.Length != rows) throw new ArgumentException($"{name} has {span.Length} elements, expected 0 or rows = {rows}", name);
    }

    private static int CountIndexRows(ReadOnlySpan<int> targets, in LossOptions options)
    {
        if (options.IgnoreIndex is not { } ignore) return targets.Length;
        int n = 0;
        foreach (int t in targets) if (t != ignore) n++;
        return n;
    }

    private static int CountMaskRows(ReadOnlySpan<bool> mask, int rows)
    {
        if (mask.IsEmpty) return rows;
        int n = 0;
        foreach (bool b in mask) if (b) n++;
        return n;
    }

    /// <summary>Σᵢ w[yᵢ] over rows not ignored (their count without weights).</summary>
    private static double IndexNormaliser(ReadOnlySpan<int> targets, ReadOnlySpan<T> weights, in LossOptions options)
    {
        if (weights.IsEmpty) return CountIndexRows(targets, options);
        double sum = 0;
        foreach (int t in targets)
            if (!(options.IgnoreIndex == t)) sum += double.CreateTruncating(weights[t]);
        return sum;
    }

    /// <summary>Σᵢ Σ_c w_c·p_ic over unmasked rows (their count without weights): the expected weight of each row.</summary>
    private static double ProbabilityNormaliser(ReadOnlySpan<T> p, int rows, int cols, ReadOnlySpan<T> weights, ReadOnlySpan<bool> mask)
    {
        if (weights.IsEmpty) return CountMaskRows(mask, rows);
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            if (!mask.IsEmpty && !mask[i]) continue;
            var row = p.Slice(i * cols, cols);
            for (int c = 0; c < cols; c++) sum += double.CreateTruncating(weights[c]) * double.CreateTruncating(row[c]);
        }
        return sum;
    }
}
