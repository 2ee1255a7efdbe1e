using System.Numerics.Tensors;
using Kullback.Kernels;

namespace Kullback.Learning.Training;

/// <summary>The model's predictive distribution Q = softmax(z) row by row, computed in log space with the max shift.</summary>
public static class PredictiveDistribution
{
    /// <summary>
    /// Rows whose log-softmax <see cref="LogSoftmaxRow(ReadOnlySpan{float}, Span{double}, long)"/> computed on this thread (evaluation calls it once per row and
    /// distribution; tests reset and read it to prove that no row is softmaxed twice).
    /// </summary>
    [ThreadStatic] internal static long LogSoftmaxRows;

    /// <summary>
    /// q_ic = exp(z_ic − m_i) / Σ_c exp(z_ic − m_i) with m_i = max_c z_ic, for logits z (rows, cols) row-major.
    /// −∞ logits are legal (q = 0); a row of only −∞ or holding NaN/+∞ is an error naming the row.
    /// </summary>
    /// <param name="logits">z (rows, cols).</param>
    /// <param name="rows">Rows.</param>
    /// <param name="cols">Classes.</param>
    /// <param name="q">Receives Q (rows, cols).</param>
    /// <param name="firstRow">The index of the first row among all rows (a chunk's start), for the error message.</param>
    /// <exception cref="ArgumentException">Lengths differ from rows·cols.</exception>
    /// <exception cref="NonFiniteLogitsException">A row has no finite maximum.</exception>
    public static void Softmax(ReadOnlySpan<float> logits, int rows, int cols, Span<float> q, long firstRow = 0)
    {
        if (logits.Length != rows * cols) throw new ArgumentException($"logits.Length = {logits.Length}, expected {rows}×{cols}", nameof(logits));
        if (q.Length != rows * cols) throw new ArgumentException($"q.Length = {q.Length}, expected {rows}×{cols}", nameof(q));
        for (int r = 0; r < rows; r++)
        {
            var z = logits.Slice(r * cols, cols);
            var p = q.Slice(r * cols, cols);
            float max = TensorPrimitives.Max(z);
            if (!float.IsFinite(max)) throw new NonFiniteLogitsException(firstRow + r, $"logits row {firstRow + r}: maximum {max}; logits must be finite or −∞ with at least one finite");
            TensorPrimitives.Subtract(z, max, p);
            TensorPrimitives.Exp(p, p);
            float sum = TensorPrimitives.Sum(p);
            TensorPrimitives.Divide(p, sum, p);
        }
    }

    /// <summary>
    /// log q_c = (z_c − m) − log Σ_k exp(z_k − m), m = max z, for one row of logits, in double from the one
    /// log-sum-exp of <see cref="LogSumExp.PartsOf(ReadOnlySpan{float})"/> (−∞ for a masked class). Cross-entropy is then
    /// −Σ p·log q and Q = exp(log q): one softmax serves every metric of the row.
    /// </summary>
    /// <param name="logits">z, one row (length C).</param>
    /// <param name="logQ">Receives log q (length C).</param>
    /// <param name="row">The row's index, for the error message.</param>
    /// <exception cref="NonFiniteLogitsException">The row holds NaN or +∞, or only −∞.</exception>
    public static void LogSoftmaxRow(ReadOnlySpan<float> logits, Span<double> logQ, long row) => LogSoftmax(logits, logQ, row);

    /// <summary>log q_c for one row of double logits (log Q̄ of an ensemble divided by a temperature); see the float overload.</summary>
    /// <exception cref="NonFiniteLogitsException">The row holds NaN or +∞, or only −∞.</exception>
    public static void LogSoftmaxRow(ReadOnlySpan<double> logits, Span<double> logQ, long row) => LogSoftmax(logits, logQ, row);

    private static void LogSoftmax<T>(ReadOnlySpan<T> logits, Span<double> logQ, long row)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var parts = LogSumExp.PartsOf(logits, VectorWidth.Best);
        if (!double.IsFinite(parts.Max) || !double.IsFinite(parts.LogSum))
            throw new NonFiniteLogitsException(row, $"logits row {row}: maximum {parts.Max}; logits must be finite or −∞ with at least one finite");
        for (int c = 0; c < logits.Length; c++) logQ[c] = parts.LogSoftmax(double.CreateTruncating(logits[c]));
        LogSoftmaxRows++;
    }
}
