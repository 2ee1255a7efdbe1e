namespace Kullback.Learning.Calibration;

/// <summary>
/// One confidence bin of a reliability diagram: the rows whose top-label confidence c = max_k q_k falls in it, their
/// accuracy acc_b = (1/n_b)·Σ [argmax q = label] and mean confidence conf_b = (1/n_b)·Σ c.
/// </summary>
/// <param name="Lo">Lower edge: b/B for uniform bins, the smallest confidence in the bin for quantile bins.</param>
/// <param name="Hi">Upper edge: (b+1)/B for uniform bins, the largest confidence in the bin for quantile bins.</param>
/// <param name="Rows">n_b, rows in the bin.</param>
/// <param name="Accuracy">acc_b (0 for an empty bin).</param>
/// <param name="Confidence">conf_b (0 for an empty bin).</param>
public readonly record struct CalibrationBin(double Lo, double Hi, int Rows, double Accuracy, double Confidence)
{
    /// <summary>|acc_b − conf_b|, the bin's calibration gap.</summary>
    public double Gap => Math.Abs(Accuracy - Confidence);
}
