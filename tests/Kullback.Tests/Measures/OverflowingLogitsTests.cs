using Kullback.Measures;

namespace Kullback.Tests.Measures;

/// <summary>
/// Logits whose differences overflow a double (1e308 − (−1e308) = ∞): softmax is still exact (issue 10, item 1).
/// Expected values: Fixtures/Measures/make_overflowing_logits.py (mpmath 1.2.1, 50 digits). Each case is also run
/// padded with masked (−∞) classes to 19 classes so the vector lanes, not only the scalar tail, are exercised.
/// </summary>
public class OverflowingLogitsTests
{
    private const double Ln2 = 0.6931471805599453;

    private static double[] Pad(double[] values, double with, int length = 19)
    {
        var padded = new double[length];
        Array.Fill(padded, with);
        values.CopyTo(padded, 0);
        return padded;
    }

    private static void AssertClose(double expected, double actual)
    {
        if (double.IsPositiveInfinity(expected)) Assert.Equal(double.PositiveInfinity, actual);
        else Assert.True(Math.Abs(actual - expected) <= 1e-15 * Math.Max(1.0, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(19)]
    public void LogitsOfOneHugeClassAgainstHalfAndHalf(int classes)
    {
        // mpmath: H = 0, H(P,Q) = ln 2, D(P‖Q) = ln 2, JS = 0.2157615543388357.
        double[] z = classes == 2 ? [1e308, -1e308] : Pad([1e308, -1e308], double.NegativeInfinity, classes);
        double[] q = classes == 2 ? [0.5, 0.5] : Pad([0.5, 0.5], 0.0, classes);
        var p = CategoricalSpan.Logits<double>(z);
        AssertClose(0.0, Entropy.Of(p));
        AssertClose(Ln2, CrossEntropy.Of(p, q));
        AssertClose(Ln2, KullbackLeibler.Divergence(p, q));
        AssertClose(0.2157615543388357, JensenShannon.Divergence(p, q));
        // Exact D(Q‖P) is 1e308 (= ½·2e308 − ½ln 2…), but log p₂ = −2e308 is itself below −double.MaxValue:
        // the documented limit (docs/measures.md) is +∞, never NaN.
        Assert.Equal(double.PositiveInfinity, KullbackLeibler.Reverse(p, q));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(19)]
    public void OneHotAgainstLogitsThatOverflow(int classes)
    {
        double[] p = classes == 2 ? [1.0, 0.0] : Pad([1.0, 0.0], 0.0, classes);
        double[] z = classes == 2 ? [1e308, -1e308] : Pad([1e308, -1e308], double.NegativeInfinity, classes);
        double[] zr = classes == 2 ? [-1e308, 1e308] : Pad([-1e308, 1e308], double.NegativeInfinity, classes);
        var q = CategoricalSpan.Logits<double>(z);
        var qr = CategoricalSpan.Logits<double>(zr);
        // mpmath: H(P,Q) = D = JS = 0.
        AssertClose(0.0, CrossEntropy.Of(p, q));
        AssertClose(0.0, KullbackLeibler.Divergence(p, q));
        AssertClose(0.0, JensenShannon.Divergence(p, q));
        // mpmath's D(Q‖P) is ∞ because q₂ = e^−2e308 > 0 where p₂ = 0; in double q₂ rounds to 0, as for any logit
        // gap beyond ~745 (logits (0, −1000) give the same 0), so the measured value is 0 — the documented rule that a
        // probability below the smallest subnormal is 0 (docs/measures.md).
        Assert.Equal(0.0, KullbackLeibler.Reverse(p, q));
        double[] gap = classes == 2 ? [0.0, -1000.0] : Pad([0.0, -1000.0], double.NegativeInfinity, classes);
        Assert.Equal(0.0, KullbackLeibler.Reverse(p, CategoricalSpan.Logits<double>(gap)));
        // Reversed logits: H(P,Q) = D = ∞ (true −log q₁ = 2e308 overflows), JS = ln 2.
        Assert.Equal(double.PositiveInfinity, CrossEntropy.Of(p, qr));
        Assert.Equal(double.PositiveInfinity, KullbackLeibler.Divergence(p, qr));
        AssertClose(Ln2, JensenShannon.Divergence(p, qr));
    }

    [Fact]
    public void BothLogitsOverflow()
    {
        // mpmath: H = 0, H(P,Q) = D(P‖Q) = D(Q‖P) = 1e308, JS = ln 2.
        var p = CategoricalSpan.Logits<double>([1e308, -1e308, 0.0]);
        var q = CategoricalSpan.Logits<double>([0.0, -1e308, 1e308]);
        AssertClose(0.0, Entropy.Of(p));
        AssertClose(1e308, CrossEntropy.Of(p, q));
        AssertClose(1e308, KullbackLeibler.Divergence(p, q));
        AssertClose(1e308, KullbackLeibler.Reverse(p, q));
        AssertClose(Ln2, JensenShannon.Divergence(p, q));
    }

    [Fact]
    public void RowsOfOverflowingLogits()
    {
        var perRow = new double[2];
        double[] p = [1e308, -1e308, -1e308, 1e308];
        double[] q = [0.5, 0.5, 0.5, 0.5];
        KullbackLeibler.DivergenceRows(CategoricalRows.Logits<double>(p, 2), CategoricalRows.Probabilities<double>(q, 2), perRow);
        AssertClose(Ln2, perRow[0]);
        AssertClose(Ln2, perRow[1]);
    }
}
