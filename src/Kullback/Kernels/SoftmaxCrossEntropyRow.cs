using System.Numerics;

namespace Kullback.Kernels;

/// <summary>
/// Fused softmax cross-entropy for one row of logits z (length C), scalar form computed in double: the loss and,
/// in the same call, ∂ℓ/∂z. With class weights w and the (smoothed) target p̃ = (1 − ε)·p + ε/C:
/// <code>
/// m = max z, s = Σ exp(z_c − m), L = log s          (log q_c = z_c − m − L)
/// CE_w = Σ_c w_c·p̃_c·(L − (z_c − m)) = W̃·L − Σ_c w_c·p̃_c·(z_c − m),   W̃ = Σ_c w_c·p̃_c
/// KL_w = Σ_c w_c·p̃_c·(log p̃_c − log q_c) = CE_w − H_w(P̃)
/// ∂ℓ/∂z_c = scale·(W̃·q_c − w_c·p̃_c)
/// </code>
/// Terms with w_c·p̃_c = 0 contribute 0 (so −∞ logits of classes the target does not use are legal).
/// This is the reference the SIMD float kernels are tested against.
/// </summary>
internal static unsafe class SoftmaxCrossEntropyRow
{
    /// <summary>m = max_c z_c in double, or a fault when a logit is NaN or +∞ or all are −∞.</summary>
    public static RowFault Max<T>(T* z, int cols, out double m) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        m = double.NegativeInfinity;
        for (int c = 0; c < cols; c++)
        {
            double v = double.CreateTruncating(z[c]);
            if (!(v < double.PositiveInfinity)) return RowFault.LogitNotFinite;
            if (v > m) m = v;
        }
        return m == double.NegativeInfinity ? RowFault.AllLogitsMasked : RowFault.None;
    }

    /// <summary>The row with a class-index target y: p̃ = (1 − ε)·e_y + ε/C.</summary>
    /// <remarks>weights: Class weights, or null for all 1; <paramref name="weightSum"/> is Σ_c w_c (C when null).</remarks>
    public static RowOutcome Hard<T>(T* z, int cols, int y, double epsilon, T* weights, double weightSum,
        bool kullbackLeibler, T* gradient, double scale) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var fault = Max(z, cols, out double m);
        if (fault != RowFault.None) return RowOutcome.Faulted(fault);
        double s = 0;
        for (int c = 0; c < cols; c++) s += Math.Exp(double.CreateTruncating(z[c]) - m);
        double logS = Math.Log(s);

        double b = epsilon / cols, a = 1 - epsilon + b;          // p̃_c = b (c ≠ y), p̃_y = a
        double wy = weights == null ? 1 : double.CreateTruncating(weights[y]);
        double zy = double.CreateTruncating(z[y]) - m;
        double nllY = logS - zy;                                 // −log q_y
        double crossEntropy = (1 - epsilon) * nllY, weighted = (1 - epsilon) * wy * nllY;
        if (epsilon > 0)
        {
            double shifted = 0, shiftedWeighted = 0;             // Σ (z_c − m), Σ w_c·(z_c − m)
            for (int c = 0; c < cols; c++)
            {
                double d = double.CreateTruncating(z[c]) - m;
                shifted += d;
                if (weights != null) { double w = double.CreateTruncating(weights[c]); if (w != 0) shiftedWeighted += w * d; }
            }
            if (weights == null) shiftedWeighted = shifted;
            crossEntropy += b * (cols * logS - shifted);
            weighted += b * (weightSum * logS - shiftedWeighted);
        }
        double entropy = epsilon > 0 ? -(XLogX(a) + (cols - 1) * XLogX(b)) : 0;
        double divergence = Math.Max(0, crossEntropy - entropy);
        double loss = weighted;
        if (kullbackLeibler)
            loss = weights == null ? divergence : weighted + (wy * XLogX(a) + (weightSum - wy) * XLogX(b));

        if (gradient != null)
        {
            double wTilde = (1 - epsilon) * wy + b * weightSum;  // W̃ = Σ w_c·p̃_c
            for (int c = 0; c < cols; c++)
            {
                double q = Math.Exp(double.CreateTruncating(z[c]) - m - logS);
                double wc = weights == null ? 1 : double.CreateTruncating(weights[c]);
                double p = c == y ? a : b;
                gradient[c] = T.CreateTruncating(scale * (wTilde * q - wc * p));
            }
        }
        return new RowOutcome { Loss = loss, Entropy = entropy, CrossEntropy = crossEntropy, Divergence = divergence };
    }

    /// <summary>The row with a probability target p (length C): p̃ = (1 − ε)·p + ε/C.</summary>
    /// <remarks>tolerance: |Σ p − 1| allowed before the row is reported as not normalised.</remarks>
    public static RowOutcome Soft<T>(T* z, T* p, int cols, double epsilon, T* weights, bool kullbackLeibler,
        double tolerance, T* gradient, double scale) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var fault = Max(z, cols, out double m);
        if (fault != RowFault.None) return RowOutcome.Faulted(fault);
        double b = epsilon / cols;
        double s = 0, rawSum = 0;
        double sumP = 0, sumPZ = 0, sumPLogP = 0;                // Σ p̃, Σ p̃·(z − m), Σ p̃·log p̃
        double sumWP = 0, sumWPZ = 0, sumWPLogP = 0;             // the same, weighted
        for (int c = 0; c < cols; c++)
        {
            double d = double.CreateTruncating(z[c]) - m;
            s += Math.Exp(d);
            double raw = double.CreateTruncating(p[c]);
            if (!(raw >= 0)) return RowOutcome.Faulted(RowFault.NegativeProbability);
            rawSum += raw;
            double pt = (1 - epsilon) * raw + b;
            if (pt == 0) continue;
            double pLogP = pt * Math.Log(pt);
            sumP += pt; sumPZ += pt * d; sumPLogP += pLogP;
            if (weights != null)
            {
                double w = double.CreateTruncating(weights[c]);
                if (w == 0) continue;
                sumWP += w * pt; sumWPZ += w * pt * d; sumWPLogP += w * pLogP;
            }
        }
        if (!(Math.Abs(rawSum - 1) <= tolerance)) return RowOutcome.Faulted(RowFault.NotNormalised);
        if (weights == null) { sumWP = sumP; sumWPZ = sumPZ; sumWPLogP = sumPLogP; }
        double logS = Math.Log(s);
        double crossEntropy = sumP * logS - sumPZ;
        double entropy = -sumPLogP;
        double divergence = Math.Max(0, crossEntropy - entropy);
        double weighted = sumWP * logS - sumWPZ;
        double loss = !kullbackLeibler ? weighted : weights == null ? divergence : weighted + sumWPLogP;

        if (gradient != null)
        {
            for (int c = 0; c < cols; c++)
            {
                double q = Math.Exp(double.CreateTruncating(z[c]) - m - logS);
                double wc = weights == null ? 1 : double.CreateTruncating(weights[c]);
                double pt = (1 - epsilon) * double.CreateTruncating(p[c]) + b;
                gradient[c] = T.CreateTruncating(scale * (sumWP * q - wc * pt));
            }
        }
        return new RowOutcome { Loss = loss, Entropy = entropy, CrossEntropy = crossEntropy, Divergence = divergence };
    }

    /// <summary>x·log x with 0·log 0 = 0.</summary>
    public static double XLogX(double x) => x == 0 ? 0 : x * Math.Log(x);
}
