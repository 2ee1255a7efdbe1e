using Kullback.Kernels;
namespace Kullback.Learning.Calibration;

/// <summary>
/// Temperature scaling (Guo et al. 2017): the T &gt; 0 minimising the mean negative log-likelihood of softmax(z/T),
/// NLL(β) = (1/n)·Σᵢ [log Σ_k exp(β·z_ik) − β·z_{i,yᵢ}] with β = 1/T. NLL is convex in β:
/// NLL′(β) = (1/n)·Σᵢ (E_{q(β)}[zᵢ] − z_{i,yᵢ}) and NLL″(β) = (1/n)·Σᵢ Var_{q(β)}[zᵢ] ≥ 0, q(β) = softmax(β·zᵢ). The root
/// of NLL′ is bracketed by doubling/halving from β = 1 and found by Newton steps, each replaced by bisection when it
/// leaves the bracket, until the bracket or the step is below 1e-14·β (so T is solved to well under 1e-10 relative).
/// </summary>
public static class TemperatureScaling
{
    private const int MaxIterations = 500;
    private const double MinBeta = 1e-12, MaxBeta = 1e12;

    /// <summary>Fits T on logits (rows, classes) row-major and labels.</summary>
    /// <exception cref="ArgumentException">
    /// Shapes disagree, a label is out of range, a logit is NaN or +∞, a label's logit is −∞, the fit set holds one class
    /// only, or no finite T &gt; 0 minimises the NLL (every row already separated: NLL falls as T → 0; or the logits
    /// carry no information: NLL falls as T → ∞).
    /// </exception>
    public static TemperatureFit Fit(ReadOnlySpan<double> logits, int classes, ReadOnlySpan<int> labels)
    {
        int n = labels.Length;
        if (n == 0) throw new ArgumentException("the fit set has no rows", nameof(labels));
        CalibrationInput.CheckLabels(labels, classes, "fit labels");
        CalibrationInput.CheckLogits(logits, n, classes, "fit logits");
        for (int i = 0; i < n; i++)
            if (double.IsNegativeInfinity(logits[i * classes + labels[i]]))
                throw new ArgumentException($"fit logits[{i}, {labels[i]}] = −∞ at the label: the NLL is +∞ for every T", nameof(logits));
        bool oneClass = true;
        for (int i = 1; i < n && oneClass; i++) oneClass = labels[i] == labels[0];
        if (oneClass) throw new ArgumentException($"the fit set holds one class only (label {labels[0]} in all {n} rows): its NLL has no finite minimiser in T", nameof(labels));

        var z = logits;
        double lo = 1, hi = 1;
        double g = Derivative(z, classes, labels, 1, out _);
        if (g == 0) return Result(1, z, classes, labels, 0);
        if (g < 0)
        {
            do
            {
                lo = hi;
                hi *= 2;
                if (hi > MaxBeta) throw new ArgumentException("no finite temperature: the NLL keeps falling as T → 0 (the fit rows are separated by their logits)", nameof(logits));
                g = Derivative(z, classes, labels, hi, out _);
                // A separated fit set has NLL′ < 0 for every β, but exp underflows at large β and NLL′ and NLL reach 0 exactly.
            } while (g < 0 || (g == 0 && NegativeLogLikelihood(z, classes, labels, 1 / hi) == 0));
            if (g == 0) return Result(hi, z, classes, labels, 0);
        }
        else
        {
            do
            {
                hi = lo;
                lo /= 2;
                if (lo < MinBeta) throw new ArgumentException("no finite temperature: the NLL keeps falling as T → ∞ (the logits carry no information about the fit labels)", nameof(logits));
            } while (Derivative(z, classes, labels, lo, out _) > 0);
        }
        double beta = 0.5 * (lo + hi);
        int iterations = 0;
        for (; iterations < MaxIterations; iterations++)
        {
            g = Derivative(z, classes, labels, beta, out double h);
            if (g == 0) break;
            if (g < 0) lo = beta; else hi = beta;
            double next = h > 0 ? beta - g / h : double.NaN;
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            double step = Math.Abs(next - beta);
            beta = next;
            if (step <= 1e-14 * beta || hi - lo <= 1e-14 * beta) break;
        }
        return Result(beta, z, classes, labels, iterations + 1);
    }

    /// <summary>Mean NLL of softmax(z/T) against the labels (nats), in log space: (1/n)·Σᵢ [LSE(zᵢ/T) − z_{i,yᵢ}/T].</summary>
    public static double NegativeLogLikelihood(ReadOnlySpan<double> logits, int classes, ReadOnlySpan<int> labels, double temperature = 1)
    {
        double beta = 1 / temperature;
        var scaled = new double[classes];
        var sum = default(CompensatedSum);   // the NLL is compared across temperatures to many digits
        for (int i = 0; i < labels.Length; i++)
        {
            var row = logits.Slice(i * classes, classes);
            for (int k = 0; k < classes; k++) scaled[k] = beta * row[k];
            sum.Add(LogSumExp.Of(scaled) - scaled[labels[i]]);
        }
        return labels.Length > 0 ? sum.Value / labels.Length : 0;
    }

    /// <summary>NLL′(β) = (1/n)·Σᵢ Σ_k q_ik·(z_ik − z_{i,yᵢ}) and NLL″(β) = (1/n)·Σᵢ Σ_k q_ik·(z_ik − μᵢ)², μᵢ = Σ_k q_ik z_ik.</summary>
    private static double Derivative(ReadOnlySpan<double> logits, int classes, ReadOnlySpan<int> labels, double beta, out double second)
    {
        double g = 0, gc = 0, h = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            var row = logits.Slice(i * classes, classes);
            double max = double.NegativeInfinity;
            foreach (var v in row) if (v > max) max = v;
            double sum = 0, first = 0, zy = row[labels[i]];
            foreach (var v in row)
            {
                if (double.IsNegativeInfinity(v)) continue;
                double e = Math.Exp(beta * (v - max));
                sum += e;
                first += e * (v - zy);
            }
            double mean = first / sum;
            double variance = 0;
            foreach (var v in row)
            {
                if (double.IsNegativeInfinity(v)) continue;
                double d = v - zy - mean;
                variance += Math.Exp(beta * (v - max)) * d * d;
            }
            double t = g + mean;
            gc += Math.Abs(g) >= Math.Abs(mean) ? (g - t) + mean : (mean - t) + g;
            g = t;
            h += variance / sum;
        }
        second = h / labels.Length;
        return (g + gc) / labels.Length;
    }

    private static TemperatureFit Result(double beta, ReadOnlySpan<double> z, int classes, ReadOnlySpan<int> labels, int iterations) =>
        new(1 / beta, NegativeLogLikelihood(z, classes, labels, 1), NegativeLogLikelihood(z, classes, labels, 1 / beta), iterations);
}

/// <summary>A fitted temperature and the fit set's mean NLL before (T = 1) and after.</summary>
/// <param name="Temperature">T &gt; 0; divide logits by it.</param>
/// <param name="NllBefore">Mean NLL of softmax(z) on the fit set (nats).</param>
/// <param name="NllAfter">Mean NLL of softmax(z/T) on the fit set (nats).</param>
/// <param name="Iterations">Newton/bisection iterations after bracketing.</param>
public sealed record TemperatureFit(double Temperature, double NllBefore, double NllAfter, int Iterations);
