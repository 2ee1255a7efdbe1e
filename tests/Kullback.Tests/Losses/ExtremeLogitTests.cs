using Kullback.Losses;

namespace Kullback.Tests.Losses;

/// <summary>−∞ logits (masked classes), |logits| up to 1e30, zero target probabilities: finite where the math is, never NaN.</summary>
public class ExtremeLogitTests
{
    private static void NoNaN(ReadOnlySpan<float> g)
    {
        for (int i = 0; i < g.Length; i++) Assert.False(float.IsNaN(g[i]), $"gradient[{i}] is NaN");
    }

    [Fact]
    public void MinusInfinityForNonTargetClassesIsLegal()
    {
        float n = float.NegativeInfinity;
        float[] z = [n, 2f, n, -1f, n, n, n, 0.5f];
        var g = new float[8];
        var r = CrossEntropyLoss.Evaluate(z, 1, 8, [1], g, new LossOptions { Decompose = true });
        double expected = Math.Log(Math.Exp(2) + Math.Exp(-1) + Math.Exp(0.5)) - 2;
        Assert.Equal(expected, r.Loss, 1e-6);
        NoNaN(g);
        Assert.Equal(0f, g[0]);
        Assert.Equal(0.0, r.Entropy);
        // the same with probability targets that are 0 on the masked classes
        float[] p = [0, 0.5f, 0, 0.5f, 0, 0, 0, 0];
        var rp = KullbackLeiblerLoss.Evaluate(z, 1, 8, p, g);
        Assert.True(double.IsFinite(rp.Loss) && rp.Loss >= 0);
        NoNaN(g);
    }

    [Fact]
    public void TargetOnAMaskedClassCostsInfinityWithAFiniteGradient()
    {
        float n = float.NegativeInfinity;
        var g = new float[3];
        var r = CrossEntropyLoss.Evaluate([n, 0f, 1f], 1, 3, [0], g);
        Assert.Equal(double.PositiveInfinity, r.Loss);
        NoNaN(g);
        // label smoothing puts mass on every class, so any masked class makes the loss +∞, never NaN
        r = CrossEntropyLoss.Evaluate([n, 0f, 1f], 1, 3, [2], g, new LossOptions { LabelSmoothing = 0.1 });
        Assert.Equal(double.PositiveInfinity, r.Loss);
        NoNaN(g);
    }

    [Fact]
    public void HugeLogitsGiveFiniteExactLosses()
    {
        float[] z = [1e30f, -1e30f, 0f, 1e30f, 1e30f, -1e30f];
        var g = new float[6];
        double[] rows = new double[2];
        CrossEntropyLoss.Evaluate(z, 2, 3, [1, 0], g, new LossOptions { Reduction = LossReduction.None }, default, new RowTerms { Loss = rows });
        Assert.Equal(2e30, rows[0], 1e24);
        Assert.Equal(Math.Log(2), rows[1], 1e-7);
        NoNaN(g);
        Assert.Equal([1f, -1f, 0f, -0.5f, 0.5f, 0f], g);   // softmax − one-hot
    }

    [Fact]
    public void AllMinusInfinityRowIsAnErrorNamingTheRow()
    {
        float n = float.NegativeInfinity;
        var e = Assert.Throws<ArgumentException>(() => CrossEntropyLoss.Evaluate([0f, 1f, n, n], 2, 2, [0, 1], default));
        Assert.Contains("row 1", e.Message);
    }

    [Fact]
    public void NaNLogitIsAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => CrossEntropyLoss.Evaluate([0f, float.NaN], 1, 2, [0], default));
        Assert.Contains("row 0", e.Message);
    }

    [Fact]
    public void UnnormalisedTargetRowIsAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => CrossEntropyLoss.Evaluate([0f, 1f, 0f, 1f], 2, 2, [0.5f, 0.5f, 0.5f, 0.6f], default));
        Assert.Contains("row 1", e.Message);
    }

    [Fact]
    public void EveryRowIgnoredGivesZeroNotNaN()
    {
        var g = new float[4];
        g[0] = 5;
        var r = CrossEntropyLoss.Evaluate([0f, 1f, 2f, 3f], 2, 2, [-100, -100], g, new LossOptions { IgnoreIndex = -100 });
        Assert.Equal(0, r.Loss);
        Assert.Equal(0, r.CountedRows);
        Assert.Equal(new float[4], g);
    }

    [Fact]
    public void AnEmptyBatchCostsNothing()
    {
        foreach (var reduction in Enum.GetValues<LossReduction>())
        {
            var r = CrossEntropyLoss.Evaluate(ReadOnlySpan<float>.Empty, 0, 5, ReadOnlySpan<int>.Empty, Span<float>.Empty, new LossOptions { Reduction = reduction, Decompose = true });
            Assert.Equal(new LossResult(0, 0, 0, 0, 0), r);
            Assert.Equal(0, KullbackLeiblerLoss.Evaluate(ReadOnlySpan<double>.Empty, 0, 3, ReadOnlySpan<double>.Empty, Span<double>.Empty, new LossOptions { Reduction = reduction }).Loss);
        }
        Assert.Equal(0, Kullback.Kernels.LogitKullbackLeibler.Mean(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, 0, 7));
    }
}
