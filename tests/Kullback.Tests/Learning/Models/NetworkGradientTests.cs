using Kullback.Learning.Models;
using Kullback.Losses;

namespace Kullback.Tests.Learning.Models;

/// <summary>End to end: ∂/∂θ of the mean cross-entropy (from the loss kernels) through a whole network, against central differences.</summary>
public sealed class NetworkGradientTests
{
    public static TheoryData<string> Models() => ["softmax", "logistic", "mlp"];

    private static ModelSpec Spec(string name) => name switch
    {
        "softmax" => new ModelSpec(ModelKind.Softmax, 6, 4, []),
        "logistic" => new ModelSpec(ModelKind.Logistic, 6, 2, []),
        _ => new ModelSpec(ModelKind.Mlp, 6, 3, [5, 4]),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void NetworkGradientMatchesCentralDifferences(string name)
    {
        var spec = Spec(name);
        var net = new Network(spec, seed: 3);
        const int rows = 5;
        var random = new Random(5);
        var x = Enumerable.Range(0, rows * spec.Inputs).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var y = Enumerable.Range(0, rows).Select(i => i % spec.Classes).ToArray();
        double Loss()
        {
            var z = net.Forward(x);
            return CrossEntropyLoss.Evaluate(z, rows, spec.Classes, y, default, new LossOptions { Reduction = LossReduction.BatchMean }).Loss;
        }
        var logits = net.Forward(x);
        var g = new float[rows * spec.Classes];
        CrossEntropyLoss.Evaluate(logits, rows, spec.Classes, y, g, new LossOptions { Reduction = LossReduction.BatchMean });
        net.Backward(g, rows);
        var analytic = (float[])net.Gradient.Clone();
        const float h = 1e-2f;
        for (int i = 0; i < net.Parameters.Length; i++)
        {
            float keep = net.Parameters[i];
            net.Parameters[i] = keep + h; double up = Loss();
            net.Parameters[i] = keep - h; double down = Loss();
            net.Parameters[i] = keep;
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-3 * Math.Max(1, Math.Abs(numeric)) + 2e-4, $"{name} θ[{i}]: backward {analytic[i]}, numeric {numeric}");
        }
    }

    [Fact]
    public void LogisticNeedsTwoClasses()
    {
        var e = Assert.Throws<ArgumentException>(() => new Network(new ModelSpec(ModelKind.Logistic, 4, 3, []), 0));
        Assert.Contains("exactly 2 classes", e.Message);
    }
}
