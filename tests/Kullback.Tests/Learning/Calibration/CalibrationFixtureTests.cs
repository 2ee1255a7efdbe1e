using System.Text.Json;
using Kullback.Learning.Calibration;
using Kullback.Tests.Support;

namespace Kullback.Tests.Learning.Calibration;

/// <summary>Every calibration metric and the fitted temperature against numpy/scipy (Fixtures/Calibration/make_calibration_fixtures.py).</summary>
public sealed class CalibrationFixtureTests
{
    private static readonly JsonElement[] Cases = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Calibration/calibration.json")))
        .RootElement.GetProperty("cases").EnumerateArray().ToArray();

    public static TheoryData<string> Names() => new(Cases.Select(c => c.GetProperty("name").GetString()!));

    public static TheoryData<string> LogitNames() => new(Cases.Where(c => c.TryGetProperty("logits", out _)).Select(c => c.GetProperty("name").GetString()!));

    private static JsonElement Case(string name) => Cases.Single(c => c.GetProperty("name").GetString() == name);

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static void Near(double expected, double actual, string what, double tolerance = 1e-12) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");

    private static void AssertMetrics(JsonElement expected, CalibrationSummary s, string what)
    {
        Near(expected.GetProperty("accuracy").GetDouble(), s.Accuracy, what + " accuracy");
        Near(expected.GetProperty("nll").GetDouble(), s.NegativeLogLikelihood, what + " nll");
        Near(expected.GetProperty("ece").GetDouble(), s.ExpectedCalibrationError, what + " ece");
        Near(expected.GetProperty("ece_quantile").GetDouble(), s.QuantileCalibrationError, what + " ece_quantile");
        Near(expected.GetProperty("mce").GetDouble(), s.MaximumCalibrationError, what + " mce");
        Near(expected.GetProperty("rms_ce").GetDouble(), s.RootMeanSquareCalibrationError, what + " rms_ce");
        Near(expected.GetProperty("debiased_ce").GetDouble(), s.DebiasedCalibrationError, what + " debiased_ce");
        Near(expected.GetProperty("classwise_ece").GetDouble(), s.ClasswiseCalibrationError, what + " classwise_ece");
        Near(expected.GetProperty("brier").GetDouble(), s.Brier, what + " brier");
        var d = expected.GetProperty("decomposition");
        Near(d.GetProperty("top_label_brier").GetDouble(), s.BrierTerms.TopLabelBrier, what + " top-label brier");
        Near(d.GetProperty("reliability").GetDouble(), s.BrierTerms.Reliability, what + " reliability");
        Near(d.GetProperty("resolution").GetDouble(), s.BrierTerms.Resolution, what + " resolution");
        Near(d.GetProperty("uncertainty").GetDouble(), s.BrierTerms.Uncertainty, what + " uncertainty");
        var bins = expected.GetProperty("bins").EnumerateArray().ToArray();
        Assert.Equal(bins.Length, s.Bins.Count);
        for (int b = 0; b < bins.Length; b++)
        {
            Assert.Equal(bins[b].GetProperty("rows").GetInt32(), s.Bins[b].Rows);
            Near(bins[b].GetProperty("lo").GetDouble(), s.Bins[b].Lo, $"{what} bin {b} lo", 0);
            Near(bins[b].GetProperty("hi").GetDouble(), s.Bins[b].Hi, $"{what} bin {b} hi", 0);
            Near(bins[b].GetProperty("accuracy").GetDouble(), s.Bins[b].Accuracy, $"{what} bin {b} accuracy");
            Near(bins[b].GetProperty("confidence").GetDouble(), s.Bins[b].Confidence, $"{what} bin {b} confidence");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MetricsBeforeScalingMatchNumpy(string name)
    {
        var c = Case(name);
        int classes = c.GetProperty("classes").GetInt32(), bins = c.GetProperty("bins").GetInt32();
        var labels = c.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        double[] q;
        double? nll = null;
        if (c.TryGetProperty("logits", out var z))
        {
            var logits = Doubles(z);
            q = CalibrationInput.Softmax(logits, classes);
            nll = TemperatureScaling.NegativeLogLikelihood(logits, classes, labels);
        }
        else q = Doubles(c.GetProperty("probabilities"));
        AssertMetrics(c.GetProperty("before"), CalibrationMetrics.Summarise(q, classes, labels, bins, nll), name);
    }

    [Theory]
    [MemberData(nameof(LogitNames))]
    public void TemperatureMatchesScipyAndMetricsAfterMatchNumpy(string name)
    {
        var c = Case(name);
        int classes = c.GetProperty("classes").GetInt32(), bins = c.GetProperty("bins").GetInt32();
        var labels = c.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var logits = Doubles(c.GetProperty("logits"));
        var fit = TemperatureScaling.Fit(logits, classes, labels);
        double scipyT = c.GetProperty("temperature_minimize_scalar").GetDouble(), rootT = c.GetProperty("temperature").GetDouble();
        Near(scipyT, fit.Temperature, name + " T vs minimize_scalar", 1e-6);
        Near(rootT, fit.Temperature, name + " T vs brentq on NLL′", 1e-10);
        Assert.True(fit.NllAfter <= fit.NllBefore);
        // The after-metrics at the reference T (so that the 1e-12 comparison is of the metrics, not of the solver).
        var q = CalibrationInput.Softmax(logits, classes, rootT);
        AssertMetrics(c.GetProperty("after"), CalibrationMetrics.Summarise(q, classes, labels, bins, TemperatureScaling.NegativeLogLikelihood(logits, classes, labels, rootT)), name + " after");
    }

    [Theory]
    [MemberData(nameof(LogitNames))]
    public void VectorScalingMatchesScipyBfgs(string name)
    {
        var c = Case(name);
        int classes = c.GetProperty("classes").GetInt32();
        var labels = c.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var logits = Doubles(c.GetProperty("logits"));
        var fit = VectorScaling.Fit(logits, classes, labels);
        double scipyNll = c.GetProperty("vector_nll").GetDouble();
        Assert.True(fit.NllAfter <= scipyNll + 1e-12, $"{name}: NLL {fit.NllAfter:R} vs scipy {scipyNll:R}");
        Near(scipyNll, fit.NllAfter, name + " NLL", 1e-10);
        var w = Doubles(c.GetProperty("vector_scale"));
        var b = Doubles(c.GetProperty("vector_bias"));
        for (int k = 0; k < classes; k++)
        {
            Near(w[k], fit.Scale[k], $"{name} w[{k}]", 1e-5);
            Near(b[k], fit.Bias[k], $"{name} b[{k}]", 1e-5);
        }
        Assert.True(fit.NllAfter <= TemperatureScaling.Fit(logits, classes, labels).NllAfter + 1e-15);
    }

    [Fact]
    public void ConfidenceOneLandsInTheLastUniformBin()
    {
        Assert.Equal(14, CalibrationMetrics.UniformIndex(1.0, 15));
        Assert.Equal(0, CalibrationMetrics.UniformIndex(0.0, 15));
        Assert.Equal(3, CalibrationMetrics.UniformIndex(0.6, 5));
        var bins = CalibrationMetrics.UniformBins([1.0, 1.0, 0.5], [1, 0, 1], 5);
        Assert.Equal(2, bins[4].Rows);
        Assert.Equal(1, bins[2].Rows);
        Assert.Equal(3, bins.Sum(b => b.Rows));
    }

    [Fact]
    public void BootstrapIntervalIsSeededAndBracketsTheEstimate()
    {
        var c = Case("overconfident_10");
        int classes = c.GetProperty("classes").GetInt32();
        var labels = c.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var q = CalibrationInput.Softmax(Doubles(c.GetProperty("logits")), classes);
        var conf = new double[labels.Length];
        var hit = new double[labels.Length];
        TopLabel.Of(q, classes, labels, conf, hit);
        var a = CalibrationMetrics.ExpectedCalibrationErrorInterval(conf, hit, 15, 200, 0.95, seed: 3);
        var b = CalibrationMetrics.ExpectedCalibrationErrorInterval(conf, hit, 15, 200, 0.95, seed: 3);
        var other = CalibrationMetrics.ExpectedCalibrationErrorInterval(conf, hit, 15, 200, 0.95, seed: 4);
        Assert.Equal(a, b);
        Assert.NotEqual(a.Lower, other.Lower);
        Near(c.GetProperty("before").GetProperty("ece").GetDouble(), a.Estimate, "estimate");
        Assert.True(a.Lower < a.Estimate && a.Estimate < a.Upper, $"{a}");
    }

    [Fact]
    public void BadInputIsAnErrorNamingTheRow()
    {
        var e = Assert.Throws<ArgumentException>(() => CalibrationInput.CheckLabels([0, 3, 1], 3));
        Assert.Contains("labels[1] = 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => CalibrationInput.CheckProbabilities([0.5, 0.5, 0.5, 0.6], 2, 2));
        Assert.Contains("row 1 sums to", e.Message);
        e = Assert.Throws<ArgumentException>(() => CalibrationInput.CheckLogits([0, 1, double.NaN, 0], 2, 2));
        Assert.Contains("logits[1, 0] = NaN", e.Message);
        e = Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([0, 1, 2, 0.5], 2, [1, 1]));
        Assert.Contains("one class", e.Message);
        e = Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([5, 0, 0, 5], 2, [0, 1]));
        Assert.Contains("T → 0", e.Message);
    }
}
