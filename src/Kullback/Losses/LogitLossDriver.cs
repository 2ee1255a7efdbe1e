using System.Buffers;
using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Losses;

/// <summary>
/// The one driver behind <see cref="LogitLoss"/> (and so <see cref="CrossEntropyLoss"/> and <see cref="KullbackLeiblerLoss"/>): validates every
/// argument before any work, fixes the gradient scale from the reduction, runs the fused row kernels over row
/// chunks (optionally on several threads) and combines the chunk sums in a fixed order.
/// </summary>
internal static unsafe class LogitLossDriver<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>|Σ_c p_c − 1| allowed in a probability target row.</summary>
    private static readonly double Tolerance = typeof(T) == typeof(float) ? 1e-4 : 1e-6;

    private struct Job
    {
        public T* Logits, Probs, Weights, Gradient, SampleWeights;
        public int* Targets;
        public bool* Mask;
        public int Rows, Cols, IgnoreIndex;
        public bool HasIgnore, KullbackLeibler, Decompose, LogTarget, Unclamped;
        public double RowTolerance;
        public double Epsilon, WeightSum, Scale;
        public double* RowLoss, RowEntropy, RowCross, RowDivergence;
        public ChunkSums* Sums;
    }

    private struct ChunkSums
    {
        public double Loss, Entropy, CrossEntropy, Divergence, DecompositionWeight;
        public int BadRow;
        public RowFault Fault;
    }

    public static LossResult Evaluate(LogitObjective objective, ReadOnlySpan<T> logits, int rows, int cols,
        ReadOnlySpan<int> targets, ReadOnlySpan<T> probabilities, bool byIndex, Span<T> gradient, in LossOptions options,
        ReadOnlySpan<T> classWeights, ReadOnlySpan<bool> rowMask, RowTerms rowTerms, ReadOnlySpan<T> sampleWeights = default, bool logTarget = false)
    {
        var reduction = options.Reduction ?? (objective == LogitObjective.KullbackLeibler ? LossReduction.BatchMean : LossReduction.Mean);
        Validate(logits, rows, cols, targets, probabilities, byIndex, gradient, options, classWeights, rowMask, rowTerms, reduction, logTarget);
        SampleWeights.Check(sampleWeights, rows);
        int threads = RowPartition.ResolveThreads(options.Threads, "options.Threads");
        bool torch = options.TorchCompatible, kl = objective == LogitObjective.KullbackLeibler;

        double weightSum = cols;
        if (!classWeights.IsEmpty) { weightSum = 0; foreach (var w in classWeights) weightSum += double.CreateTruncating(w); }
        int counted = byIndex ? CountIndexRows(targets, options) : CountMaskRows(rowMask, rows);
        double normaliser = reduction switch
        {
            // torch: kl_div(reduction='mean') divides by N·C; cross_entropy with probability targets by N, weights or not
            LossReduction.Mean when torch && kl && !byIndex => cols * SampleWeights.Total(sampleWeights, rows),
            LossReduction.Mean when torch && !byIndex => RowWeightSum(sampleWeights, rowMask, rows),
            LossReduction.Mean => byIndex ? IndexNormaliser(targets, classWeights, options, sampleWeights)
                : ProbabilityNormaliser(probabilities, rows, cols, classWeights, rowMask, sampleWeights, logTarget),
            LossReduction.BatchMean => SampleWeights.Total(sampleWeights, rows),
            _ => 1,
        };
        // an empty mean is 0 with a zero gradient; torch_compatible: NaN (torch's 0/0), the gradient still zero
        double scale = normaliser > 0 ? 1 / normaliser : 0;
        bool nanMean = torch && reduction == LossReduction.Mean && !(normaliser > 0);

        int chunks = RowPartition.ChunkCount(rows, cols);
        var pool = ArrayPool<ChunkSums>.Shared;
        var sums = pool.Rent(Math.Max(1, chunks));
        Array.Clear(sums, 0, Math.Max(1, chunks));
        try
        {
            fixed (T* z = logits) fixed (T* p = probabilities) fixed (T* w = classWeights) fixed (T* g = gradient)
            fixed (int* y = targets) fixed (bool* mask = rowMask) fixed (ChunkSums* s = sums) fixed (T* sw = sampleWeights)
            fixed (double* rl = rowTerms.Loss) fixed (double* re = rowTerms.Entropy) fixed (double* rc = rowTerms.CrossEntropy) fixed (double* rd = rowTerms.Divergence)
            {
                var job = new Job
                {
                    Logits = z, Probs = byIndex ? null : p, Weights = classWeights.IsEmpty ? null : w, Gradient = gradient.IsEmpty ? null : g,
                    SampleWeights = sampleWeights.IsEmpty ? null : sw, LogTarget = logTarget,
                    // unnormalised targets (torch_compatible): the KL row is Σ p·log(p/q) as it is, not clamped at 0
                    Unclamped = torch && kl && !byIndex, RowTolerance = torch ? double.PositiveInfinity : Tolerance,
                    Targets = byIndex ? y : null, Mask = rowMask.IsEmpty ? null : mask,
                    Rows = rows, Cols = cols, IgnoreIndex = options.IgnoreIndex ?? 0, HasIgnore = options.IgnoreIndex.HasValue,
                    KullbackLeibler = kl, Decompose = options.Decompose || rowTerms.WantsDecomposition || (torch && kl && !byIndex),
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
                if (c.Fault != RowFault.None) throw FaultException(c.Fault, c.BadRow, byIndex, logTarget);
                total.Loss += c.Loss; total.Entropy += c.Entropy; total.CrossEntropy += c.CrossEntropy; total.Divergence += c.Divergence;
                total.DecompositionWeight += c.DecompositionWeight;
            }
            double loss = reduction is LossReduction.None or LossReduction.Sum ? total.Loss : nanMean ? double.NaN : total.Loss * scale;
            if (!options.Decompose) return new LossResult(loss, counted, null, null, null);
            double perRow = total.DecompositionWeight > 0 ? 1.0 / total.DecompositionWeight : 0;
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
        bool blocks = job.SampleWeights == null && !job.LogTarget && !job.Unclamped && double.IsFinite(job.RowTolerance);
        var width = SimdWidth.For<float>(end - start);
        if (typeof(T) == typeof(float) && job.Weights == null && blocks && cols <= SoftmaxCrossEntropyBlocks.MaxCols && width != VectorWidth.Scalar)
            i = SmallRowBlocks(job, start, end, width, ref sums);
        T[]? scratch = job.LogTarget ? ArrayPool<T>.Shared.Rent(cols) : null;
        try
        {
            fixed (T* probs = scratch)
                for (; i >= 0 && i < end; i++)
                    if (!OneRow(job, i, ref sums, probs)) break;
        }
        finally
        {
            if (scratch != null) ArrayPool<T>.Shared.Return(scratch);
        }
        job.Sums[chunk] = sums;
    }

    /// <summary>Evaluates row i with the row kernels and adds it to the chunk sums; false (fault recorded) on a bad row.</summary>
    /// <remarks>probs: scratch of C elements receiving exp(target row) for log targets (null otherwise).</remarks>
    private static bool OneRow(in Job job, int i, ref ChunkSums sums, T* probs = null)
    {
        int cols = job.Cols;
        T* z = job.Logits + (long)i * cols;
        T* g = job.Gradient == null ? null : job.Gradient + (long)i * cols;
        bool skip = job.Targets != null
            ? job.HasIgnore && job.Targets[i] == job.IgnoreIndex
            : job.Mask != null && !job.Mask[i];
        double sw = job.SampleWeights == null ? 1 : double.CreateTruncating(job.SampleWeights[i]);
        double rowScale = job.Scale * sw;
        T* target = job.Probs == null ? null : job.Probs + (long)i * cols;
        if (target != null && job.LogTarget)
        {
            for (int c = 0; c < cols; c++) probs[c] = T.CreateTruncating(Math.Exp(double.CreateTruncating(target[c])));   // p = exp(log p)
            target = probs;
        }
        RowOutcome row;
        if (skip)
        {
            if (g != null) new Span<T>(g, cols).Clear();
            row = default;
        }
        else
        {
            var input = new CrossEntropyRow<T>
            {
                Logits = z, Cols = cols, Target = job.Targets != null ? job.Targets[i] : 0, Probabilities = target,
                Weights = job.Weights, WeightSum = job.WeightSum, Gradient = g, Scale = rowScale, Epsilon = job.Epsilon,
                Tolerance = job.RowTolerance, Objective = job.KullbackLeibler ? LogitObjective.KullbackLeibler : LogitObjective.CrossEntropy,
            };
            row = SoftmaxCrossEntropy.Evaluate(input, job.Decompose);
            if (row.Fault != RowFault.None)
            {
                sums.Fault = row.Fault; sums.BadRow = i;
                return false;
            }
            if (job.Unclamped && job.Weights == null) row.Loss = row.CrossEntropy - row.Entropy;   // Σ p·log(p/q), sign kept
            // the sample weight scales the objective (a weight of 0 drops the row, even an infinite one)
            row.Loss = sw == 1 ? row.Loss : sw == 0 ? 0 : sw * row.Loss;
        }
        Add(job, i, row, ref sums, skip ? 0 : sw);
        return true;
    }

    private static void Add(in Job job, int i, in RowOutcome row, ref ChunkSums sums, double decompositionWeight = 1)
    {
        sums.Loss += row.Loss;
        if (decompositionWeight > 0)
        {
            // batch means of the decomposition are weighted by the sample weights (the per-row terms are not)
            double v = decompositionWeight;
            sums.Entropy += v * row.Entropy; sums.CrossEntropy += v * row.CrossEntropy; sums.Divergence += v * row.Divergence;
            sums.DecompositionWeight += v;
        }
        if (job.RowLoss != null) job.RowLoss[i] = row.Loss;
        if (job.RowEntropy != null) job.RowEntropy[i] = row.Entropy;
        if (job.RowCross != null) job.RowCross[i] = row.CrossEntropy;
        if (job.RowDivergence != null) job.RowDivergence[i] = row.Divergence;
    }

    /// <summary>Runs whole blocks of short rows (one row per lane) through <see cref="SoftmaxCrossEntropyBlocks"/>; a block with an
    /// ignored or masked row, or a fault, goes row by row (which reports the fault). Returns the first row of the partial last
    /// block, left to the caller; −1 after a fault.</summary>
    private static int SmallRowBlocks(in Job job, int start, int end, VectorWidth width, ref ChunkSums sums)
    {
        int rows = SoftmaxCrossEntropyBlocks.RowsPerBlock(width);
        int cols = job.Cols;
        float* scratch = stackalloc float[SoftmaxCrossEntropyBlocks.ScratchFloats];
        var outcomes = stackalloc RowOutcome[16];
        var block = new CrossEntropyRow<float>
        {
            Cols = cols, WeightSum = cols, Scale = job.Scale, Epsilon = job.Epsilon, Tolerance = Tolerance,
            Objective = job.KullbackLeibler ? LogitObjective.KullbackLeibler : LogitObjective.CrossEntropy,
        };
        bool decompose = job.Decompose || job.KullbackLeibler;
        int i = start;
        for (; i + rows <= end; i += rows)
        {
            bool plain = true;
            for (int r = 0; r < rows; r++)
                if (job.Targets != null ? job.HasIgnore && job.Targets[i + r] == job.IgnoreIndex : job.Mask != null && !job.Mask[i + r]) plain = false;
            block.Logits = (float*)(job.Logits + (long)i * cols);
            block.Gradient = job.Gradient == null ? null : (float*)(job.Gradient + (long)i * cols);
            block.Probabilities = job.Probs == null ? null : (float*)(job.Probs + (long)i * cols);
            if (plain && SoftmaxCrossEntropyBlocks.Run(block, job.Targets == null ? null : job.Targets + i, decompose, width, scratch, outcomes))
            {
                for (int r = 0; r < rows; r++) Add(job, i + r, outcomes[r], ref sums);
                continue;
            }
            for (int r = 0; r < rows; r++)
                if (!OneRow(job, i + r, ref sums)) return -1;
        }
        return i;
    }

    private static Exception FaultException(RowFault fault, int row, bool byIndex, bool logTarget) => fault switch
    {
        RowFault.NegativeProbability when logTarget => new ArgumentException($"targetLogProbabilities row {row} holds NaN", "targetLogProbabilities"),
        RowFault.NotNormalised when logTarget => new ArgumentException($"targetLogProbabilities row {row}: Σ exp(log p) does not equal 1 (tolerance {Tolerance:g}); pass TorchCompatible to accept unnormalised targets", "targetLogProbabilities"),
        RowFault.LogitNotFinite => new ArgumentException($"logits row {row} holds NaN or +∞: logits must be finite or −∞", "logits"),
        RowFault.AllLogitsMasked => new ArgumentException($"logits row {row} is all −∞: softmax is undefined", "logits"),
        RowFault.NegativeProbability => new ArgumentException($"targetProbabilities row {row} holds a negative or NaN value: probabilities must be ≥ 0", "targetProbabilities"),
        RowFault.NotNormalised => new ArgumentException($"targetProbabilities row {row} does not sum to 1 (tolerance {Tolerance:g}) or holds NaN; pass TorchCompatible to accept unnormalised targets", "targetProbabilities"),
        _ => new InvalidOperationException($"row {row}: fault {fault} ({(byIndex ? "index" : "probability")} targets)"),
    };

    private static void Validate(ReadOnlySpan<T> logits, int rows, int cols, ReadOnlySpan<int> targets, ReadOnlySpan<T> probabilities,
        bool byIndex, Span<T> gradient, in LossOptions options, ReadOnlySpan<T> classWeights, ReadOnlySpan<bool> rowMask,
        RowTerms rowTerms, LossReduction reduction, bool logTarget)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"rows = {rows}: must be ≥ 0");
        if (cols < 1) throw new ArgumentOutOfRangeException(nameof(cols), cols, $"cols = {cols}: must be ≥ 1 (classes)");
        long size = (long)rows * cols;
        if (logits.Length != size) throw new ArgumentException($"logits has {logits.Length} elements, rows × cols = {rows} × {cols} = {size}", nameof(logits));
        if (!gradient.IsEmpty && gradient.Length != size) throw new ArgumentException($"gradient has {gradient.Length} elements, expected 0 or rows × cols = {size}", nameof(gradient));
        if (!LossEnums.IsDefined(reduction)) throw new ArgumentOutOfRangeException("options.Reduction", reduction, $"options.Reduction = {reduction}: unknown reduction");
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
            string name = logTarget ? "targetLogProbabilities" : "targetProbabilities";
            if (probabilities.Length != size) throw new ArgumentException($"{name} has {probabilities.Length} elements, rows × cols = {size}", name);
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

    /// <summary>Σᵢ sᵢ·w[yᵢ] over rows not ignored (their count without weights).</summary>
    private static double IndexNormaliser(ReadOnlySpan<int> targets, ReadOnlySpan<T> weights, in LossOptions options, ReadOnlySpan<T> sampleWeights)
    {
        if (weights.IsEmpty && sampleWeights.IsEmpty) return CountIndexRows(targets, options);
        double sum = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            int t = targets[i];
            if (options.IgnoreIndex == t) continue;
            sum += (weights.IsEmpty ? 1 : double.CreateTruncating(weights[t])) * (sampleWeights.IsEmpty ? 1 : double.CreateTruncating(sampleWeights[i]));
        }
        return sum;
    }

    /// <summary>Σᵢ sᵢ·Σ_c w_c·p_ic over unmasked rows (their count without weights): the expected weight of each row.
    /// For log targets p = exp(log p).</summary>
    private static double ProbabilityNormaliser(ReadOnlySpan<T> p, int rows, int cols, ReadOnlySpan<T> weights, ReadOnlySpan<bool> mask,
        ReadOnlySpan<T> sampleWeights, bool logTarget)
    {
        if (weights.IsEmpty) return RowWeightSum(sampleWeights, mask, rows);
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            if (!mask.IsEmpty && !mask[i]) continue;
            var row = p.Slice(i * cols, cols);
            double r = 0;
            for (int c = 0; c < cols; c++)
            {
                double pc = double.CreateTruncating(row[c]);
                r += double.CreateTruncating(weights[c]) * (logTarget ? Math.Exp(pc) : pc);
            }
            sum += sampleWeights.IsEmpty ? r : double.CreateTruncating(sampleWeights[i]) * r;
        }
        return sum;
    }

    /// <summary>Σᵢ sᵢ over unmasked rows (their count without sample weights).</summary>
    private static double RowWeightSum(ReadOnlySpan<T> sampleWeights, ReadOnlySpan<bool> mask, int rows)
    {
        if (sampleWeights.IsEmpty) return CountMaskRows(mask, rows);
        double sum = 0;
        for (int i = 0; i < rows; i++)
            if (mask.IsEmpty || mask[i]) sum += double.CreateTruncating(sampleWeights[i]);
        return sum;
    }
}
