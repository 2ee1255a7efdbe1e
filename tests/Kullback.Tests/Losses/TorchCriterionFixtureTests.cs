using Kullback.Losses;

namespace Kullback.Tests.Losses;

/// <summary>
/// PyTorch's criterion tests for BCELoss, BCEWithLogitsLoss, KLDivLoss (log_target) and NLLLoss, plus pos_weight, sample
/// weights and torch_compatible cases, against torch 1.13 float64: loss and gradient to 1e-10 relative, element by element.
/// </summary>
public class TorchCriterionFixtureTests
{
    public static TheoryData<string> Names() => TorchCriterionFixtures.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void LibraryMatchesPyTorch(string name)
    {
        var c = TorchCriterionFixtures.Case(name);
        var (loss, grad) = TorchCriterionFixtures.Evaluate(c.GetProperty("request"));
        LossFixtures.Close(TorchCriterionFixtures.Flatten(c.GetProperty("loss")).Values, loss, 1e-10, $"{name} loss", 1e-300);
        LossFixtures.Close(TorchCriterionFixtures.Flatten(c.GetProperty("grad")).Values, grad, 1e-10, $"{name} grad", 1e-300);
        if (c.TryGetProperty("sklearn", out var sk))
            LossFixtures.Close([sk.GetDouble()], loss, 1e-10, $"{name} vs scikit-learn log_loss");
    }

    [Fact]
    public void TheFixtureHoldsTorchsNineteenBinaryCriterionTests()
    {
        var names = TorchCriterionFixtures.Cases.Select(c => c.GetProperty("source").GetString()!).Where(s => s.StartsWith("torch common_nn", StringComparison.Ordinal)).ToList();
        Assert.Equal(19, names.Count(s => s.Contains(": BCE", StringComparison.Ordinal)));
        Assert.Contains(names, s => s.Contains("KLDivLoss_log_target", StringComparison.Ordinal));
        Assert.Contains(names, s => s.Contains("NLLLoss_weights_ignore_index_neg", StringComparison.Ordinal));
    }
}
