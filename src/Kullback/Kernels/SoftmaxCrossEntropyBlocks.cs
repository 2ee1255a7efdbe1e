using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Kullback.Losses;

namespace Kullback.Kernels;

/// <summary>
/// The short rows of <see cref="SoftmaxCrossEntropy"/> (C ≤ <see cref="MaxCols"/>, e.g. 10 classes) on the one short-row
/// block driver (<see cref="SmallRowBlock"/>): R rows at once (R = the lanes of the width: 16, 8 or 4), one row per lane. The
/// lane code of the row kernel runs on the transposed columns (exp, <see cref="TargetLanes{T, TV, L, TW, TD}"/>,
/// <see cref="SoftmaxCrossEntropy.GradientLane{T, TV, L, TT, TW}"/>). A class index with label smoothing finishes each lane
/// through <see cref="SoftmaxCrossEntropy.Finish{TT, TW, TD}"/>; without smoothing, and for probability targets
/// (<see cref="FinishProbabilityLanes{TD}"/>), the lanes finish together in double vectors with Finish's operations in its
/// order — a second copy of those few lines of Finish, kept to its bits by the block tests (ProbabilityLanesFinishWithTheBitsOfFinish).
/// Unweighted only; any fault returns false and the caller goes row by row (which reports it).
/// </summary>
internal static unsafe class SoftmaxCrossEntropyBlocks
{
    /// <summary>The longest row the driver takes.</summary>
    public const int MaxCols = SmallRowBlock.MaxCols;

    /// <summary>Floats of scratch a block needs (for any width): z, p and g transposed, the spilled lane sums, α and the
    /// per-lane logs in double.</summary>
    public const int ScratchFloats = 3 * 16 * MaxCols + 9 * 16 + 2 * 16;

    /// <summary>Rows per block at <paramref name="width"/> (0: no block driver at this width).</summary>
    public static int RowsPerBlock(VectorWidth width) => SmallRowBlock.RowsPerBlock(width);

    /// <summary>One block of <see cref="RowsPerBlock"/> rows at <paramref name="width"/>: <paramref name="block"/> points at its
    /// first row (logits, probability target or <paramref name="targets"/>, gradient). Writes the rows' outcomes and gradient;
    /// false (nothing written) on any fault.</summary>
    public static bool Run(in CrossEntropyRow<float> block, int* targets, bool decompose, VectorWidth width, float* scratch, RowOutcome* outcomes) => width switch
    {
        VectorWidth.V512 => Modes<Vector512<float>, FloatSimd512>(block, targets, decompose, scratch, outcomes),
        VectorWidth.V256 => Modes<Vector256<float>, FloatSimd256>(block, targets, decompose, scratch, outcomes),
        VectorWidth.V128 => Modes<Vector128<float>, FloatSimd128>(block, targets, decompose, scratch, outcomes),
        _ => false,
    };

    private static bool Modes<TV, TOps>(in CrossEntropyRow<float> block, int* targets, bool decompose, float* scratch, RowOutcome* outcomes)
        where TV : struct where TOps : ISimdFloat<TV>
    {
        bool g = block.Gradient != null;
        if (targets != null)
            return g ? Block<TV, TOps, ClassIndexTarget, WithTerms, WithGradient>(block, targets, scratch, outcomes)
                : Block<TV, TOps, ClassIndexTarget, WithTerms, NoGradient>(block, targets, scratch, outcomes);
        if (decompose || block.Objective == LogitObjective.KullbackLeibler)
            return g ? Block<TV, TOps, ProbabilityTarget, WithTerms, WithGradient>(block, null, scratch, outcomes)
                : Block<TV, TOps, ProbabilityTarget, WithTerms, NoGradient>(block, null, scratch, outcomes);
        return g ? Block<TV, TOps, ProbabilityTarget, LossOnly, WithGradient>(block, null, scratch, outcomes)
            : Block<TV, TOps, ProbabilityTarget, LossOnly, NoGradient>(block, null, scratch, outcomes);
    }

    /// <summary>
    /// <see cref="SoftmaxCrossEntropy.Finish{TT, TW, TD}"/> of an unweighted probability target for all lanes of a block at
    /// once, two rows per Vector128 of double (every machine has it), with Finish's operations in Finish's order (no fused
    /// multiply-adds, Vector128.Max as Math.Max), so the same bits: outcomes[r] and α_r = (float)(scale·W̃/s) from the
    /// spilled lane sums (<see cref="TargetLanes{T, TV, L, TW, TD}.Spill"/>, stride <paramref name="rows"/>) and log s in
    /// <paramref name="logs"/>. False when a row is not normalised within the tolerance (or its Σ p is NaN); negative
    /// probabilities are the caller's check.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool FinishProbabilityLanes<TD>(in CrossEntropyRow<float> block, float* lanes, double* logs, int rows, RowOutcome* outcomes, float* alpha)
        where TD : ITermsMode
    {
        double epsilon = block.Epsilon;
        var one = Vector128.Create(1.0);
        Vector128<double> tolerance = Vector128.Create(block.Tolerance), keep = Vector128.Create(1 - epsilon), eps = Vector128.Create(epsilon),
            scale = Vector128.Create(block.Scale), normalised = Vector128<double>.AllBitsSet;
        bool kl = block.Objective == LogitObjective.KullbackLeibler;
        for (int r = 0; r < rows; r += 2)
        {
            var exp = Pair(lanes + r);
            var raw = Pair(lanes + rows + r);
            var shifted = Pair(lanes + 3 * rows + r);                // Σ p̃·(z − m), Finish's WeightedShifted
            var logS = Vector128.Load(logs + r);
            normalised &= Vector128.LessThanOrEqual(Vector128.Abs(raw - one), tolerance);
            var sumP = keep * raw + eps;                               // Σ p̃ = (1 − ε)·Σ p + ε = W̃
            var loss = sumP * logS - shifted;
            *(double*)(alpha + r) = Vector128.Narrow(scale * sumP / exp, Vector128<double>.Zero).AsDouble().ToScalar();
            if (!TD.Decomposed)
            {
                outcomes[r] = new RowOutcome { Loss = loss.GetElement(0) };
                outcomes[r + 1] = new RowOutcome { Loss = loss.GetElement(1) };
                continue;
            }
            var h = -Pair(lanes + 5 * rows + r);                      // H(P̃) = −Σ p̃·log p̃
            var d = Vector128.Max(Vector128<double>.Zero, loss - h);   // unweighted: H(P̃,Q) is the loss
            var reported = kl ? d : loss;
            outcomes[r] = new RowOutcome { Loss = reported.GetElement(0), Entropy = h.GetElement(0), CrossEntropy = loss.GetElement(0), Divergence = d.GetElement(0) };
            outcomes[r + 1] = new RowOutcome { Loss = reported.GetElement(1), Entropy = h.GetElement(1), CrossEntropy = loss.GetElement(1), Divergence = d.GetElement(1) };
        }
        return normalised.AsUInt64() == Vector128<ulong>.AllBitsSet;
    }

    /// <summary>Two floats at <paramref name="at"/> widened to double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Pair(float* at) => Vector128.WidenLower(Vector128.CreateScalarUnsafe(*(double*)at).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Block<TV, TOps, TT, TD, TG>(in CrossEntropyRow<float> block, int* targets, float* scratch, RowOutcome* outcomes)
        where TV : struct where TOps : ISimdFloat<TV> where TT : ITargetMode where TD : ITermsMode where TG : IGradientMode
    {
        // Shapes: R = TOps.Count rows of C = block.Cols ≤ 16 classes, row-major: z = block.Logits (R·C), p = block.Probabilities
        // (R·C, probability target) or targets (R class indices), g = block.Gradient (R·C, WithGradient). Reads z and p or the
        // targets; writes g and outcomes[R] (only when no row faults). scratch: z, p and g transposed to C column vectors
        // (lane r = row r), then the spilled per-lane sums and α.
        int rows = TOps.Count, n = block.Cols;
        float* zt = scratch, pt = zt + rows * MaxCols, gt = pt + rows * MaxCols, lanes = gt + rows * MaxCols, alpha = lanes + 8 * rows;
        double* logs = (double*)(alpha + 16);
        SmallRowBlock.Transpose<TV, TOps>(block.Logits, zt, n);
        if (!SmallRowBlock.ColumnMax<TV, TOps>(zt, n, out TV m)) return false;
        double epsilon = block.Epsilon;
        if (TT.IsClassIndex)
        {
            TV s = default, shifted = default;
            for (int k = 0; k < n; k++)
            {
                TV d = TOps.Subtract(TOps.Load(zt + k * rows), m);
                TV e = TOps.Exp(d);
                if (TG.Written) TOps.Store(gt + k * rows, e);
                s = TOps.Add(s, e);
                if (epsilon > 0) shifted = TOps.Add(shifted, d);
            }
            if (epsilon == 0)
            {
                // no smoothing: Finish reduces to ℓ = H(P̃,Q) = −log q_y = log s − (z_y − m), H(P̃) = 0, D = max(0, ℓ), W̃ = 1,
                // here for all R lanes at once in double (the same operations, so the same bits as Finish)
                float* zy = lanes;
                for (int r = 0; r < rows; r++) zy[r] = zt[targets[r] * rows + r];
                SmallRowBlock.LogMinusShiftedInDouble<TV>(s, TOps.Load(zy), m, logs);
                bool kl = block.Objective == LogitObjective.KullbackLeibler;
                for (int r = 0; r < rows; r++)
                {
                    double nll = logs[r], d = Math.Max(0, nll);
                    outcomes[r] = new RowOutcome { Loss = kl ? d : nll, CrossEntropy = nll, Divergence = d };
                }
                if (TG.Written) SmallRowBlock.QuotientInDouble<TV>(block.Scale, s, alpha);
                goto gradient;
            }
            TOps.Store(lanes, s);
            TOps.Store(lanes + rows, shifted);
            TOps.Store(lanes + 2 * rows, m);
            SmallRowBlock.LogInDouble<TV>(s, logs);
            for (int r = 0; r < rows; r++)
            {
                var sums = new CrossEntropySums
                {
                    Exp = lanes[r], LogExp = logs[r], Shifted = lanes[rows + r], WeightedShifted = lanes[rows + r], TargetWeight = 1,
                    TargetLogit = (double)block.Logits[r * n + targets[r]] - lanes[2 * rows + r],
                };
                outcomes[r] = SoftmaxCrossEntropy.Finish<TT, Unweighted, TD>(sums, epsilon, n, n, block.Objective, block.Tolerance, out double wTilde);
                alpha[r] = (float)(block.Scale * wTilde / sums.Exp);
            }
        }
        else
        {
            SmallRowBlock.Transpose<TV, TOps>(block.Probabilities, pt, n);
            TV keep = TOps.Broadcast((float)(1 - epsilon)), b = TOps.Broadcast((float)(epsilon / n));
            var acc = new TargetLanes<float, TV, TOps, Unweighted, TD>();
            for (int k = 0; k < n; k++)
            {
                TV d = TOps.Subtract(TOps.Load(zt + k * rows), m);
                TV e = TOps.Exp(d);
                if (TG.Written) TOps.Store(gt + k * rows, e);
                acc.Add(d, e, TOps.Load(pt + k * rows), default, keep, b, false, default);
            }
            if (TOps.AnyBitSet(acc.Bad)) return false;
            acc.Spill(lanes, rows);
            SmallRowBlock.LogInDouble<TV>(acc.Exp, logs);
            if (!FinishProbabilityLanes<TD>(block, lanes, logs, rows, outcomes, alpha)) return false;
        }
    gradient:
        if (TG.Written)
        {
            TV va = TOps.Load(alpha), sk = TOps.Broadcast((float)(-block.Scale * (1 - epsilon))), sb = TOps.Broadcast((float)(-block.Scale * epsilon / n));
            for (int k = 0; k < n; k++)
                TOps.Store(gt + k * rows, SoftmaxCrossEntropy.GradientLane<float, TV, TOps, TT, Unweighted>(
                    TOps.Load(gt + k * rows), va, TT.IsClassIndex ? default : TOps.Load(pt + k * rows), default, sk, sb));
            SmallRowBlock.Untranspose<TV, TOps>(gt, block.Gradient, n);
            float* g = block.Gradient;
            if (TT.IsClassIndex)
                for (int r = 0; r < rows; r++) g[r * n + targets[r]] = (float)(g[r * n + targets[r]] - block.Scale * (1 - epsilon));
        }
        return true;
    }
}
