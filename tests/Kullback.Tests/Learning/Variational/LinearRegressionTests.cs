using System.Text.Json;
using Kullback.Distributions;
using Kullback.Learning.Variational;
using Kullback.Tests.Support;

namespace Kullback.Tests.Learning.Variational;

/// <summary>
/// Bayesian linear regression on scikit-learn's diabetes data (features correlated up to 0.90): exact evidence and
/// posterior against SciPy/NumPy (Fixtures/Variational/make_vi_fixtures.py), and variational inference against them.
/// </summary>
public class LinearRegressionTests
{
    private static readonly JsonElement Fixture = Load();

    private static JsonElement Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture(Path.Combine("Variational", "linear_regression.json"))));
        return doc.RootElement.Clone();
    }

    public static IEnumerable<object[]> Cases() =>
        Fixture.GetProperty("cases").EnumerateArray().Select((_, i) => new object[] { i });

    private static (BayesianLinearRegression Model, JsonElement Case) Model(int index)
    {
        var c = Fixture.GetProperty("cases")[index];
        var (x, y, rows, features) = RegressionCsv.Load(Path.Combine(TestPaths.RepositoryRoot, "data", "diabetes.csv"));
        var phi = DesignMatrix.Standardized(x, rows, features);
        return (new BayesianLinearRegression(phi.Values, y, phi.Columns, c.GetProperty("prior_std").GetDouble(), c.GetProperty("noise_std").GetDouble()), c);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LogEvidenceAndPosteriorMatchScipy(int index)
    {
        var (model, c) = Model(index);
        double expected = c.GetProperty("log_evidence").GetDouble();
        double actual = model.LogEvidence();
        Assert.True(Math.Abs(actual - expected) <= 1e-10 * Math.Abs(expected), $"log evidence {actual:R} vs scipy {expected:R}");
        var posterior = model.Posterior();
        var mean = c.GetProperty("posterior_mean").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var covariance = c.GetProperty("posterior_covariance").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(e => e.GetDouble())).ToArray();
        var ours = posterior.Covariance();
        for (int i = 0; i < mean.Length; i++)
            Assert.True(Math.Abs(posterior.Mean[i] - mean[i]) <= 1e-9 * Math.Max(1, Math.Abs(mean[i])), $"posterior mean[{i}] {posterior.Mean[i]} vs {mean[i]}");
        double scale = covariance.Max(Math.Abs);
        for (int i = 0; i < covariance.Length; i++)
            Assert.True(Math.Abs(ours[i] - covariance[i]) <= 1e-9 * scale, $"posterior covariance entry {i}: {ours[i]} vs {covariance[i]}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FullCovarianceReachesTheLogEvidenceAndNeverExceedsIt(int index)
    {
        var (model, c) = Model(index);
        double logEvidence = c.GetProperty("log_evidence").GetDouble();
        var fit = VariationalInference.Fit(model, new VariationalOptions(CovarianceFamily.FullCovariance, Seed: 1));
        Assert.True(fit.ClosedForm);
        Assert.Equal(0, fit.ElboStandardError);
        Assert.All(fit.ElboTrace, e => Assert.True(e <= logEvidence + 1e-12 * Math.Abs(logEvidence), $"ELBO {e:R} above log evidence {logEvidence:R}"));
        Assert.True(fit.Elbo <= logEvidence);
        Assert.True(Math.Abs(fit.Elbo - logEvidence) <= 1e-3 * Math.Abs(logEvidence), $"ELBO {fit.Elbo:R} vs log evidence {logEvidence:R}");
        // The gap is D(q‖posterior): ELBO = log p(y) − D(q‖p(w | y)).
        double gap = KlRegistry.Default.Divergence(fit.Q, model.Posterior());
        Assert.True(Math.Abs(logEvidence - fit.Elbo - gap) <= 1e-9 * Math.Abs(logEvidence), $"gap {logEvidence - fit.Elbo} vs D(q‖posterior) {gap}");
        Assert.True(gap < 1e-6, $"D(q‖posterior) = {gap}: full covariance can match the posterior exactly");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MeanFieldStaysStrictlyBelowByItsDivergenceFromThePosterior(int index)
    {
        Assert.True(Fixture.GetProperty("max_abs_feature_correlation").GetDouble() > 0.8);
        var (model, c) = Model(index);
        double logEvidence = c.GetProperty("log_evidence").GetDouble();
        var fit = VariationalInference.Fit(model, new VariationalOptions(CovarianceFamily.MeanField, Seed: 1));
        Assert.True(fit.Q.IsDiagonal);
        double gap = KlRegistry.Default.Divergence(fit.Q, model.Posterior());
        Assert.True(gap > 0.1, $"D(q‖posterior) = {gap}: mean-field should not fit correlated weights");
        // …and the optimiser found the best mean-field q: ½ (Σ log Aᵢᵢ − log det A) from NumPy.
        double optimal = c.GetProperty("mean_field_optimal_gap").GetDouble();
        Assert.True(Math.Abs(gap - optimal) <= 1e-6 * optimal, $"D(q‖posterior) = {gap} vs the mean-field optimum {optimal}");
        Assert.True(Math.Abs(logEvidence - fit.Elbo - gap) <= 1e-9 * Math.Abs(logEvidence), $"gap {logEvidence - fit.Elbo} vs D(q‖posterior) {gap}");
        Assert.All(fit.ElboTrace, e => Assert.True(e < logEvidence));
        // The optimal mean-field q has the posterior mean.
        var posterior = model.Posterior();
        for (int i = 0; i < model.Dimension; i++)
            Assert.True(Math.Abs(fit.Q.Mean[i] - posterior.Mean[i]) <= 1e-3 * Math.Sqrt(posterior.Variance[i]) + 1e-6, $"mean[{i}] {fit.Q.Mean[i]} vs {posterior.Mean[i]}");
    }

    [Fact]
    public void ClosedFormGradientMatchesFiniteDifferences()
    {
        var (model, _) = Model(1);
        int d = model.Dimension;
        var rng = new Random(3);
        var mean = Enumerable.Range(0, d).Select(_ => 10 * (rng.NextDouble() - 0.5)).ToArray();
        var l = new double[d * d];
        for (int i = 0; i < d; i++) for (int j = 0; j <= i; j++) l[i * d + j] = i == j ? 0.5 + rng.NextDouble() : 0.3 * (rng.NextDouble() - 0.5);
        var gMean = new double[d];
        var gL = new double[d * d];
        model.TryExpectedLogLikelihood(mean, l, gMean, gL, out _);
        double F(double[] m, double[] s) { model.TryExpectedLogLikelihood(m, s, new double[d], new double[d * d], out double v); return v; }
        const double h = 1e-5;
        for (int i = 0; i < d; i++)
        {
            var plus = (double[])mean.Clone(); plus[i] += h;
            var minus = (double[])mean.Clone(); minus[i] -= h;
            double numeric = (F(plus, l) - F(minus, l)) / (2 * h);
            Assert.True(Math.Abs(numeric - gMean[i]) <= 1e-5 * Math.Max(1, Math.Abs(gMean[i])), $"∂/∂μ[{i}]: {gMean[i]} vs {numeric}");
            for (int j = 0; j <= i; j++)
            {
                var lp = (double[])l.Clone(); lp[i * d + j] += h;
                var lm = (double[])l.Clone(); lm[i * d + j] -= h;
                double numericL = (F(mean, lp) - F(mean, lm)) / (2 * h);
                Assert.True(Math.Abs(numericL - gL[i * d + j]) <= 1e-5 * Math.Max(1, Math.Abs(gL[i * d + j])), $"∂/∂L[{i}][{j}]: {gL[i * d + j]} vs {numericL}");
            }
        }
        // The likelihood gradient used by the reparameterisation path, too.
        var g = new double[d];
        model.LogLikelihood(mean, g);
        for (int i = 0; i < d; i++)
        {
            var plus = (double[])mean.Clone(); plus[i] += h;
            var minus = (double[])mean.Clone(); minus[i] -= h;
            double numeric = (model.LogLikelihood(plus, new double[d]) - model.LogLikelihood(minus, new double[d])) / (2 * h);
            Assert.True(Math.Abs(numeric - g[i]) <= 1e-5 * Math.Max(1, Math.Abs(g[i])), $"∇ log p[{i}]: {g[i]} vs {numeric}");
        }
    }
}
