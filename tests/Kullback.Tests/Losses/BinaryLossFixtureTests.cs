using System.Text.Json;
using Kullback.Losses;

namespace Kullback.Tests.Losses;

/// <summary>The binary PyTorch fixtures: F.binary_cross_entropy_with_logits and F.binary_cross_entropy (float64).</summary>
public class BinaryLossFixtureTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in LossFixtures.Root.GetProperty("binary").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static JsonElement Case(string name) =>
        LossFixtures.Root.GetProperty("binary").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Theory]
    [MemberData(nameof(Names))]
    public void DoubleMatchesPyTorch(string name)
    {
        var c = Case(name);
        var x = LossFixtures.Numbers(c.GetProperty("x"));
        var y = LossFixtures.Numbers(c.GetProperty("target"));
        var w = c.TryGetProperty("weight", out var we) ? LossFixtures.Numbers(we) : null;
        var options = new BinaryLossOptions
        {
            Reduction = c.GetProperty("reduction").GetString() switch { "none" => LossReduction.None, "sum" => LossReduction.Sum, _ => LossReduction.Mean },
            PositiveWeight = c.TryGetProperty("pos_weight", out var pw) ? pw.GetDouble() : null,
            // On logits PyTorch's numbers are the TorchCompatible mode's (its tails round to 0); the default's accurate
            // tails are checked against mpmath in LogisticTailTests.
            TorchCompatible = c.GetProperty("kind").GetString() == "logits",
        };
        var grad = new double[x.Length];
        var rows = new double[x.Length];
        double loss = c.GetProperty("kind").GetString() == "logits"
            ? LogisticLoss.Evaluate(x, y, grad, options, w, rows)
            : BinaryCrossEntropyLoss.Evaluate(x, y, grad, options, w, rows);
        var expected = LossFixtures.Numbers(c.GetProperty("loss"));
        LossFixtures.Close(expected, options.Reduction == LossReduction.None ? rows : [loss], 1e-10, "loss");
        LossFixtures.Close(LossFixtures.Numbers(c.GetProperty("grad")), grad, 1e-10, "grad");
    }

    [Fact]
    public void LogisticLossIsFiniteForHugeLogitsAndZeroForCertainCorrectAnswers()
    {
        var grad = new double[4];
        double loss = LogisticLoss.Evaluate([1e30, -1e30, double.PositiveInfinity, double.NegativeInfinity], [1, 0, 1, 0], grad,
            new BinaryLossOptions { Reduction = LossReduction.Sum });
        Assert.Equal(0, loss);
        Assert.Equal([0, 0, 0, 0], grad);
        loss = LogisticLoss.Evaluate([1e30], [0.0], grad.AsSpan(0, 1), new BinaryLossOptions { Reduction = LossReduction.Sum });
        Assert.Equal(1e30, loss);
        Assert.Equal(1, grad[0]);
    }

    [Fact]
    public void CertainWrongProbabilityCostsInfinityNotNaN()
    {
        var grad = new double[2];
        double loss = BinaryCrossEntropyLoss.Evaluate([0.0, 1.0], [1.0, 1.0], grad, new BinaryLossOptions { Reduction = LossReduction.None });
        Assert.Equal(double.PositiveInfinity, loss);
        Assert.Equal(double.NegativeInfinity, grad[0]);
        Assert.Equal(-1, grad[1]);
    }

    [Fact]
    public void TargetOutsideUnitIntervalIsNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LogisticLoss.Evaluate([0f, 1f], [0f, 1.5f], default));
        Assert.Contains("targets[1] = 1.5", e.Message);
    }
}
