using Kullback.Kernels;
using Kullback.Learning.Data;
using Kullback.Learning.Training;
using Kullback.Losses;
using Kullback.Onnx;

namespace Kullback.Cli.Evaluate;

/// <summary>
/// <c>kullback evaluate --onnx M.onnx</c>: an ONNX classifier's metrics on raw feature rows — the same quantities as for
/// Kullback's own models (<see cref="Evaluator"/>): H(P,Q) = H(P) + D(P‖Q) from the cross-entropy loss kernel on the
/// logits (divided by T when a calibration temperature is given), accuracy of argmax Q and the 15-bin ECE.
/// The model runs over chunks of rows on T threads; logits are kept per chunk only.
/// </summary>
internal static class OnnxEvaluation
{
    private const int Chunk = 256;

    public static SplitMetrics Measure(OnnxClassifier model, Dataset rows, double smoothing, double temperature, int threads)
    {
        int n = rows.Rows, d = rows.FeatureCount;
        if (n == 0) throw new InvalidDataException("no rows to evaluate");
        if (model.Features > 0 && model.Features != d)
            throw new InvalidDataException($"{model.FilePath}: input \"{model.InputName}\" takes {model.Features} features, the data has {d}");
        // The first row fixes C when the graph leaves it open.
        int c = model.Classes;
        if (c < 0)
        {
            var probe = new float[4096];
            model.Logits(rows.Features, d, 0, 1, probe);
            c = model.Classes;
        }
        if (rows.Classes > c)
            throw new InvalidDataException($"{model.FilePath}: the model has {c} classes, the data has labels up to {rows.Classes - 1}");
        int chunks = (n + Chunk - 1) / Chunk;
        var ce = new double[chunks];
        var h = new double[chunks];
        var kl = new double[chunks];
        var confidence = new float[n];
        var correct = new bool[n];
        try
        {
            RowPartition.RunWithScratch(chunks, threads, () => (new float[Chunk * c], new float[Chunk * c]), (chunk, buffers) =>
            {
                var (z, q) = buffers;
                int start = chunk * Chunk, count = Math.Min(Chunk, n - start), len = count * c;
                model.Logits(rows.Features, d, start, count, z);
                var logits = z.AsSpan(0, len);
                if (temperature != 1) System.Numerics.Tensors.TensorPrimitives.Multiply(logits, (float)(1 / temperature), logits);
                var labels = rows.Labels.AsSpan(start, count);
                LossResult result;
                try
                {
                    result = CrossEntropyLoss.Evaluate(logits, count, c, labels, default,
                        new LossOptions { Reduction = LossReduction.BatchMean, LabelSmoothing = smoothing, Decompose = true, Threads = 1 });
                    PredictiveDistribution.Softmax(logits, count, c, q.AsSpan(0, len));
                }
                catch (ArgumentException e)
                {
                    throw new InvalidDataException($"{model.FilePath}: rows {start}…{start + count - 1}: {e.Message}", e);
                }
                ce[chunk] = result.CrossEntropy!.Value * count;
                h[chunk] = result.Entropy!.Value * count;
                kl[chunk] = result.Divergence!.Value * count;
                for (int r = 0; r < count; r++)
                {
                    var row = q.AsSpan(r * c, c);
                    int arg = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row);
                    confidence[start + r] = row[arg];
                    correct[start + r] = arg == labels[r];
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions[0] is InvalidDataException first)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
        var bins = new ReliabilityBins();
        long hits = 0;
        for (int i = 0; i < n; i++)
        {
            bins.Add(confidence[i], correct[i]);
            if (correct[i]) hits++;
        }
        return new SplitMetrics(n, Sum(ce) / n, Sum(h) / n, Math.Max(0, Sum(kl) / n), hits / (double)n, bins.ExpectedCalibrationError(), bins);
    }

    /// <summary>Σ of the per-chunk sums in chunk order (so the result does not depend on the thread count).</summary>
    private static double Sum(double[] values)
    {
        double s = 0;
        foreach (var v in values) s += v;
        return s;
    }
}
