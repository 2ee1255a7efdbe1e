using Kullback.Learning.Models;
using System.Numerics.Tensors;
using Kullback.Kernels;
using Kullback.Losses;

namespace Kullback.Learning.Training;

/// <summary>
/// Measures networks (one, or an ensemble averaged as Q̄ = (1/M)·Σₘ Qₘ) on a data set whose features are already
/// scaled, in chunks of rows. Each row is softmaxed once per distribution (<see cref="PredictiveDistribution.LogSoftmaxRow(ReadOnlySpan{float}, Span{double}, long)"/>,
/// one log-sum-exp): from log Q come H(P,Q) = −Σ p·log q, H(P) = −Σ p·log p and D(P‖Q) = max(0, H(P,Q) − H(P)), the
/// decomposition of the loss kernels; from Q = exp(log Q) accuracy and calibration at temperature 1.
/// </summary>
public static class Evaluator
{
    private const int Chunk = 1024;
    private const double SoftTargetTolerance = 1e-4;

    /// <summary>
    /// Metrics of <paramref name="members"/> on rows X (rows, inputs) with labels y and targets P: one-hot labels
    /// smoothed by ε, or <paramref name="soft"/> rows (rows, classes) when given. With a temperature T ≠ 1 the
    /// divergence terms compare P with softmax(z/T) (distillation); accuracy and ECE always use softmax(z).
    /// A calibration temperature T_c ≠ 1 (from temperature scaling) replaces the logits z (log Q̄ for an ensemble) by
    /// z/T_c for every metric; it cannot be combined with a distillation temperature.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree, a label is out of range, a soft row is not a distribution,
    /// a logits row is not finite, or both temperatures differ from 1.</exception>
    public static SplitMetrics Measure(IReadOnlyList<Network> members, ReadOnlySpan<float> x, ReadOnlySpan<int> labels,
        ReadOnlySpan<float> soft = default, double smoothing = 0, double temperature = 1, int threads = 1, double calibration = 1)
    {
        if (calibration != 1 && temperature != 1) throw new ArgumentException("a calibration temperature and a distillation temperature cannot be combined", nameof(calibration));
        if (!(calibration > 0 && double.IsFinite(calibration))) throw new ArgumentOutOfRangeException(nameof(calibration), calibration, "the calibration temperature must be finite and > 0");
        if (!(temperature > 0 && double.IsFinite(temperature))) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the temperature must be finite and > 0");
        if (!(smoothing >= 0 && smoothing <= 1)) throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "label smoothing ε must be in [0, 1]");
        if (calibration != 1) temperature = calibration;
        var spec = members[0].Spec;
        int inputs = spec.Inputs, classes = spec.Classes, rows = labels.Length;
        if (x.Length != (long)rows * inputs) throw new ArgumentException($"x.Length = {x.Length}, expected {rows}×{inputs}", nameof(x));
        if (!soft.IsEmpty && soft.Length != (long)rows * classes) throw new ArgumentException($"soft.Length = {soft.Length}, expected {rows}×{classes}", nameof(soft));
        for (int r = 0; r < rows; r++)
            if ((uint)labels[r] >= (uint)classes) throw new ArgumentException($"labels[{r}] = {labels[r]}: must be a class in [0, {classes})", nameof(labels));
        var bins = new ReliabilityBins();
        var sums = new SplitSums();
        bool ensemble = members.Count > 1, distilling = temperature != 1 && calibration == 1;
        var scaled = new float[Chunk * classes];                 // z/T (one network)
        var logQ = new double[classes];                          // log Q of the divergence terms, one row
        var logQm = new double[classes];                         // a member's log Q (ensemble), or log softmax(z) when distilling
        var q = new float[classes];                              // Q at temperature 1 (accuracy, ECE), one row
        var qbar = ensemble ? new double[Chunk * classes] : [];
        var qbarT = ensemble && distilling ? new double[Chunk * classes] : [];
        var logits = ensemble ? new double[classes] : [];
        foreach (var m in members) { m.Threads = threads; m.EnsureCapacity(Math.Min(Chunk, Math.Max(rows, 1))); }
        float invT = (float)(1 / temperature);
        for (int start = 0; start < rows; start += Chunk)
        {
            int n = Math.Min(Chunk, rows - start);
            int len = n * classes;
            var chunkX = x.Slice(start * inputs, n * inputs);
            ReadOnlySpan<float> z = default;
            if (!ensemble)
            {
                z = members[0].Forward(chunkX);
                if (temperature != 1) TensorPrimitives.Multiply(z, invT, scaled.AsSpan(0, len));
            }
            else
            {
                Array.Clear(qbar, 0, len);
                if (distilling) Array.Clear(qbarT, 0, len);
                foreach (var member in members)
                {
                    var zm = member.Forward(chunkX);
                    for (int r = 0; r < n; r++)
                    {
                        var row = zm.Slice(r * classes, classes);
                        PredictiveDistribution.LogSoftmaxRow(row, logQm, start + r);
                        for (int c = 0; c < classes; c++) qbar[r * classes + c] += Math.Exp(logQm[c]);
                        if (distilling)
                        {
                            var zt = scaled.AsSpan(0, classes);
                            TensorPrimitives.Multiply(row, invT, zt);
                            PredictiveDistribution.LogSoftmaxRow(zt, logQm, start + r);
                            for (int c = 0; c < classes; c++) qbarT[r * classes + c] += Math.Exp(logQm[c]);
                        }
                    }
                }
            }
            for (int r = 0; r < n; r++)
            {
                long row = start + r;
                if (!ensemble)
                {
                    var zr = z.Slice(r * classes, classes);
                    // Calibration: every metric on z/T_c. Distillation: divergences on z/T, accuracy and ECE on z.
                    PredictiveDistribution.LogSoftmaxRow(temperature == 1 ? zr : scaled.AsSpan(r * classes, classes), logQ, row);
                    if (distilling) PredictiveDistribution.LogSoftmaxRow(zr, logQm, row);
                    var accuracyLogQ = distilling ? logQm : logQ;
                    for (int c = 0; c < classes; c++) q[c] = (float)Math.Exp(accuracyLogQ[c]);
                }
                else
                {
                    var mean = qbar.AsSpan(r * classes, classes);
                    if (calibration != 1)
                    {
                        // softmax(log Q̄ / T_c): a zero mean probability is a −∞ logit.
                        for (int c = 0; c < classes; c++) logits[c] = Math.Log(mean[c] / members.Count) / calibration;
                        PredictiveDistribution.LogSoftmaxRow(logits, logQ, row);
                        for (int c = 0; c < classes; c++) q[c] = (float)Math.Exp(logQ[c]);
                    }
                    else
                    {
                        for (int c = 0; c < classes; c++) q[c] = (float)(mean[c] / members.Count);
                        var divergenceMean = distilling ? qbarT.AsSpan(r * classes, classes) : mean;
                        for (int c = 0; c < classes; c++) logQ[c] = Math.Log(divergenceMean[c] / members.Count);
                    }
                }
                if (soft.IsEmpty) sums.AddLabel(logQ, labels[start + r], smoothing);
                else sums.AddSoft(logQ, soft.Slice((int)row * classes, classes), smoothing, row);
                int arg = TensorPrimitives.IndexOfMax(q.AsSpan());
                bool hit = arg == labels[start + r];
                sums.Correct += hit ? 1 : 0;
                bins.Add(q[arg], hit);
            }
        }
        double inv = rows > 0 ? 1.0 / rows : 0;
        return new SplitMetrics(rows, sums.CrossEntropy * inv, sums.Entropy * inv, Math.Max(0, sums.Divergence * inv), sums.Correct * inv, bins.ExpectedCalibrationError(), bins);
    }

    /// <summary>
    /// Running sums of H(P,Q), H(P) and D(P‖Q) = max(0, H(P,Q) − H(P)) over rows, from log Q and the target P̃ = (1 − ε)·P + ε/C
    /// (terms with p̃ = 0 add 0, so masked classes the target does not use are legal) — the decomposition of the loss kernels.
    /// </summary>
    private struct SplitSums
    {
        public double CrossEntropy, Entropy, Divergence;
        public long Correct;

        public void AddLabel(ReadOnlySpan<double> logQ, int label, double epsilon)
        {
            int classes = logQ.Length;
            double b = epsilon / classes, a = 1 - epsilon + b;
            double crossEntropy = epsilon < 1 ? -(1 - epsilon) * logQ[label] : 0, entropy = 0;   // 0·log q = 0 when ε = 1
            if (epsilon > 0)
            {
                double sumLogQ = 0;
                for (int c = 0; c < classes; c++) sumLogQ += logQ[c];
                crossEntropy -= b * sumLogQ;
                entropy = -(Elementary.XLogX(a) + (classes - 1) * Elementary.XLogX(b));
            }
            Add(crossEntropy, entropy);
        }

        public void AddSoft(ReadOnlySpan<double> logQ, ReadOnlySpan<float> p, double epsilon, long row)
        {
            int classes = logQ.Length;
            double b = epsilon / classes, sum = 0, crossEntropy = 0, entropy = 0;
            for (int c = 0; c < classes; c++)
            {
                double raw = p[c];
                if (!(raw >= 0)) throw new ArgumentException($"soft row {row}: p[{c}] = {raw}; probabilities must be ≥ 0", "soft");
                sum += raw;
                double pt = (1 - epsilon) * raw + b;
                if (pt == 0) continue;
                crossEntropy -= pt * logQ[c];
                entropy -= Elementary.XLogX(pt);
            }
            if (!(Math.Abs(sum - 1) <= SoftTargetTolerance)) throw new ArgumentException($"soft row {row}: Σ p = {sum}; each row must sum to 1", "soft");
            Add(crossEntropy, entropy);
        }

        private void Add(double crossEntropy, double entropy)
        {
            CrossEntropy += crossEntropy;
            Entropy += entropy;
            Divergence += Math.Max(0, crossEntropy - entropy);
        }
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
                    TensorPrimitives.Multiply(z, (float)(1 / temperature), scaled.AsSpan(0, len));
                    z = scaled.AsSpan(0, len);
                }
                PredictiveDistribution.Softmax(z, n, classes, qm.AsSpan(0, len), start);
                TensorPrimitives.Add(target, qm.AsSpan(0, len), target);
            }
            if (members.Count > 1) TensorPrimitives.Divide(target, members.Count, target);
        }
        return result;
    }

    /// <summary>
    /// Ensemble uncertainty per row: total H(Q̄) = aleatoric (1/M)·Σₘ H(Qₘ) + epistemic (1/M)·Σₘ D(Qₘ‖Q̄) (the mutual
    /// information between the prediction and the member), from one log-softmax of each member's row and Q̄.
    /// Writes per-row values (length rows) and returns their means.
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
        var logQm = new double[classes];
        foreach (var member in members)
        {
            for (int start = 0; start < rows; start += Chunk)
            {
                int n = Math.Min(Chunk, rows - start);
                var z = member.Forward(x.Slice(start * inputs, n * inputs));
                for (int r = 0; r < n; r++)
                {
                    // One log-softmax per member row: H(Qₘ) = −Σ qₘ·log qₘ, D(Qₘ‖Q̄) = Σ qₘ·(log qₘ − log q̄) (terms with qₘ = 0 add 0).
                    PredictiveDistribution.LogSoftmaxRow(z.Slice(r * classes, classes), logQm, start + r);
                    var mean = qbar.AsSpan((start + r) * classes, classes);
                    double entropy = 0, divergence = 0;
                    for (int c = 0; c < classes; c++)
                    {
                        double q = Math.Exp(logQm[c]);
                        if (q == 0) continue;
                        entropy -= q * logQm[c];
                        divergence += q * (logQm[c] - Math.Log(mean[c]));
                    }
                    aleatoric[start + r] += entropy / members.Count;
                    epistemic[start + r] += Math.Max(0, divergence) / members.Count;
                }
            }
        }
        double a = 0, e = 0;
        for (int r = 0; r < rows; r++) { a += aleatoric[r]; e += epistemic[r]; }
        double inv = rows > 0 ? 1.0 / rows : 0;
        return ((a + e) * inv, a * inv, e * inv);
    }
}
