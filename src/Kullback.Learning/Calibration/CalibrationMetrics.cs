namespace Kullback.Learning.Calibration;

/// <summary>
/// Calibration metrics of predictions Q (n rows, K classes) against labels y, over top-label confidence bins
/// (cᵢ = max_k q_ik, oᵢ = [argmax q = y]). The one home of every calibration formula in Kullback: the trainer's
/// per-epoch ECE, <c>kullback evaluate</c> and <c>kullback calibrate</c> all call it.
/// </summary>
public static class CalibrationMetrics
{
    /// <summary>Default number of bins B, as Guo et al. (2017) and torchmetrics.</summary>
    public const int DefaultBins = 15;

    /// <summary>Uniform bin of confidence c: b = min(⌊c·B⌋, B − 1), so c = 1 lands in the last bin (never in a hidden extra one).</summary>
    public static int UniformIndex(double confidence, int bins) => Math.Clamp((int)Math.Floor(confidence * bins), 0, bins - 1);

    /// <summary>B equal-width bins [b/B, (b+1)/B) (the last closed), each with n_b, acc_b and conf_b; empty bins included.</summary>
    /// <exception cref="ArgumentException">Lengths differ or B &lt; 1.</exception>
    public static CalibrationBin[] UniformBins(ReadOnlySpan<double> confidence, ReadOnlySpan<double> correct, int bins = DefaultBins)
    {
        CheckBins(bins, confidence.Length, correct.Length);
        var rows = new int[bins];
        var conf = new double[bins];
        var hit = new double[bins];
        for (int i = 0; i < confidence.Length; i++)
        {
            int b = UniformIndex(confidence[i], bins);
            rows[b]++;
            conf[b] += confidence[i];
            hit[b] += correct[i];
        }
        var result = new CalibrationBin[bins];
        for (int b = 0; b < bins; b++)
            result[b] = new CalibrationBin((double)b / bins, (double)(b + 1) / bins, rows[b],
                rows[b] > 0 ? hit[b] / rows[b] : 0, rows[b] > 0 ? conf[b] / rows[b] : 0);
        return result;
    }

    /// <summary>
    /// B equal-mass bins: rows sorted by confidence (stable, so ties keep row order) and split into B consecutive parts
    /// whose sizes differ by at most 1, the first n mod B parts one row larger (numpy's array_split). With n &lt; B the
    /// empty parts are dropped. Edges are the smallest and largest confidence of each part.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or B &lt; 1.</exception>
    public static CalibrationBin[] QuantileBins(ReadOnlySpan<double> confidence, ReadOnlySpan<double> correct, int bins = DefaultBins)
    {
        CheckBins(bins, confidence.Length, correct.Length);
        int n = confidence.Length;
        // Array.Sort is unstable; sort (key, index) pairs so that ties keep their row order.
        var pairs = new (double Key, int Index)[n];
        for (int i = 0; i < n; i++) pairs[i] = (confidence[i], i);
        Array.Sort(pairs, (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Index.CompareTo(b.Index));
        var result = new List<CalibrationBin>(bins);
        int start = 0, baseSize = n / bins, extra = n % bins;
        for (int b = 0; b < bins; b++)
        {
            int size = baseSize + (b < extra ? 1 : 0);
            if (size == 0) continue;
            double conf = 0, hit = 0;
            for (int j = start; j < start + size; j++) { conf += pairs[j].Key; hit += correct[pairs[j].Index]; }
            result.Add(new CalibrationBin(pairs[start].Key, pairs[start + size - 1].Key, size, hit / size, conf / size));
            start += size;
        }
        return [.. result];
    }

    /// <summary>ECE = Σ_b (n_b/n)·|acc_b − conf_b| over the bins (n = Σ n_b; 0 when there are no rows).</summary>
    public static double ExpectedCalibrationError(ReadOnlySpan<CalibrationBin> bins)
    {
        long n = 0;
        foreach (var b in bins) n += b.Rows;
        if (n == 0) return 0;
        double s = 0;
        foreach (var b in bins) if (b.Rows > 0) s += (double)b.Rows / n * b.Gap;
        return s;
    }

    /// <summary>MCE = max_b |acc_b − conf_b| over the non-empty bins (0 when there are none).</summary>
    public static double MaximumCalibrationError(ReadOnlySpan<CalibrationBin> bins)
    {
        double m = 0;
        foreach (var b in bins) if (b.Rows > 0) m = Math.Max(m, b.Gap);
        return m;
    }

    /// <summary>RMS-CE = sqrt(Σ_b (n_b/n)·(acc_b − conf_b)²).</summary>
    public static double RootMeanSquareCalibrationError(ReadOnlySpan<CalibrationBin> bins)
    {
        long n = 0;
        foreach (var b in bins) n += b.Rows;
        if (n == 0) return 0;
        double s = 0;
        foreach (var b in bins) if (b.Rows > 0) s += (double)b.Rows / n * (b.Accuracy - b.Confidence) * (b.Accuracy - b.Confidence);
        return Math.Sqrt(s);
    }

    /// <summary>
    /// Debiased RMS calibration error (Kumar, Liang &amp; Ma 2019, "Verified uncertainty calibration", §5): the plug-in
    /// (acc_b − conf_b)² overestimates the squared gap by the variance of acc_b, so each bin with n_b ≥ 2 subtracts the
    /// unbiased estimate acc_b(1 − acc_b)/(n_b − 1):
    /// sqrt(max(0, Σ_b (n_b/n)·[(acc_b − conf_b)² − acc_b(1 − acc_b)/(n_b − 1)])); a bin with one row keeps its plain term.
    /// </summary>
    public static double DebiasedCalibrationError(ReadOnlySpan<CalibrationBin> bins)
    {
        long n = 0;
        foreach (var b in bins) n += b.Rows;
        if (n == 0) return 0;
        double s = 0;
        foreach (var b in bins)
        {
            if (b.Rows == 0) continue;
            double d = (b.Accuracy - b.Confidence) * (b.Accuracy - b.Confidence);
            if (b.Rows >= 2) d -= b.Accuracy * (1 - b.Accuracy) / (b.Rows - 1);
            s += (double)b.Rows / n * d;
        }
        return Math.Sqrt(Math.Max(0, s));
    }

    /// <summary>
    /// Classwise ECE = (1/K)·Σ_k Σ_b (n_bk/n)·|freq_bk − mean q_k in b|, with B uniform bins on q_ik (bin index as
    /// <see cref="UniformIndex"/>) for each class k and freq_bk the fraction of the bin's rows whose label is k.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths disagree or B &lt; 1.</exception>
    public static double ClasswiseCalibrationError(ReadOnlySpan<double> probabilities, int classes, ReadOnlySpan<int> labels, int bins = DefaultBins)
    {
        int n = labels.Length;
        if (probabilities.Length != (long)n * classes) throw new ArgumentException($"probabilities.Length = {probabilities.Length}, expected {n}×{classes}", nameof(probabilities));
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "bins must be ≥ 1");
        if (n == 0) return 0;
        var rows = new int[bins];
        var sumQ = new double[bins];
        var hits = new double[bins];
        double total = 0;
        for (int k = 0; k < classes; k++)
        {
            Array.Clear(rows);
            Array.Clear(sumQ);
            Array.Clear(hits);
            for (int i = 0; i < n; i++)
            {
                double q = probabilities[i * classes + k];
                int b = UniformIndex(q, bins);
                rows[b]++;
                sumQ[b] += q;
                if (labels[i] == k) hits[b]++;
            }
            double s = 0;
            for (int b = 0; b < bins; b++)
                if (rows[b] > 0) s += (double)rows[b] / n * Math.Abs(hits[b] / rows[b] - sumQ[b] / rows[b]);
            total += s;
        }
        return total / classes;
    }

    /// <summary>Brier score (1/n)·Σᵢ Σ_k (q_ik − y_ik)², y one-hot; in [0, 2].</summary>
    /// <exception cref="ArgumentException">Lengths disagree.</exception>
    public static double Brier(ReadOnlySpan<double> probabilities, int classes, ReadOnlySpan<int> labels)
    {
        int n = labels.Length;
        if (probabilities.Length != (long)n * classes) throw new ArgumentException($"probabilities.Length = {probabilities.Length}, expected {n}×{classes}", nameof(probabilities));
        if (n == 0) return 0;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int k = 0; k < classes; k++)
            {
                double d = probabilities[i * classes + k] - (labels[i] == k ? 1 : 0);
                row += d * d;
            }
            s += row;
        }
        return s / n;
    }

    /// <summary>
    /// Murphy's (1973) decomposition of the top-label Brier score over confidence bins, with ō the overall accuracy:
    /// reliability Σ_b (n_b/n)(conf_b − acc_b)², resolution Σ_b (n_b/n)(acc_b − ō)², uncertainty ō(1 − ō), and the
    /// top-label Brier score (1/n)·Σᵢ (cᵢ − oᵢ)² itself, which equals reliability − resolution + uncertainty plus the
    /// within-bin terms (1/n)·Σ_b Σ_{i∈b} [(cᵢ − conf_b)² − 2(cᵢ − conf_b)(oᵢ − acc_b)] (Stephenson et al. 2008), 0 when
    /// every bin holds one confidence value.
    /// </summary>
    public static BrierDecomposition BrierDecomposition(ReadOnlySpan<double> confidence, ReadOnlySpan<double> correct, ReadOnlySpan<CalibrationBin> bins)
    {
        int n = confidence.Length;
        if (correct.Length != n) throw new ArgumentException($"confidence has {n} rows, correct {correct.Length}");
        if (n == 0) return new BrierDecomposition(0, 0, 0, 0);
        double top = 0, accuracy = 0;
        for (int i = 0; i < n; i++) { top += (confidence[i] - correct[i]) * (confidence[i] - correct[i]); accuracy += correct[i]; }
        top /= n;
        accuracy /= n;
        double rel = 0, res = 0;
        foreach (var b in bins)
        {
            if (b.Rows == 0) continue;
            double w = (double)b.Rows / n;
            rel += w * (b.Confidence - b.Accuracy) * (b.Confidence - b.Accuracy);
            res += w * (b.Accuracy - accuracy) * (b.Accuracy - accuracy);
        }
        return new BrierDecomposition(top, rel, res, accuracy * (1 - accuracy));
    }

    /// <summary>Mean negative log-likelihood −(1/n)·Σ log q_{i,yᵢ} of probabilities (nats; +∞ when a label has q = 0).</summary>
    public static double NegativeLogLikelihood(ReadOnlySpan<double> probabilities, int classes, ReadOnlySpan<int> labels)
    {
        int n = labels.Length;
        if (n == 0) return 0;
        double s = 0;
        for (int i = 0; i < n; i++) s -= Math.Log(probabilities[i * classes + labels[i]]);
        return s / n;
    }

    /// <summary>
    /// Every metric of <see cref="CalibrationSummary"/> for Q (rows, classes) and labels, with <paramref name="bins"/>
    /// uniform (and quantile) bins. <paramref name="nll"/> is the mean NLL when the caller has it more exactly (from
    /// logits); otherwise −mean log q_y.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths disagree, labels out of range, or B &lt; 1.</exception>
    public static CalibrationSummary Summarise(ReadOnlySpan<double> probabilities, int classes, ReadOnlySpan<int> labels, int bins = DefaultBins, double? nll = null)
    {
        CalibrationInput.CheckLabels(labels, classes);
        int n = labels.Length;
        var conf = new double[n];
        var hit = new double[n];
        TopLabel.Of(probabilities, classes, labels, conf, hit);
        var uniform = UniformBins(conf, hit, bins);
        var quantile = QuantileBins(conf, hit, bins);
        double accuracy = n > 0 ? hit.Sum() / n : 0;
        return new CalibrationSummary(n, accuracy, nll ?? NegativeLogLikelihood(probabilities, classes, labels),
            ExpectedCalibrationError(uniform), ExpectedCalibrationError(quantile), MaximumCalibrationError(uniform),
            RootMeanSquareCalibrationError(uniform), DebiasedCalibrationError(uniform), ClasswiseCalibrationError(probabilities, classes, labels, bins),
            Brier(probabilities, classes, labels), BrierDecomposition(conf, hit, uniform), uniform);
    }

    /// <summary>
    /// Seeded percentile bootstrap interval of the uniform-bin ECE: rows resampled with replacement
    /// (<see cref="Kullback.Estimation.Bootstrap.Percentile"/>), the ECE recomputed on each resample with the same bins.
    /// </summary>
    public static Kullback.Estimation.ConfidenceInterval ExpectedCalibrationErrorInterval(ReadOnlySpan<double> confidence, ReadOnlySpan<double> correct,
        int bins = DefaultBins, int resamples = 1000, double level = 0.95, int seed = 0)
    {
        var c = confidence.ToArray();
        var o = correct.ToArray();
        return Kullback.Estimation.Bootstrap.Percentile(c.Length, 0, (idx, _) =>
        {
            var rc = new double[idx.Length];
            var ro = new double[idx.Length];
            for (int i = 0; i < idx.Length; i++) { rc[i] = c[idx[i]]; ro[i] = o[idx[i]]; }
            return ExpectedCalibrationError(UniformBins(rc, ro, bins));
        }, resamples, level, seed);
    }

    private static void CheckBins(int bins, int confidence, int correct)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "bins must be ≥ 1");
        if (confidence != correct) throw new ArgumentException($"confidence has {confidence} rows, correct {correct}");
    }
}

/// <summary>The top-label Brier score and its reliability / resolution / uncertainty terms (see <see cref="CalibrationMetrics.BrierDecomposition"/>).</summary>
/// <param name="TopLabelBrier">(1/n)·Σᵢ (cᵢ − oᵢ)².</param>
/// <param name="Reliability">Σ_b (n_b/n)(conf_b − acc_b)²: lower is better calibrated.</param>
/// <param name="Resolution">Σ_b (n_b/n)(acc_b − ō)²: higher separates right from wrong better.</param>
/// <param name="Uncertainty">ō(1 − ō): the Brier score of always predicting the overall accuracy.</param>
public readonly record struct BrierDecomposition(double TopLabelBrier, double Reliability, double Resolution, double Uncertainty);

/// <summary>Calibration of one set of predictions (see <see cref="CalibrationMetrics.Summarise"/>).</summary>
/// <param name="Rows">n.</param>
/// <param name="Accuracy">Fraction of rows with argmax q = label.</param>
/// <param name="NegativeLogLikelihood">Mean −log q_y (nats) = H(P) + D(P‖Q) with P one-hot (H = 0).</param>
/// <param name="ExpectedCalibrationError">ECE over B uniform bins.</param>
/// <param name="QuantileCalibrationError">ECE over B equal-mass bins.</param>
/// <param name="MaximumCalibrationError">MCE over the non-empty uniform bins.</param>
/// <param name="RootMeanSquareCalibrationError">RMS-CE over the uniform bins.</param>
/// <param name="DebiasedCalibrationError">Kumar et al.'s debiased RMS calibration error over the uniform bins.</param>
/// <param name="ClasswiseCalibrationError">Classwise ECE.</param>
/// <param name="Brier">Multiclass Brier score.</param>
/// <param name="BrierTerms">Top-label Brier decomposition over the uniform bins.</param>
/// <param name="Bins">The B uniform bins.</param>
public sealed record CalibrationSummary(int Rows, double Accuracy, double NegativeLogLikelihood, double ExpectedCalibrationError,
    double QuantileCalibrationError, double MaximumCalibrationError, double RootMeanSquareCalibrationError, double DebiasedCalibrationError,
    double ClasswiseCalibrationError, double Brier, BrierDecomposition BrierTerms, IReadOnlyList<CalibrationBin> Bins);
