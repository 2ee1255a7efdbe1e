using Kullback.Learning.Data;
using Kullback.Learning.Models;
using Kullback.Learning.Training;
using Kullback.Tests.Support;

namespace Kullback.Tests.Learning.Training;

public sealed class TrainerTests
{
    private static readonly Lazy<(Dataset Train, Dataset Test)> Digits =
        new(() => CsvDataset.Load(Path.Combine(TestPaths.RepositoryRoot, "data", "digits.csv.gz")).Split(0.2, 0));

    private static readonly ModelSpec Softmax = new(ModelKind.Softmax, 64, 10, []);
    private static readonly ModelSpec Mlp = new(ModelKind.Mlp, 64, 10, [16]);

    private static TrainingResult Run(ModelSpec spec, TrainingOptions options, Classifier? teacher = null) =>
        Trainer.Train(spec, Digits.Value.Train, Digits.Value.Test, ScalingKind.Global, options, teacher);

    [Fact]
    public void SoftmaxRegressionReachesNinetyFivePercentOnDigits()
    {
        var r = Run(Softmax, new TrainingOptions { Epochs = 20, LearningRate = 0.02, BatchSize = 32 });
        Assert.True(r.Test.Accuracy >= 0.95, $"test accuracy {r.Test.Accuracy}");
        Assert.Equal(0, r.Test.Entropy);
        Assert.Equal(r.Test.CrossEntropy, r.Test.Entropy + r.Test.Divergence, 1e-12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void CrossEntropyAndKlGiveIdenticalTrajectoriesWithLabels(double smoothing)
    {
        var common = new TrainingOptions { Epochs = 3, LearningRate = 0.01, BatchSize = 50, LabelSmoothing = smoothing, Seed = 4 };
        var ce = Run(Mlp, common with { Objective = Objective.CrossEntropy });
        var kl = Run(Mlp, common with { Objective = Objective.KullbackLeibler });
        Assert.Equal(ce.Model.Members[0].Parameters, kl.Model.Members[0].Parameters);
        for (int e = 0; e < ce.Epochs.Count; e++)
        {
            // The reported losses differ by exactly the target entropy H(P): 0 for one-hot targets, > 0 when smoothed.
            double gap = ce.Epochs[e].TrainLoss - kl.Epochs[e].TrainLoss;
            if (smoothing == 0) Assert.Equal(0, gap, 1e-9);
            else Assert.Equal(ce.Epochs[e].Train.Entropy, gap, 1e-4);
        }
        if (smoothing > 0) Assert.True(ce.Test.Entropy > 0.3);
    }

    [Fact]
    public void CrossEntropyAndKlGiveIdenticalTrajectoriesWithTeacherTargets()
    {
        var teacher = Run(Softmax, new TrainingOptions { Epochs = 2, LearningRate = 0.02, BatchSize = 32 }).Model;
        var common = new TrainingOptions { Epochs = 2, LearningRate = 0.01, BatchSize = 64, Temperature = 2, Seed = 1 };
        var ce = Run(Mlp, common with { Objective = Objective.CrossEntropy }, teacher);
        var kl = Run(Mlp, common with { Objective = Objective.KullbackLeibler }, teacher);
        Assert.Equal(ce.Model.Members[0].Parameters, kl.Model.Members[0].Parameters);
        Assert.True(kl.Test.Entropy > 0, "soft targets have H(P) > 0");
        Assert.Equal(kl.Test.CrossEntropy, kl.Test.Entropy + kl.Test.Divergence, 1e-6);
    }

    [Fact]
    public void SameSeedSameModelForAnyThreadCount()
    {
        var one = Run(Mlp, new TrainingOptions { Epochs = 2, Seed = 9, Threads = 1, BatchSize = 200 });
        var two = Run(Mlp, new TrainingOptions { Epochs = 2, Seed = 9, Threads = 2, BatchSize = 200 });
        var other = Run(Mlp, new TrainingOptions { Epochs = 2, Seed = 10, Threads = 1, BatchSize = 200 });
        Assert.Equal(one.Model.Members[0].Parameters, two.Model.Members[0].Parameters);
        Assert.NotEqual(one.Model.Members[0].Parameters, other.Model.Members[0].Parameters);
    }

    [Fact]
    public void SgdAndEarlyStoppingRun()
    {
        var r = Run(Softmax, new TrainingOptions { Optimizer = OptimizerKind.Sgd, LearningRate = 0.1, Momentum = 0.9, WeightDecay = 1e-4,
            Epochs = 30, ValidationFraction = 0.2, Patience = 2, BatchSize = 32 });
        Assert.All(r.Epochs, e => Assert.NotNull(e.Validation));
        Assert.True(r.Epochs.Count < 30 || r.Test.Accuracy > 0.9);
        Assert.True(r.Test.Accuracy > 0.9, $"accuracy {r.Test.Accuracy}");
    }

    [Fact]
    public void EnsembleSplitsPredictiveEntropy()
    {
        var r = Run(Softmax, new TrainingOptions { Epochs = 2, Ensemble = 3, BatchSize = 64 });
        Assert.Equal(3, r.Model.Members.Count);
        var test = Digits.Value.Test;
        var x = (float[])test.Features.Clone();
        r.Model.Scaler.Apply(x);
        var a = new double[test.Rows];
        var e = new double[test.Rows];
        var (total, aleatoric, epistemic) = Evaluator.Uncertainty(r.Model.Members, x, a, e);
        Assert.True(epistemic > 0 && aleatoric > 0);
        // Oracle: H(Q̄) from the mean probabilities, summed directly in double.
        var qbar = Evaluator.Probabilities(r.Model.Members, x);
        double h = 0;
        for (int i = 0; i < qbar.Length; i++) if (qbar[i] > 0) h -= qbar[i] * Math.Log(qbar[i]);
        Assert.Equal(h / test.Rows, total, 1e-4);
        Assert.Equal(total, aleatoric + epistemic, 1e-12);
    }

    [Fact]
    public void BadOptionsAreNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Run(Softmax, new TrainingOptions { BatchSize = 0 }));
        Assert.Contains("batch size = 0", e.Message);
        var mismatch = Assert.Throws<ArgumentException>(() => Run(new ModelSpec(ModelKind.Softmax, 10, 10, []), new TrainingOptions()));
        Assert.Contains("64", mismatch.Message);
    }
}
