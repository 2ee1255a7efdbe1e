using System.Text.Json;
using Kullback.Losses;
using Kullback.Tests.Support;

namespace Kullback.Tests.Losses;

/// <summary>
/// LogisticLoss across both tails (x from −1e3 to 1e3, targets 0, 1 and 0.3, pos_weight 1 and 2.5), per element:
/// the default against mpmath (accurate tails: ℓ = 4.25e−18 for x = −40, y = 0), TorchCompatible against PyTorch 1.13
/// (its rounding: ℓ = 0 there). Fixture: Fixtures/Losses/logistic_tail.json (make_logistic_tail_fixtures.py).
/// </summary>
public class LogisticTailTests
{
    private static readonly JsonElement Root =
        JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Losses/logistic_tail.json"))).RootElement;

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Root.GetProperty("cases").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static (double[] Loss, double[] Grad, JsonElement Case) Evaluate(string name, bool torchCompatible)
    {
        var c = Root.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var x = LossFixtures.Numbers(c.GetProperty("x"));
        var y = Enumerable.Repeat(c.GetProperty("y").GetDouble(), x.Length).ToArray();
        var options = new BinaryLossOptions
        {
            Reduction = LossReduction.None, PositiveWeight = c.GetProperty("pos_weight").GetDouble(), TorchCompatible = torchCompatible,
        };
        var grad = new double[x.Length];
        var rows = new double[x.Length];
        LogisticLoss.Evaluate(x, y, grad, options, default, rows);
        return (rows, grad, c);
    }

    /// <summary>Within a few ulps of the exact value (1e-14 relative), and exactly 0 or subnormal where the exact value is.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void DefaultIsAccurateInBothTails(string name)
    {
        var (loss, grad, c) = Evaluate(name, torchCompatible: false);
        LossFixtures.Close(LossFixtures.Numbers(c.GetProperty("exact_loss")), loss, 1e-14, $"{name} loss", 1e-300);
        LossFixtures.Close(LossFixtures.Numbers(c.GetProperty("exact_grad")), grad, 1e-14, $"{name} grad", 1e-300);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TorchCompatibleReproducesPyTorchsRounding(string name)
    {
        var (loss, grad, c) = Evaluate(name, torchCompatible: true);
        LossFixtures.Close(LossFixtures.Numbers(c.GetProperty("torch_loss")), loss, 1e-10, $"{name} loss", 1e-300);
        LossFixtures.Close(LossFixtures.Numbers(c.GetProperty("torch_grad")), grad, 1e-10, $"{name} grad", 1e-300);
    }

    [Fact]
    public void TheTwoModesDifferWhereTorchLosesTheTail()
    {
        double Loss(bool torch)
        {
            var row = new double[1];
            LogisticLoss.Evaluate([-40.0], [0.0], new double[1], new BinaryLossOptions { Reduction = LossReduction.None, TorchCompatible = torch }, default, row);
            return row[0];
        }
        Assert.Equal(0, Loss(true));
        Assert.Equal(4.248354255291589e-18, Loss(false), 1e-32);
        Assert.Equal(4.248354255291589e-18, LogisticLoss.Softplus(-40), 1e-32);
    }
}
