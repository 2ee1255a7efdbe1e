using Kullback.Learning.Calibration;
using Kullback.Learning.Data;
using Kullback.Learning.Models;
using Kullback.Learning.Training;
using Kullback.Losses;

namespace Kullback.Tests.Learning.Training;

/// <summary>
/// Evaluation softmaxes each row once per distribution and its H(P,Q) = H(P) + D(P‖Q), accuracy and ECE agree with the
/// loss kernel's decomposition and a separate float softmax (independent code paths).
/// </summary>
public sealed class EvaluatorTests
{
    private const int Inputs = 7, Classes = 5, Rows = 2500;   // more rows than one evaluation chunk (1024)

    private static (float[] X, int[] Y, float[] Soft) Data(int seed)
    {
        var random = new Random(seed);
        var x = new float[Rows * Inputs];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(4 * random.NextDouble() - 2);
        var y = new int[Rows];
        for (int r = 0; r < Rows; r++) y[r] = random.Next(Classes);
        var soft = new float[Rows * Classes];
        for (int r = 0; r < Rows; r++)
        {
            float sum = 0;
            for (int c = 0; c < Classes; c++) sum += soft[r * Classes + c] = (float)random.NextDouble();
            for (int c = 0; c < Classes; c++) soft[r * Classes + c] /= sum;
        }
        return (x, y, soft);
    }

    private static Network[] Members(int count) =>
        [.. Enumerable.Range(0, count).Select(m => new Network(new ModelSpec(ModelKind.Mlp, Inputs, Classes, [6]), 11 + m))];

    private static long Count(Action evaluate)
    {
        PredictiveDistribution.LogSoftmaxRows = 0;
        evaluate();
        return PredictiveDistribution.LogSoftmaxRows;
    }

    [Fact]
    public void EachRowIsSoftmaxedOncePerDistribution()
    {
        var (x, y, soft) = Data(1);
        var one = Members(1);
        var three = Members(3);
        Assert.Equal(Rows, Count(() => Evaluator.Measure(one, x, y)));
        Assert.Equal(Rows, Count(() => Evaluator.Measure(one, x, y, smoothing: 0.1)));
        Assert.Equal(Rows, Count(() => Evaluator.Measure(one, x, y, soft)));
        Assert.Equal(Rows, Count(() => Evaluator.Measure(one, x, y, calibration: 1.5)));
        // Distillation compares P with softmax(z/T) but scores accuracy on softmax(z): two distributions.
        Assert.Equal(2 * Rows, Count(() => Evaluator.Measure(one, x, y, soft, temperature: 2)));
        // An ensemble: one softmax per member; log Q̄ feeds the divergence terms directly; T_c adds softmax(log Q̄ / T_c).
        Assert.Equal(3 * Rows, Count(() => Evaluator.Measure(three, x, y)));
        Assert.Equal(4 * Rows, Count(() => Evaluator.Measure(three, x, y, calibration: 1.5)));
        var model = new Classifier(one, FeatureScaler.Identity(Inputs));
        var data = new Dataset(x, y, Inputs, Classes);
        Assert.Equal(Rows, Count(() => model.Evaluate(data)));
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.1, false)]
    [InlineData(0.0, true)]
    [InlineData(0.2, true)]
    public void OneNetworkAgreesWithTheLossKernelAndAFloatSoftmax(double smoothing, bool useSoft)
    {
        var (x, y, soft) = Data(2);
        var net = Members(1);
        var m = Evaluator.Measure(net, x, y, useSoft ? soft : default, smoothing);
        net[0].EnsureCapacity(Rows);
        var z = net[0].Forward(x).ToArray();
        var options = new LossOptions { Reduction = LossReduction.BatchMean, LabelSmoothing = smoothing, Decompose = true };
        // The double kernel on the same logits (the float kernel sums in float lanes: ~1e-9 apart).
        var zd = Array.ConvertAll(z, v => (double)v);
        var kernel = useSoft ? CrossEntropyLoss.Evaluate(zd, Rows, Classes, Array.ConvertAll(soft, v => (double)v), default, options)
            : CrossEntropyLoss.Evaluate(zd, Rows, Classes, y, default, options);
        Assert.Equal(kernel.CrossEntropy!.Value, m.CrossEntropy, 1e-12);
        Assert.Equal(kernel.Entropy!.Value, m.Entropy, 1e-12);
        Assert.Equal(kernel.Divergence!.Value, m.Divergence, 1e-12);
        var q = new float[Rows * Classes];
        PredictiveDistribution.Softmax(z, Rows, Classes, q);
        var confidence = new double[Rows];
        var correct = new double[Rows];
        for (int r = 0; r < Rows; r++)
        {
            int arg = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(q.AsSpan(r * Classes, Classes));
            confidence[r] = q[r * Classes + arg];
            correct[r] = arg == y[r] ? 1 : 0;
        }
        Assert.Equal(correct.Average(), m.Accuracy);
        var bins = CalibrationMetrics.UniformBins(confidence, correct, ReliabilityBins.Count);
        Assert.Equal(CalibrationMetrics.ExpectedCalibrationError(bins), m.CalibrationError, 1e-6);
    }

    [Fact]
    public void AnEnsembleMeasuresTheMeanDistribution()
    {
        var (x, y, _) = Data(3);
        var members = Members(3);
        var m = Evaluator.Measure(members, x, y);
        var qbar = Evaluator.Probabilities(members, x);
        double ce = 0;
        for (int r = 0; r < Rows; r++) ce -= Math.Log(qbar[r * Classes + y[r]]);
        Assert.Equal(ce / Rows, m.CrossEntropy, 1e-6);   // Q̄ here is float32
        Assert.Equal(m.CrossEntropy, m.Divergence, 1e-12);
    }

    [Fact]
    public void EnsembleUncertaintyAgreesWithTheLossKernelsDecomposition()
    {
        var (x, _, _) = Data(6);
        var members = Members(3);
        var a = new double[Rows];
        var e = new double[Rows];
        long softmaxes = Count(() => Evaluator.Uncertainty(members, x, a, e));
        Assert.Equal(3 * Rows, softmaxes);   // one log-softmax per member row (Q̄ itself comes from Probabilities)
        // Oracle: the loss kernel's H(Qₘ) and D(Qₘ‖Q̄) with targets Qₘ (a float softmax) and logits log Q̄.
        var qbar = Evaluator.Probabilities(members, x);
        var logQbar = Array.ConvertAll(qbar, v => (double)MathF.Log(v));
        var ea = new double[Rows];
        var ee = new double[Rows];
        foreach (var m in members)
        {
            m.EnsureCapacity(Rows);
            var q = new float[Rows * Classes];
            PredictiveDistribution.Softmax(m.Forward(x), Rows, Classes, q);
            var h = new double[Rows];
            var d = new double[Rows];
            CrossEntropyLoss.Evaluate(logQbar, Rows, Classes, Array.ConvertAll(q, v => (double)v), default,
                new LossOptions { Reduction = LossReduction.Sum }, rowTerms: new RowTerms { Entropy = h, Divergence = d });
            for (int r = 0; r < Rows; r++) { ea[r] += h[r] / 3; ee[r] += Math.Max(0, d[r]) / 3; }
        }
        for (int r = 0; r < Rows; r++)
        {
            Assert.Equal(ea[r], a[r], 1e-5);
            Assert.Equal(ee[r], e[r], 1e-5);
        }
    }

    [Fact]
    public void TheClassifierScalesRawRowsItself()
    {
        var (x, y, _) = Data(4);
        var members = Members(2);
        var scaler = FeatureScaler.Fit(new Dataset(x, y, Inputs, Classes), ScalingKind.PerColumn);
        var model = new Classifier(members, scaler);
        var scaled = (float[])x.Clone();
        scaler.Apply(scaled);
        Assert.Equal(Evaluator.Probabilities(members, scaled), model.Predict(x));
        Assert.Equal(Evaluator.Logits(members, scaled), model.Logits(x));
        var direct = Evaluator.Measure(members, scaled, y);
        var owned = model.Evaluate(new Dataset(x, y, Inputs, Classes));
        Assert.Equal((direct.CrossEntropy, direct.Entropy, direct.Divergence, direct.Accuracy, direct.CalibrationError),
            (owned.CrossEntropy, owned.Entropy, owned.Divergence, owned.Accuracy, owned.CalibrationError));
    }

    [Fact]
    public void BadRowsAreNamed()
    {
        var (x, y, soft) = Data(5);
        var net = Members(1);
        y[1700] = Classes;
        Assert.Contains("labels[1700] = 5", Assert.Throws<ArgumentException>(() => Evaluator.Measure(net, x, y)).Message);
        y[1700] = 0;
        soft[1200 * Classes] += 0.5f;
        Assert.Contains("soft row 1200", Assert.Throws<ArgumentException>(() => Evaluator.Measure(net, x, y, soft)).Message);
        x[1300 * Inputs] = float.NaN;
        var overflow = Assert.Throws<NonFiniteLogitsException>(() => Evaluator.Measure(net, x, y));
        Assert.Contains("logits row 1300", overflow.Message);
        Assert.Equal(1300, overflow.Row);
        // The chunked softmax of Probabilities names the row among all rows, not within its chunk of 1024.
        Assert.Equal(1300, Assert.Throws<NonFiniteLogitsException>(() => Evaluator.Probabilities(net, x)).Row);
    }
}
