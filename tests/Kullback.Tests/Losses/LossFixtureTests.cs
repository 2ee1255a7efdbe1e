using Kullback.Losses;

namespace Kullback.Tests.Losses;

/// <summary>Every multiclass PyTorch fixture through the double API (1e-10 relative) and the float API (float accuracy).</summary>
public class LossFixtureTests
{
    public static TheoryData<string> Names => LossFixtures.MulticlassNames();

    private static LossResult Run<T>(MulticlassCase c, T[] logits, T[]? probs, T[]? weights, Span<T> gradient, RowTerms terms, bool decompose)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var options = c.Options(decompose);
        bool kl = c.Objective == "kl";
        if (typeof(T) == typeof(double))
        {
            var z = (double[])(object)logits; var w = (double[]?)(object?)weights; var g = System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(gradient);
            if (c.Target is { } y)
                return kl ? KullbackLeiblerLoss.Evaluate(z, c.Rows, c.Cols, y, g, options, w, terms) : CrossEntropyLoss.Evaluate(z, c.Rows, c.Cols, y, g, options, w, terms);
            var p = (double[])(object)probs!;
            return kl ? KullbackLeiblerLoss.Evaluate(z, c.Rows, c.Cols, p, g, options, w, c.RowMask, terms) : CrossEntropyLoss.Evaluate(z, c.Rows, c.Cols, p, g, options, w, c.RowMask, terms);
        }
        else
        {
            var z = (float[])(object)logits; var w = (float[]?)(object?)weights; var g = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(gradient);
            if (c.Target is { } y)
                return kl ? KullbackLeiblerLoss.Evaluate(z, c.Rows, c.Cols, y, g, options, w, terms) : CrossEntropyLoss.Evaluate(z, c.Rows, c.Cols, y, g, options, w, terms);
            var p = (float[])(object)probs!;
            return kl ? KullbackLeiblerLoss.Evaluate(z, c.Rows, c.Cols, p, g, options, w, c.RowMask, terms) : CrossEntropyLoss.Evaluate(z, c.Rows, c.Cols, p, g, options, w, c.RowMask, terms);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void DoubleMatchesPyTorch(string name)
    {
        var c = LossFixtures.Case(name);
        var grad = new double[c.Rows * c.Cols];
        double[] rowLoss = new double[c.Rows], h = new double[c.Rows], hpq = new double[c.Rows], d = new double[c.Rows];
        var terms = new RowTerms { Loss = rowLoss, Entropy = h, CrossEntropy = hpq, Divergence = d };
        var r = Run(c, c.Logits, c.TargetProbs, c.Weight, grad.AsSpan(), terms, decompose: true);
        if (c.LossIsPerRow) LossFixtures.Close(c.Loss, rowLoss, 1e-10, "loss");
        else LossFixtures.Close(c.Loss, [r.Loss], 1e-10, "loss");
        LossFixtures.Close(c.Grad, grad, 1e-10, "grad", LossFixtures.MaxAbs(c.Grad));
        if (c.Entropy is not null)
        {
            LossFixtures.Close(c.Entropy, h, 1e-10, "H(P)", 1e-300);
            LossFixtures.Close(c.CrossEntropy, hpq, 1e-10, "H(P,Q)");
            LossFixtures.Close(c.Kl, d, 1e-10, "D(P‖Q)", 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FloatMatchesPyTorchToFloatAccuracy(string name)
    {
        var c = LossFixtures.Case(name);
        var logits = c.Logits.Select(v => (float)v).ToArray();
        // Float rounding of the inputs moves the loss by about 1e-7·|z|; probability rows are renormalised exactly enough.
        var probs = c.TargetProbs?.Select(v => (float)v).ToArray();
        var weights = c.Weight?.Select(v => (float)v).ToArray();
        var grad = new float[c.Rows * c.Cols];
        var rowLoss = new double[c.Rows];
        var r = Run(c, logits, probs, weights, grad.AsSpan(), new RowTerms { Loss = rowLoss }, decompose: false);
        double zScale = Math.Max(1, LossFixtures.MaxAbs(c.Logits));
        if (c.LossIsPerRow) LossFixtures.Close(c.Loss, rowLoss, 1e-5, "loss", zScale);
        else LossFixtures.Close(c.Loss, [r.Loss], 1e-5, "loss", zScale);
        LossFixtures.Close(c.Grad, grad.Select(v => (double)v).ToArray(), 1e-5, "grad", LossFixtures.MaxAbs(c.Grad));
    }
}
