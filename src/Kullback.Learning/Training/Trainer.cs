using System.Diagnostics;
using Kullback.Learning.Data;
using Kullback.Learning.Models;
using Kullback.Learning.Optimizers;

namespace Kullback.Learning.Training;

/// <summary>The outcome of <see cref="Trainer.Train"/>.</summary>
/// <param name="Model">The trained classifier (all ensemble members, with the fitted scaler).</param>
/// <param name="Epochs">Per-epoch metrics of every member, in order.</param>
/// <param name="Test">Final metrics of the whole model (the ensemble mean when M &gt; 1) on the test set.</param>
/// <param name="Train">Final metrics of the whole model on the training set.</param>
public sealed record TrainingResult(Classifier Model, IReadOnlyList<EpochMetrics> Epochs, SplitMetrics Train, SplitMetrics Test);

/// <summary>
/// Mini-batch training of a classifier Q(y | x; θ) towards targets P by minimising D(P‖Q) (or H(P,Q), the same
/// gradient): per epoch a seeded shuffle, then for each batch logits z = f(X; θ), the loss kernel's
/// ∂/∂z = (softmax(z) − P)/rows, backpropagation to ∂/∂θ and an optimiser step. Targets are one-hot labels, smoothed
/// labels, or a teacher's softmax(t/T) (distillation: the loss on z/T times T², so ∂/∂z = T·(softmax(z/T) − P)/rows).
/// Deterministic for a seed and thread count.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="spec"/> on raw <paramref name="train"/> rows (scaled by a <see cref="FeatureScaler"/> of
    /// kind <paramref name="scaling"/> fitted on them) and measures every epoch on <paramref name="test"/>.
    /// </summary>
    /// <param name="spec">Architecture; its inputs and classes must match the data.</param>
    /// <param name="train">Training rows (raw features).</param>
    /// <param name="test">Test rows (raw features).</param>
    /// <param name="scaling">Feature scaling fitted on the training rows.</param>
    /// <param name="options">Objective, optimiser, schedule.</param>
    /// <param name="teacher">A trained classifier whose softmax(t/T) are the targets, or null for labels.</param>
    /// <param name="onEpoch">Called after every epoch with its metrics.</param>
    /// <param name="onBatch">Called after every batch with (member, epoch, batches done in the epoch, batches per epoch).</param>
    /// <exception cref="ArgumentException">Options out of range, or the data does not fit the spec or the teacher.</exception>
    public static TrainingResult Train(ModelSpec spec, Dataset train, Dataset test, ScalingKind scaling, TrainingOptions options,
        Classifier? teacher = null, Action<EpochMetrics>? onEpoch = null, Action<int, int, int, int>? onBatch = null)
    {
        options.Validate();
        if (train.FeatureCount != spec.Inputs || test.FeatureCount != spec.Inputs)
            throw new ArgumentException($"the model takes {spec.Inputs} features; train has {train.FeatureCount}, test {test.FeatureCount}");
        if (train.Classes > spec.Classes || test.Classes > spec.Classes)
            throw new ArgumentException($"the model has {spec.Classes} classes; the data has labels up to {Math.Max(train.Classes, test.Classes) - 1}");
        if (teacher is not null && options.LabelSmoothing > 0)
            throw new ArgumentException("label smoothing and a teacher both define the targets: use one");
        if (teacher is not null && (teacher.Spec.Classes != spec.Classes || teacher.Spec.Inputs != spec.Inputs))
            throw new ArgumentException($"the teacher ({teacher.Spec.Describe()}) does not match the student ({spec.Describe()})");
        spec.BuildLayers();

        Dataset fitRaw = train, validationRaw = null!;
        if (options.ValidationFraction > 0) (fitRaw, validationRaw) = train.Split(options.ValidationFraction, options.Seed);
        var scaler = FeatureScaler.Fit(fitRaw, scaling);
        var fit = scaler.Transform(fitRaw);
        var testScaled = scaler.Transform(test);
        var validation = validationRaw is null ? null : scaler.Transform(validationRaw);
        double temperature = teacher is null ? 1 : options.Temperature;
        float[]? fitSoft = teacher is null ? null : TeacherTargets(teacher, fitRaw, options);
        float[]? testSoft = teacher is null ? null : TeacherTargets(teacher, test, options);
        float[]? validationSoft = teacher is null || validationRaw is null ? null : TeacherTargets(teacher, validationRaw, options);

        var epochs = new List<EpochMetrics>();
        var members = new List<Network>();
        for (int m = 0; m < options.Ensemble; m++)
        {
            var network = TrainMember(spec, m, fit, fitSoft, testScaled, testSoft, validation, validationSoft, options, temperature, epochs, onEpoch, onBatch);
            members.Add(network);
        }
        var model = new Classifier(members, scaler, train.ImageHeight, train.ImageWidth);
        // One network with no early stopping ends with the parameters its last epoch measured: those metrics are final.
        var last = epochs.Count > 0 ? epochs[^1] : null;
        bool measured = options.Ensemble == 1 && validation is null && last is not null;
        var finalTest = measured ? last!.Test : Evaluator.Measure(members, testScaled.Features, testScaled.Labels, testSoft, options.LabelSmoothing, temperature, options.Threads);
        var finalTrain = measured ? last!.Train : Evaluator.Measure(members, fit.Features, fit.Labels, fitSoft, options.LabelSmoothing, temperature, options.Threads);
        return new TrainingResult(model, epochs, finalTrain, finalTest);
    }

    /// <summary>The teacher's softmax(t/T) on raw rows (the teacher applies its own scaler).</summary>
    private static float[] TeacherTargets(Classifier teacher, Dataset raw, TrainingOptions options)
    {
        return teacher.Predict(raw.Features, options.Threads, options.Temperature);
    }

    private static Network TrainMember(ModelSpec spec, int member, Dataset fit, float[]? fitSoft, Dataset test, float[]? testSoft,
        Dataset? validation, float[]? validationSoft, TrainingOptions options, double temperature, List<EpochMetrics> epochs,
        Action<EpochMetrics>? onEpoch, Action<int, int, int, int>? onBatch)
    {
        int seed = options.Seed + member;
        var network = new Network(spec, seed) { Threads = options.Threads };
        int batch = Math.Min(options.BatchSize, fit.Rows);
        network.EnsureCapacity(batch);
        IOptimizer<float> optimizer = options.Optimizer == OptimizerKind.Adam
            ? new Adam<float>(network.Parameters.Length, (float)options.LearningRate, weightDecay: (float)options.WeightDecay) { Threads = options.Threads }
            : new Sgd<float>(network.Parameters.Length, (float)options.LearningRate, (float)options.Momentum, (float)options.WeightDecay);
        var shuffle = new Random(seed ^ 0x5EED);
        var order = new int[fit.Rows];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        int classes = spec.Classes, inputs = spec.Inputs;
        var labels = new int[batch];
        var soft = fitSoft is null ? null : new float[batch * classes];
        var scaledLogits = new float[batch * classes];
        var gradient = new float[batch * classes];
        int batches = (fit.Rows + batch - 1) / batch;
        double total = 0, bestValidation = double.PositiveInfinity;
        float[]? best = null;
        int sinceBest = 0;
        var members = new[] { network };
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            Dataset.Shuffle(order, shuffle);
            double lossSum = 0;
            for (int b = 0; b < batches; b++)
            {
                int start = b * batch, rows = Math.Min(batch, fit.Rows - start);
                var input = network.InputBuffer;
                for (int r = 0; r < rows; r++)
                {
                    int row = order[start + r];
                    fit.Row(row).CopyTo(input.Slice(r * inputs, inputs));
                    labels[r] = fit.Labels[row];
                    if (soft is not null) fitSoft.AsSpan(row * classes, classes).CopyTo(soft.AsSpan(r * classes, classes));
                }
                var logits = network.Forward(rows);
                int len = rows * classes;
                var g = gradient.AsSpan(0, len);
                if (soft is null)
                {
                    lossSum += rows * ObjectiveLoss.Evaluate(options.Objective, logits, rows, classes, labels.AsSpan(0, rows), default, g,
                        options.LabelSmoothing, decompose: false).Loss;
                }
                else
                {
                    // Distillation: loss T²·D(P_T‖softmax(z/T)); ∂/∂z = T²·(1/T)·∂/∂(z/T) = T·g.
                    float invT = (float)(1 / temperature), t = (float)temperature;
                    System.Numerics.Tensors.TensorPrimitives.Multiply(logits, invT, scaledLogits.AsSpan(0, len));
                    lossSum += rows * temperature * temperature * ObjectiveLoss.Evaluate(options.Objective, scaledLogits.AsSpan(0, len), rows, classes,
                        default, soft.AsSpan(0, len), g, 0, decompose: false).Loss;
                    if (t != 1f) System.Numerics.Tensors.TensorPrimitives.Multiply(g, t, g);
                }
                network.Backward(g, rows);
                optimizer.Step(network.Parameters, network.Gradient);
                onBatch?.Invoke(member, epoch, b + 1, batches);
            }
            clock.Stop();
            double seconds = clock.Elapsed.TotalSeconds;
            total += seconds;
            var trainMetrics = Evaluator.Measure(members, fit.Features, fit.Labels, fitSoft, options.LabelSmoothing, temperature, options.Threads);
            var testMetrics = Evaluator.Measure(members, test.Features, test.Labels, testSoft, options.LabelSmoothing, temperature, options.Threads);
            SplitMetrics? validationMetrics = validation is null ? null
                : Evaluator.Measure(members, validation.Features, validation.Labels, validationSoft, options.LabelSmoothing, temperature, options.Threads);
            var metrics = new EpochMetrics(member, epoch, seconds, total, lossSum / fit.Rows, trainMetrics, testMetrics, validationMetrics);
            epochs.Add(metrics);
            onEpoch?.Invoke(metrics);
            if (validationMetrics is not null)
            {
                if (validationMetrics.CrossEntropy < bestValidation)
                {
                    bestValidation = validationMetrics.CrossEntropy;
                    best = (float[])network.Parameters.Clone();
                    sinceBest = 0;
                }
                else if (++sinceBest >= options.Patience) break;
            }
        }
        if (best is not null) best.CopyTo(network.Parameters, 0);
        return network;
    }
}
