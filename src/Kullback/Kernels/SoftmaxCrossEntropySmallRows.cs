using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kullback.Kernels;

/// <summary>
/// Cross-entropy with class-index targets for short rows (C ≤ 16, e.g. 10 classes), eight rows at a time, one row per
/// lane: a row-at-a-time kernel would spend most of its time on per-row overhead. For a block of 8 rows (8·C contiguous floats):
/// <code>
/// m_r = max_c z_rc                  (C gathers, lane r reads row r)
/// e   = exp(z − m_row)              (C contiguous vectors; m_row spread to each element by a lane permute)
/// s_r = Σ_c e_rc, ℓ_r = log s_r − (z_r,y_r − m_r)
/// ∂ℓ/∂z = scale·(e/s_row − [c = y_row])   (contiguous, written straight into the gradient)
/// </code>
/// Probability targets likewise (<see cref="Soft8"/>). Plain cases only (no weights; class targets without smoothing or ignored
/// rows in the block; probability targets with or without the decomposition); anything else, and any fault, goes row by row.
/// </summary>
internal static unsafe class SoftmaxCrossEntropySmallRows
{
    /// <summary>One block of 8 rows with class-index targets; writes the 8 row losses (and the gradient when not null).
    /// False on any fault (the caller then goes row by row, which reports it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Hard8(float* z, int cols, int* targets, int* rowOf, int* colOf, float* buffer, float* gradient, double scale, double* loss)
    {
        var starts = SmallRowBlock.RowStarts(cols);
        if (!SmallRowBlock.RowMax(z, cols, starts, out var m)) return false;
        float* e = gradient != null ? gradient : buffer;           // exp(z − m) lands where the gradient will be
        for (int k = 0; k < cols; k++)
            Vector256.Store(FloatSimd256.Exp(Vector256.Load(z + 8 * k) - SmallRowBlock.Spread(m, rowOf, k)), e + 8 * k);
        var s = SmallRowBlock.RowSum(e, cols, starts);
        var y = Vector256.Load(targets);
        var (zLo, zHi) = Vector256.Widen(Avx2.GatherVector256(z, starts + y, 4) - m);
        var (logLo, logHi) = SmallRowBlock.LogWide(s);
        Vector256.Store(logLo - zLo, loss);
        Vector256.Store(logHi - zHi, loss + 4);
        if (gradient != null)
        {
            var alpha = Vector256.Create((float)scale) / s;
            var one = Vector256.Create((float)scale);
            for (int k = 0; k < cols; k++)
            {
                var rows = Vector256.Load(rowOf + 8 * k);
                var g = Vector256.Load(e + 8 * k) * Avx2.PermuteVar8x32(alpha, rows);
                var hit = Vector256.Equals(Vector256.Load(colOf + 8 * k), Avx2.PermuteVar8x32(y, rows)).AsSingle();
                Vector256.Store(g - (one & hit), gradient + 8 * k);
            }
        }
        return true;
    }

    /// <summary>One block of 8 rows with probability targets p (no weights): H(P̃,Q)_r = W_r·log s_r − Σ_c p̃_rc·(z_rc − m_r),
    /// W_r = Σ_c p̃_rc, and — when <paramref name="logs"/> — H(P̃)_r = −Σ_c p̃_rc·log p̃_rc and D_r = max(0, H(P̃,Q)_r − H(P̃)_r).
    /// Writes the loss (D for the KL objective, else H(P̃,Q)) and the three quantities per row. False on any fault, including a
    /// target row that is negative or not normalised within <paramref name="tolerance"/>. The gradient does not depend on
    /// <paramref name="logs"/> or the objective, so cross-entropy and KL give the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Soft8(float* z, float* p, int cols, double epsilon, double tolerance, bool logs, bool kullbackLeibler, int* rowOf,
        float* buffer, float* shifted, float* pLogP, float* gradient, double scale, double* loss, double* entropy, double* crossEntropy, double* divergence)
    {
        var starts = SmallRowBlock.RowStarts(cols);
        if (!SmallRowBlock.RowMax(z, cols, starts, out var m)) return false;
        float* e = gradient != null ? gradient : buffer;
        var keep = Vector256.Create((float)(1 - epsilon));
        var b = Vector256.Create((float)(epsilon / cols));
        var bad = Vector256<float>.Zero;
        for (int k = 0; k < cols; k++)
        {
            var d = Vector256.Load(z + 8 * k) - SmallRowBlock.Spread(m, rowOf, k);
            Vector256.Store(FloatSimd256.Exp(d), e + 8 * k);
            var pr = Vector256.Load(p + 8 * k);
            bad |= ~Vector256.GreaterThanOrEqual(pr, Vector256<float>.Zero);
            var pt = Vector256.FusedMultiplyAdd(pr, keep, b);
            Vector256.Store(FloatSimd256.ZeroWhereZero(pt, pt * d), shifted + 8 * k);
            if (logs) Vector256.Store(FloatSimd256.ZeroWhereZero(pt, pt * FloatSimd256.Log(pt)), pLogP + 8 * k);
        }
        if (bad != Vector256<float>.Zero) return false;
        var raw = SmallRowBlock.RowSum(p, cols, starts);
        var off = Vector256.Abs(Vector256.Widen(raw).Lower - Vector256.Create(1.0)) | Vector256.Abs(Vector256.Widen(raw).Upper - Vector256.Create(1.0));
        if (Vector256.GreaterThanAny(off, Vector256.Create(tolerance))) return false;
        var s = SmallRowBlock.RowSum(e, cols, starts);
        var a = SmallRowBlock.RowSum(shifted, cols, starts);
        var w = Vector256.FusedMultiplyAdd(raw, keep, Vector256.Create((float)epsilon));   // W = Σ p̃ = (1 − ε)·Σp + ε
        var (logLo, logHi) = SmallRowBlock.LogWide(s);
        var (wLo, wHi) = Vector256.Widen(w);
        var (aLo, aHi) = Vector256.Widen(a);
        var hpqLo = wLo * logLo - aLo;
        var hpqHi = wHi * logHi - aHi;
        Vector256.Store(hpqLo, crossEntropy);
        Vector256.Store(hpqHi, crossEntropy + 4);
        if (logs)
        {
            var (hLo, hHi) = Vector256.Widen(-SmallRowBlock.RowSum(pLogP, cols, starts));
            Vector256.Store(hLo, entropy);
            Vector256.Store(hHi, entropy + 4);
            var dLo = Vector256.Max(hpqLo - hLo, Vector256<double>.Zero);
            var dHi = Vector256.Max(hpqHi - hHi, Vector256<double>.Zero);
            Vector256.Store(dLo, divergence);
            Vector256.Store(dHi, divergence + 4);
            Vector256.Store(kullbackLeibler ? dLo : hpqLo, loss);
            Vector256.Store(kullbackLeibler ? dHi : hpqHi, loss + 4);
        }
        else
        {
            Vector256.Store(hpqLo, loss);
            Vector256.Store(hpqHi, loss + 4);
        }
        if (gradient != null)
        {
            var alpha = Vector256.Create((float)scale) * w / s;
            var sk = Vector256.Create((float)(scale * (1 - epsilon)));
            var sb = Vector256.Create((float)(scale * epsilon / cols));
            for (int k = 0; k < cols; k++)
            {
                var g = Vector256.Load(e + 8 * k) * SmallRowBlock.Spread(alpha, rowOf, k);
                Vector256.Store(g - Vector256.FusedMultiplyAdd(Vector256.Load(p + 8 * k), sk, sb), gradient + 8 * k);
            }
        }
        return true;
    }
}
