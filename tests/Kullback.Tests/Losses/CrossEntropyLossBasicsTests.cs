using Kullback.Losses;

namespace Kullback.Tests.Losses;

/// <summary>Small cases worked by hand: CE = log Σ exp(z) − z_y, gradient softmax(z) − e_y.</summary>
public class CrossEntropyLossBasicsTests
{
    [Fact]
    public void OneRowMatchesLogSumExpMinusTargetLogit()
    {
        double[] z = [1.0, 2.0, 3.0];
        var g = new double[3];
        var r = CrossEntropyLoss.Evaluate(z, 1, 3, [0], g);
        double lse = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3));
        Assert.Equal(lse - 1.0, r.Loss, 1e-15);
        Assert.Equal(Math.Exp(1 - lse) - 1, g[0], 1e-15);
        Assert.Equal(Math.Exp(3 - lse), g[2], 1e-15);
    }

    [Fact]
    public void KullbackLeiblerOfOneHotTargetEqualsCrossEntropy()
    {
        float[] z = [0.5f, -1f, 2f, 0f];
        float[] p = [0f, 0f, 1f, 0f];
        var ce = CrossEntropyLoss.Evaluate(z, 1, 4, [2], default);
        var kl = KullbackLeiblerLoss.Evaluate(z, 1, 4, p, default);
        Assert.Equal(ce.Loss, kl.Loss, 1e-12);
    }

    [Fact]
    public void BadTargetIsNamedBeforeAnyWork()
    {
        var g = new float[6];
        g[0] = 42;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => CrossEntropyLoss.Evaluate(new float[6], 2, 3, [1, 3], g));
        Assert.Contains("targets[1] = 3", e.Message);
        Assert.Equal(42, g[0]);
    }
}
