using Kullback.Learning.Calibration;

namespace Kullback.Learning.Training;

/// <summary>
/// What one pass over a data set measures, as means over its rows (nats): cross-entropy H(P,Q) = H(P) + D(P‖Q),
/// the target entropy H(P), the divergence D(P‖Q); accuracy of argmax Q against the labels; expected calibration
/// error ECE = Σ_b (n_b/N)·|acc_b − conf_b| over 15 equal-width confidence bins, conf = max_c q_c.
/// </summary>
/// <param name="Rows">Rows measured.</param>
/// <param name="CrossEntropy">Mean H(Pᵢ, Qᵢ).</param>
/// <param name="Entropy">Mean H(Pᵢ) (0 for one-hot targets).</param>
/// <param name="Divergence">Mean D(Pᵢ‖Qᵢ).</param>
/// <param name="Accuracy">Fraction of rows with argmax Q = label.</param>
/// <param name="CalibrationError">Expected calibration error.</param>
/// <param name="Reliability">The per-bin counts behind the ECE (for a reliability diagram).</param>
public sealed record SplitMetrics(int Rows, double CrossEntropy, double Entropy, double Divergence, double Accuracy,
    double CalibrationError, ReliabilityBins Reliability);

/// <summary>Reliability counts: for each of <see cref="Count"/> equal-width confidence bins, rows, Σ confidence and Σ correct.</summary>
public sealed class ReliabilityBins
{
    /// <summary>Number of bins on [0, 1] used for the ECE.</summary>
    public const int Count = 15;

    /// <summary>Rows whose confidence falls in each bin.</summary>
    public long[] Rows { get; } = new long[Count];

    /// <summary>Σ confidence per bin.</summary>
    public double[] Confidence { get; } = new double[Count];

    /// <summary>Σ [argmax = label] per bin.</summary>
    public double[] Correct { get; } = new double[Count];

    /// <summary>Adds one row with confidence <paramref name="confidence"/> ∈ [0, 1] to bin min(⌊c·B⌋, B − 1) (<see cref="CalibrationMetrics.UniformIndex"/>).</summary>
    public void Add(double confidence, bool correct)
    {
        int b = CalibrationMetrics.UniformIndex(confidence, Count);
        Rows[b]++;
        Confidence[b] += confidence;
        if (correct) Correct[b]++;
    }

    /// <summary>The bins with n_b, acc_b and conf_b, as <see cref="CalibrationMetrics.UniformBins"/> makes them.</summary>
    public CalibrationBin[] Bins()
    {
        var bins = new CalibrationBin[Count];
        for (int b = 0; b < Count; b++)
            bins[b] = new CalibrationBin((double)b / Count, (double)(b + 1) / Count, (int)Rows[b],
                Rows[b] > 0 ? Correct[b] / Rows[b] : 0, Rows[b] > 0 ? Confidence[b] / Rows[b] : 0);
        return bins;
    }

    /// <summary>ECE = Σ_b (n_b/N)·|acc_b − conf_b|, by the one formula of <see cref="CalibrationMetrics.ExpectedCalibrationError"/>.</summary>
    public double ExpectedCalibrationError() => CalibrationMetrics.ExpectedCalibrationError(Bins());
}

/// <summary>One epoch of training: the objective's running mean, timing, and the metrics on each split.</summary>
/// <param name="Member">Ensemble member index (0 for a single model).</param>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Seconds">Seconds spent in this epoch's parameter updates (evaluation excluded).</param>
/// <param name="TotalSeconds">Training seconds of this member so far.</param>
/// <param name="TrainLoss">Mean objective over the epoch's mini-batches.</param>
/// <param name="Train">Metrics on the training set after the epoch.</param>
/// <param name="Test">Metrics on the test set after the epoch.</param>
/// <param name="Validation">Metrics on the validation split, when early stopping is on.</param>
public sealed record EpochMetrics(int Member, int Epoch, double Seconds, double TotalSeconds, double TrainLoss,
    SplitMetrics Train, SplitMetrics Test, SplitMetrics? Validation);
