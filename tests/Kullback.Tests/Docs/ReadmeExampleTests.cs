using Kullback.Losses;
using Kullback.Measures;

namespace Kullback.Tests.Docs;

/// <summary>The library example of README.md, kept compiling and true.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void TheReadmeLibraryExampleHolds()
    {
        double[] p = [1, 0], q = [0.9, 0.1];
        double kl = KullbackLeibler.Divergence(p, q);
        var split = Decomposition.Of(p, q);
        double bits = Entropy.Of(q, LogBase.Bits);
        Assert.Equal(-Math.Log(0.9), kl, 1e-15);
        Assert.Equal(0, split.Entropy);
        Assert.Equal(split.CrossEntropy, split.Entropy + split.Divergence, 1e-15);
        Assert.Equal(-(0.9 * Math.Log2(0.9) + 0.1 * Math.Log2(0.1)), bits, 1e-15);

        float[] logits = [2.2f, 0f, 0.5f, 1.5f];
        int[] targets = [0, 1];
        var gradient = new float[logits.Length];
        LossResult r = CrossEntropyLoss.Evaluate(logits, 2, 2, targets, gradient);
        double row0 = Math.Log(1 + Math.Exp(-2.2)), row1 = Math.Log(1 + Math.Exp(-1.0));
        Assert.Equal((row0 + row1) / 2, r.Loss, 1e-6);
        double q00 = 1 / (1 + Math.Exp(-2.2));
        Assert.Equal((q00 - 1) / 2, gradient[0], 1e-6);
    }
}
