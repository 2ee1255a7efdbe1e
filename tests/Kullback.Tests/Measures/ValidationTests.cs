using Kullback.Measures;

namespace Kullback.Tests.Measures;

/// <summary>Every validation error: raised as ArgumentException before any work, naming argument, index and value.</summary>
public class ValidationTests
{
    private static string Message(Action action)
    {
        var e = Assert.ThrowsAny<ArgumentException>(action);
        Assert.Contains(e.ParamName!, new[] { "p", "q", "perRow" });
        Assert.DoesNotContain("(Parameter", e.Message);
        return e.Message;
    }

    [Fact]
    public void NegativeProbabilityNamesIndexAndValue()
    {
        var q = new double[20];
        q[0] = 1.2; q[17] = -0.2;
        var p = new double[20]; p[0] = 1;
        Assert.StartsWith("q[17] = -0.2: probabilities must be ≥ 0", Message(() => KullbackLeibler.Divergence(p, q)));
    }

    [Theory]
    [InlineData(double.NaN, "p[1] = NaN: probabilities must be finite")]
    [InlineData(double.PositiveInfinity, "p[1] = Infinity: probabilities must be finite")]
    [InlineData(double.NegativeInfinity, "p[1] = -Infinity: probabilities must be finite")]
    public void NonFiniteProbabilities(double bad, string expected)
    {
        Assert.StartsWith(expected, Message(() => Entropy.Of([0.5, bad, 0.5])));
        Assert.StartsWith(expected, Message(() => Entropy.Of([0.5f, (float)bad, 0.5f])));
    }

    [Fact]
    public void EmptyAndMismatchedLengths()
    {
        Assert.StartsWith("p is empty", Message(() => Entropy.Of(ReadOnlySpan<double>.Empty)));
        Assert.StartsWith("p is empty", Message(() => CrossEntropy.Of(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty)));
        Assert.StartsWith("q has 3 classes but p has 2: lengths must match", Message(() => JensenShannon.Divergence([0.5, 0.5], [0.2, 0.3, 0.5])));
    }

    [Fact]
    public void SumOffByMoreThanTheToleranceUnlessNormalising()
    {
        Assert.StartsWith("q sums to 0.9: probabilities must sum to 1 within 1e-6", Message(() => KullbackLeibler.Divergence([0.5, 0.5], [0.45, 0.45])));
        Assert.Equal(0.0, KullbackLeibler.Divergence([0.5, 0.5], [0.45, 0.45], normalize: true), 1e-15);
        Assert.Equal(Math.Log(2), Entropy.Of([1.0, 1.0], normalize: true), 1e-15);
        Assert.Equal(Math.Log(2), Entropy.Of([0.5, 0.5 + 0.9e-6]), 1e-6); // within the tolerance: used as given
        Assert.StartsWith("p sums to 0: cannot normalise", Message(() => Entropy.Of([0.0, 0.0], normalize: true)));
    }

    [Fact]
    public void NoWorkBeforeTheErrorAndBothArgumentsChecked()
    {
        // q is checked even when p alone would give +∞ or an O(1) answer.
        Assert.StartsWith("q[1] = NaN", Message(() => CrossEntropy.Of(CategoricalSpan.OneHot<double>(0, 2), (ReadOnlySpan<double>)[1.0, double.NaN])));
    }

    [Fact]
    public void LogitsMustBeFiniteOrMinusInfinity()
    {
        Assert.StartsWith("q[1] = NaN: logits must be finite or -∞",
            Message(() => CrossEntropy.Of((ReadOnlySpan<double>)[1.0, 0.0], CategoricalSpan.Logits<double>([0.0, double.NaN]))));
        Assert.StartsWith("p[0] = Infinity: logits must be finite or -∞",
            Message(() => Entropy.Of(CategoricalSpan.Logits<double>([double.PositiveInfinity, 0.0]))));
        Assert.StartsWith("q: every logit is -∞",
            Message(() => CrossEntropy.Of((ReadOnlySpan<double>)[1.0, 0.0], CategoricalSpan.Logits<double>([double.NegativeInfinity, double.NegativeInfinity]))));
    }

    [Fact]
    public void ClassIndexOutOfRange()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => CrossEntropy.Of(CategoricalSpan.OneHot<double>(5, 3), (ReadOnlySpan<double>)[0.2, 0.3, 0.5]));
        Assert.StartsWith("p: class index 5 is out of range for 3 classes", e.Message);
        Assert.StartsWith("p: class index -1", Message(() => CrossEntropy.Of(CategoricalSpan.OneHot<double>(-1, 3), (ReadOnlySpan<double>)[0.2, 0.3, 0.5])));
    }

    [Fact]
    public void RowErrorsNameRowAndColumn()
    {
        double[] p = [0.5, 0.5, 1, 0];
        double[] q = [0.5, 0.5, 0.7, -0.3];
        Assert.StartsWith("q[1, 1] = -0.3: probabilities must be ≥ 0", Message(() => KullbackLeibler.DivergenceRows(p, q, 2, Span<double>.Empty)));
        Assert.StartsWith("p has 3 values, not a multiple of columns = 2", Message(() => Entropy.OfRows([0.5, 0.5, 1.0], 2, Span<double>.Empty)));
        Assert.StartsWith("p: columns = 0", Message(() => Entropy.OfRows([1.0], 0, Span<double>.Empty)));
        Assert.StartsWith("p is empty: there are no rows", Message(() => Entropy.OfRows(ReadOnlySpan<double>.Empty, 2, Span<double>.Empty)));
        Assert.StartsWith("perRow has 3 entries but there are 2 rows", Message(() => Entropy.OfRows(p, 2, new double[3])));
        Assert.StartsWith("q has 1 rows but p has 2", Message(() => CrossEntropy.OfRows(p, [0.5, 0.5], 2, Span<double>.Empty)));
        Assert.StartsWith("p row 1 sums to 0.5", Message(() => Entropy.OfRows([0.5, 0.5, 0.25, 0.25], 2, Span<double>.Empty)));
    }

    [Fact]
    public void RowErrorsComeInRowOrderPThenQ()
    {
        // 4 rows of 3: p row 3 does not sum to 1, q row 1 holds NaN, p row 2 a negative value.
        double[] p = [1, 0, 0, 0.5, 0.5, 0, 0.5, 0.7, -0.2, 0.3, 0.3, 0.3];
        double[] q = [1, 0, 0, 0.5, double.NaN, 0.5, 1, 0, 0, 1, 0, 0];
        Assert.StartsWith("q[1, 1] = NaN: probabilities must be finite", Message(() => KullbackLeibler.DivergenceRows(p, q, 3, Span<double>.Empty)));
        q[4] = 0;
        Assert.StartsWith("p[2, 2] = -0.2: probabilities must be ≥ 0", Message(() => KullbackLeibler.DivergenceRows(p, q, 3, Span<double>.Empty)));
        p[7] = 0.5; p[8] = 0;
        Assert.StartsWith("p row 3 sums to 0.8999999999999999:", Message(() => KullbackLeibler.DivergenceRows(p, q, 3, Span<double>.Empty)));
        p[9] = 0.4;
        var perRow = new double[4];
        KullbackLeibler.DivergenceRows(p, q, 3, perRow); // now valid: no exception
        Assert.Equal(double.PositiveInfinity, perRow[1]); // q row 1 = [0.5, 0, 0.5] has no mass on p's 2nd class
    }

    [Fact]
    public void BadBase()
    {
        foreach (double b in new[] { 1.0, 0.0, -2.0, double.NaN, double.PositiveInfinity })
            Assert.Contains("a logarithm base must be finite, > 0 and ≠ 1", Assert.Throws<ArgumentOutOfRangeException>(() => LogBase.Of(b)).Message);
    }
}
