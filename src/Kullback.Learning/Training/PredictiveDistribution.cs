using System.Numerics.Tensors;

namespace Kullback.Learning.Training;

/// <summary>The model's predictive distribution Q = softmax(z) row by row, computed in log space with the max shift.</summary>
public static class PredictiveDistribution
{
    /// <summary>
    /// q_ic = exp(z_ic − m_i) / Σ_c exp(z_ic − m_i) with m_i = max_c z_ic, for logits z (rows, cols) row-major.
    /// −∞ logits are legal (q = 0); a row of only −∞ or holding NaN/+∞ is an error naming the row.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ from rows·cols, or a row has no finite maximum.</exception>
    public static void Softmax(ReadOnlySpan<float> logits, int rows, int cols, Span<float> q)
    {
        if (logits.Length != rows * cols) throw new ArgumentException($"logits.Length = {logits.Length}, expected {rows}×{cols}", nameof(logits));
        if (q.Length != rows * cols) throw new ArgumentException($"q.Length = {q.Length}, expected {rows}×{cols}", nameof(q));
        for (int r = 0; r < rows; r++)
        {
            var z = logits.Slice(r * cols, cols);
            var p = q.Slice(r * cols, cols);
            float max = TensorPrimitives.Max(z);
            if (!float.IsFinite(max)) throw new ArgumentException($"logits row {r}: maximum {max}; logits must be finite or −∞ with at least one finite", nameof(logits));
            TensorPrimitives.Subtract(z, max, p);
            TensorPrimitives.Exp(p, p);
            float sum = TensorPrimitives.Sum(p);
            TensorPrimitives.Divide(p, sum, p);
        }
    }
}
