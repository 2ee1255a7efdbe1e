namespace Kullback.Learning.Calibration;

/// <summary>
/// The top-label view of predictions Q (rows, classes) row-major: confidence cᵢ = max_k q_ik and correctness
/// oᵢ = [argmax_k q_ik = yᵢ] (ties go to the lowest class index, as numpy's argmax).
/// </summary>
public static class TopLabel
{
    /// <summary>Writes cᵢ and oᵢ (1 or 0) for every row of <paramref name="probabilities"/>.</summary>
    /// <exception cref="ArgumentException">Lengths disagree.</exception>
    public static void Of(ReadOnlySpan<double> probabilities, int classes, ReadOnlySpan<int> labels, Span<double> confidence, Span<double> correct)
    {
        int rows = labels.Length;
        if (probabilities.Length != (long)rows * classes) throw new ArgumentException($"probabilities.Length = {probabilities.Length}, expected {rows}×{classes}", nameof(probabilities));
        if (confidence.Length != rows || correct.Length != rows) throw new ArgumentException($"confidence and correct need length {rows}");
        for (int i = 0; i < rows; i++)
        {
            var q = probabilities.Slice(i * classes, classes);
            int arg = 0;
            for (int k = 1; k < classes; k++) if (q[k] > q[arg]) arg = k;
            confidence[i] = q[arg];
            correct[i] = arg == labels[i] ? 1 : 0;
        }
    }
}
