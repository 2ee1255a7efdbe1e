using Kullback.Learning.Models;
using Kullback.Losses;

namespace Kullback.Learning.Training;

/// <summary>
/// Measures networks (one, or an ensemble averaged as Q̄ = (1/M)·Σₘ Qₘ) on a data set whose features are already
/// scaled, in chunks of rows. Cross-entropy, H(P) and D(P‖Q) come from the loss kernels (Decompose); accuracy and
/// calibration from Q at temperature 1.
/// </summary>
public static class Evaluator
{
    private const int Chunk = 1024;

    /// <summary>
    /// Metrics of <paramref name="members"/> on rows X (rows, inputs) with labels y and targets P: one-hot labels
    /// smoothed by ε, or <paramref name="soft"/> rows (rows, classes) when given. With a temperature T ≠ 1 the
    /// divergence terms compare P with softmax(z/T) (distillation); accuracy and ECE always use softmax(z).
    /// A calibration temperature T_c ≠ 1 (from temperature scaling) replaces the logits z (log Q̄ for an ensemble) by
    /// z/T_c for every metric; it cannot be combined with a distillation temperature.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree, or both temperatures differ from 1.</exception>
    public static SplitMetrics Measure(IReadOnlyList<Network> members, ReadOnlySpan<float> x, ReadOnlySpan<int> labels,
        ReadOnlySpan<float> soft = default, double smoothing = 0, double temperature = 1, int threads = 1, double calibration = 1)
    {
        if (calibration != 1 && temperature != 1) throw new ArgumentException("a calibration temperature and a distillation temperature cannot be combined", nameof(calibration));
        if (!(calibration > 0 && double.IsFinite(calibration))) throw new ArgumentOutOfRangeException(nameof(calibration), calibration, "the calibration temperature must be finite and > 0");
        if (calibration != 1) temperature = calibration;
        var spec = members[0].Spec;
        int inputs = spec.Inputs, classes = spec.Classes, rows = labels.Length;
        if (x.Length != (long)rows * inputs) throw new ArgumentException($"x.Length = {x.Length}, expected {rows}×{inputs}", nameof(x));
        if (!soft.IsEmpty && soft.Length != (long)rows * classes) throw new ArgumentException($"soft.Length = {soft.Length}, expected {rows}×{classes}", nameof(soft));
        var bins = new ReliabilityBins();
        double ce = 0, h = 0, kl = 0;
        long correct = 0;
        var metricLogits = new float[Chunk * classes];
        var q = new float[Chunk * classes];
        var qm = new float[Chunk * classes];
        var qbarT = new double[Chunk * classes];
        var qbar = new double[Chunk * classes];
        foreach (var m in members) { m.Threads = threads; m.EnsureCapacity(Math.Min(Chunk, Math.Max(rows, 1))); }
        float invT = (float)(1 / temperature);
        for (int start = 0; start < rows; start += Chunk)
        {
            int n = Math.Min(Chunk, rows - start);
            int len = n * classes;
            var chunkX = x.Slice(start * inputs, n * inputs);
            if (members.Count == 1)
            {
                var z = members[0].Forward(chunkX);
                if (temperature == 1) z.CopyTo(metricLogits);
                else System.Numerics.Tensors.TensorPrimitives.Multiply(z, invT, metricLogits.AsSpan(0, len));
                PredictiveDistribution.Softmax(calibration == 1 ? z : metricLogits.AsSpan(0, len), n, classes, q.AsSpan(0, len));
            }
            else
            {
                Array.Clear(qbar, 0, len);
                Array.Clear(qbarT, 0, len);
                foreach (var member in members)
                {
                    var z = member.Forward(chunkX);
                    PredictiveDistribution.Softmax(z, n, classes, qm.AsSpan(0, len));
                    for (int i = 0; i < len; i++) qbar[i] += qm[i];
                    if (temperature != 1 && calibration == 1)
                    {
                        System.Numerics.Tensors.TensorPrimitives.Multiply(z, invT, metricLogits.AsSpan(0, len));
                        PredictiveDistribution.Softmax(metricLogits.AsSpan(0, len), n, classes, qm.AsSpan(0, len));
                    }
                    for (int i = 0; i < len; i++) qbarT[i] += qm[i];
                }
                // log Q̄ as logits: softmax(log Q̄) = Q̄ because Q̄ sums to 1; a zero mean probability is a −∞ logit.
                for (int i = 0; i < len; i++)
                {
                    q[i] = (float)(qbar[i] / members.Count);
                    metricLogits[i] = (float)(Math.Log(qbarT[i] / members.Count) / calibration);
                }
                if (calibration != 1) PredictiveDistribution.Softmax(metricLogits.AsSpan(0, len), n, classes, q.AsSpan(0, len));
            }
            var result = ObjectiveLoss.Evaluate(Objective.CrossEntropy, metricLogits.AsSpan(0, len), n, classes,
                labels.Slice(start, n), soft.IsEmpty ? default : soft.Slice(start * classes, len), default, smoothing, decompose: true);
            ce += result.CrossEntropy!.Value * n;
            h += result.Entropy!.Value * n;
            kl += result.Divergence!.Value * n;
            for (int r = 0; r < n; r++)
            {
                var row = q.AsSpan(r * classes, classes);
                int arg = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row);
                bool hit = arg == labels[start + r];
                if (hit) correct++;
                bins.Add(row[arg], hit);
            }
        }
        double inv = rows > 0 ? 1.0 / rows : 0;
        return new SplitMetrics(rows, ce * inv, h * inv, Math.Max(0, kl * inv), correct * inv, bins.ExpectedCalibrationError(), bins);
    }

    /// <summary>
    /// The logits of <paramref name="members"/> on scaled rows (rows, classes): z for one network, log Q̄ for an
    /// ensemble (softmax(log Q̄) = Q̄; a zero mean probability is a −∞ logit). Temperature scaling divides these by T.
    /// </summary>
    public static double[] Logits(IReadOnlyList<Network> members, ReadOnlySpan<float> x, int threads = 1)
    {
        var spec = members[0].Spec;
        int inputs = spec.Inputs, classes = spec.Classes, rows = x.Length / inputs;
        if (x.Length != (long)rows * inputs) throw new ArgumentException($"x.Length = {x.Length} is not a multiple of {inputs} inputs", nameof(x));
        var result = new double[(long)rows * classes];
        if (members.Count > 1)
        {
            var q = Probabilities(members, x, threads);
            for (long i = 0; i < q.LongLength; i++) result[i] = Math.Log(q[i]);
            return result;
        }
        members[0].Threads = threads;
        members[0].EnsureCapacity(Math.Min(Chunk, Math.Max(rows, 1)));
        for (int start = 0; start < rows; start += Chunk)
        {
            int n = Math.Min(Chunk, rows - start);
            var z = members[0].Forward(x.Slice(start * inputs, n * inputs));
            for (int i = 0; i < n * classes; i++) result[(long)start * classes + i] = z[i];
        }
        return result;
    }

    /// <summary>
    /// The predictive distribution Q̄ (rows, classes) of <paramref name="members"/> on scaled rows
    /// <paramref name="x"/>: the mean of the members' softmax(z/T) outputs (T = <paramref name="temperature"/>, default 1).
    /// </summary>
    public static float[] Probabilities(IReadOnlyList<Network> members, ReadOnlySpan<float> x, int threads = 1, double temperature = 1)
    {
        var spec = members[0].Spec;
        int inputs = spec.Inputs, classes = spec.Classes, rows = x.Length / inputs;
        if (x.Length != (long)rows * inputs) throw new ArgumentException($"x.Length = {x.Length} is not a multiple of {inputs} inputs", nameof(x));
        var result = new float[(long)rows * classes];
        var qm = new float[Chunk * classes];
        var scaled = new float[Chunk * classes];
        foreach (var m in members) m.Threads = threads;
        for (int start = 0; start < rows; start += Chunk)
        {
            int n = Math.Min(Chunk, rows - start), len = n * classes;
            var target = result.AsSpan(start * classes, len);
            foreach (var member in members)
            {
                var z = member.Forward(x.Slice(start * inputs, n * inputs));
                if (temperature != 1)
                {
                    System.Numerics.Tensors.TensorPrimitives.Multiply(z, (float)(1 / temperature), scaled.AsSpan(0, len));
                    z = scaled.AsSpan(0, len);
                }
                PredictiveDistribution.Softmax(z, n, classes, qm.AsSpan(0, len));
                System.Numerics.Tensors.TensorPrimitives.Add(target, qm.AsSpan(0, len), target);
            }
            if (members.Count > 1) System.Numerics.Tensors.TensorPrimitives.Divide(target, members.Count, target);
        }
        return result;
    }

    /// <summary>
    /// Ensemble uncertainty per row: total H(Q̄) = aleatoric (1/M)·Σₘ H(Qₘ) + epistemic (1/M)·Σₘ D(Qₘ‖Q̄) (the mutual
    /// information between the prediction and the member). Both terms come from the loss kernels with targets Qₘ
    /// and logits log Q̄. Writes per-row values (length rows) and returns their means.
    /// </summary>
    public static (double Total, double Aleatoric, double Epistemic) Uncertainty(IReadOnlyList<Network> members, ReadOnlySpan<float> x,
        Span<double> aleatoric, Span<double> epistemic, int threads = 1)
    {
        var spec = members[0].Spec;
        int inputs = spec.Inputs, classes = spec.Classes, rows = x.Length / inputs;
        if (aleatoric.Length != rows || epistemic.Length != rows) throw new ArgumentException($"per-row outputs need length {rows}");
        aleatoric.Clear();
        epistemic.Clear();
        var qbar = Probabilities(members, x, threads);
        var logQbar = new float[Chunk * classes];
        var qm = new float[Chunk * classes];
        var entropy = new double[Chunk];
        var divergence = new double[Chunk];
        var dummy = new int[Chunk];
        foreach (var member in members)
        {
            for (int start = 0; start < rows; start += Chunk)
            {
                int n = Math.Min(Chunk, rows - start), len = n * classes;
                var z = member.Forward(x.Slice(start * inputs, n * inputs));
                PredictiveDistribution.Softmax(z, n, classes, qm.AsSpan(0, len));
                for (int i = 0; i < len; i++) logQbar[i] = MathF.Log(qbar[start * classes + i]);
                ObjectiveLoss.Evaluate(Objective.CrossEntropy, logQbar.AsSpan(0, len), n, classes, default, qm.AsSpan(0, len), default, 0, false,
                    new RowTerms { Entropy = entropy.AsSpan(0, n), Divergence = divergence.AsSpan(0, n) });
                for (int r = 0; r < n; r++)
                {
                    aleatoric[start + r] += entropy[r] / members.Count;
                    epistemic[start + r] += Math.Max(0, divergence[r]) / members.Count;
                }
            }
        }
        double a = 0, e = 0;
        for (int r = 0; r < rows; r++) { a += aleatoric[r]; e += epistemic[r]; }
        double inv = rows > 0 ? 1.0 / rows : 0;
        return ((a + e) * inv, a * inv, e * inv);
    }
}
