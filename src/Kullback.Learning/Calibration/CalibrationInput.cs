using Kullback.Kernels;
namespace Kullback.Learning.Calibration;

/// <summary>Checks of calibration inputs, made before any work; each error names the row and the value.</summary>
public static class CalibrationInput
{
    /// <summary>Largest accepted |Σ_k q_ik − 1| (float32 softmax outputs sum to 1 within a few 1e-7).</summary>
    public const double SumTolerance = 1e-5;

    /// <summary>Labels must be classes in [0, classes).</summary>
    /// <exception cref="ArgumentException">A label out of range, named by its row.</exception>
    public static void CheckLabels(ReadOnlySpan<int> labels, int classes, string what = "labels")
    {
        if (classes < 1) throw new ArgumentException($"{classes} classes: at least one is needed", nameof(classes));
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"{what}[{i}] = {labels[i]}: labels must be classes in [0, {classes})", nameof(labels));
    }

    /// <summary>Rows of Q (rows, classes): every q ≥ 0 and finite, every row summing to 1 within <see cref="SumTolerance"/>.</summary>
    /// <exception cref="ArgumentException">Row counts differ, or a row is not a distribution.</exception>
    public static void CheckProbabilities(ReadOnlySpan<double> probabilities, int rows, int classes, string what = "probabilities")
    {
        if (probabilities.Length != (long)rows * classes)
            throw new ArgumentException($"{what} hold {probabilities.Length} values, {rows} rows × {classes} classes need {(long)rows * classes}", nameof(probabilities));
        for (int i = 0; i < rows; i++)
        {
            double sum = 0;
            for (int k = 0; k < classes; k++)
            {
                double q = probabilities[i * classes + k];
                if (!(q >= 0 && q <= 1)) throw new ArgumentException($"{what}[{i}, {k}] = {q}: probabilities must be in [0, 1]", nameof(probabilities));
                sum += q;
            }
            if (Math.Abs(sum - 1) > SumTolerance)
                throw new ArgumentException($"{what} row {i} sums to {sum:R}, not 1 (tolerance {SumTolerance:g}); pass logits instead, or normalise", nameof(probabilities));
        }
    }

    /// <summary>Logits (rows, classes): no NaN, no +∞, and at least one finite value per row (−∞ marks a masked class).</summary>
    /// <exception cref="ArgumentException">A NaN or +∞ logit, or a row without a finite one, named by row and class.</exception>
    public static void CheckLogits(ReadOnlySpan<double> logits, int rows, int classes, string what = "logits")
    {
        if (logits.Length != (long)rows * classes)
            throw new ArgumentException($"{what} hold {logits.Length} values, {rows} rows × {classes} classes need {(long)rows * classes}", nameof(logits));
        for (int i = 0; i < rows; i++)
        {
            bool finite = false;
            for (int k = 0; k < classes; k++)
            {
                double z = logits[i * classes + k];
                if (double.IsNaN(z) || double.IsPositiveInfinity(z))
                    throw new ArgumentException($"{what}[{i}, {k}] = {z}: logits must be finite or −∞", nameof(logits));
                finite |= double.IsFinite(z);
            }
            if (!finite) throw new ArgumentException($"{what} row {i}: every logit is −∞", nameof(logits));
        }
    }

    /// <summary>Q = softmax(z/T) row by row in log space (max shift), −∞ logits giving q = 0.</summary>
    public static double[] Softmax(ReadOnlySpan<double> logits, int classes, double temperature = 1)
    {
        int rows = logits.Length / classes;
        var q = new double[logits.Length];
        double beta = 1 / temperature;
        var scaled = new double[classes];
        for (int i = 0; i < rows; i++)
        {
            var z = logits.Slice(i * classes, classes);
            for (int k = 0; k < classes; k++) scaled[k] = beta * z[k];
            double lse = LogSumExp.Of(scaled);
            for (int k = 0; k < classes; k++) q[i * classes + k] = Math.Exp(scaled[k] - lse);
        }
        return q;
    }
}
