using Kullback.Distributions;
using Kullback.Learning.Data;
using Kullback.Learning.Variational;
using Kullback.Tests.Support;

namespace Kullback.Tests.Learning.Variational;

/// <summary>Bayesian logistic regression on the breast-cancer data (data/breast-cancer.csv.gz) and the reparameterisation path.</summary>
public class LogisticRegressionTests
{
    private static (BayesianLogisticRegression Model, DesignMatrix Phi, int[] Labels) BreastCancer(double priorStd)
    {
        var data = CsvDataset.Load(Path.Combine(TestPaths.RepositoryRoot, "data", "breast-cancer.csv.gz"));
        var x = data.Features.Select(f => (double)f).ToArray();
        var phi = DesignMatrix.Standardized(x, data.Rows, data.FeatureCount);
        return (new BayesianLogisticRegression(phi.Values, data.Labels, phi.Columns, priorStd), phi, data.Labels);
    }

    [Fact]
    public void PosteriorPredictiveIsAccurateAndItsEntropySplitsIntoAleatoricAndEpistemic()
    {
        var (model, phi, labels) = BreastCancer(1.0);
        var fit = VariationalInference.Fit(model, new VariationalOptions(CovarianceFamily.FullCovariance, Iterations: 1500, Seed: 2));
        Assert.False(fit.ClosedForm);
        Assert.True(fit.ElboStandardError > 0 && fit.ElboStandardError < 0.5, $"ELBO standard error {fit.ElboStandardError}");
        Assert.True(fit.KlToPrior > 0);
        Assert.Equal(fit.ExpectedLogLikelihood - fit.KlToPrior, fit.Elbo, 1e-12);
        // The ELBO improved on the prior (q = prior at the start, where D = 0).
        Assert.True(fit.Elbo > fit.ElboTrace[0] + 100, $"ELBO {fit.Elbo} vs start {fit.ElboTrace[0]}");

        var predictive = LogisticPredictive.Predict(fit.Q, phi.Values, phi.Rows, 2000, new Random(5));
        int correct = predictive.Select((p, i) => (p.Probability >= 0.5 ? 1 : 0) == labels[i] ? 1 : 0).Sum();
        Assert.True(correct >= 0.97 * labels.Length, $"training accuracy {correct}/{labels.Length}");
        foreach (var p in predictive)
        {
            Assert.InRange(p.Probability, 0, 1);
            Assert.True(p.Epistemic >= 0 && p.Aleatoric >= 0);
            Assert.Equal(p.Total, p.Aleatoric + p.Epistemic, 1e-12);
            Assert.True(p.Total <= Math.Log(2) + 1e-15);
        }
        // Uncertain examples carry more epistemic uncertainty than confident ones.
        var byTotal = predictive.OrderBy(p => p.Total).ToArray();
        double confidentEpistemic = byTotal.Take(100).Average(p => p.Epistemic);
        double uncertainEpistemic = byTotal.TakeLast(20).Average(p => p.Epistemic);
        Assert.True(uncertainEpistemic > confidentEpistemic, $"{uncertainEpistemic} vs {confidentEpistemic}");
    }

    [Fact]
    public void UnderThePriorEpistemicUncertaintyIsLarge()
    {
        var (model, phi, _) = BreastCancer(1.0);
        var atPrior = LogisticPredictive.Predict(model.Prior, phi.Values, phi.Rows, 2000, new Random(6));
        var fit = VariationalInference.Fit(model, new VariationalOptions(CovarianceFamily.MeanField, Iterations: 1000, Seed: 3));
        var fitted = LogisticPredictive.Predict(fit.Q, phi.Values, phi.Rows, 2000, new Random(6));
        Assert.True(atPrior.Average(p => p.Epistemic) > 5 * fitted.Average(p => p.Epistemic));
    }

    [Fact]
    public void LikelihoodGradientMatchesFiniteDifferences()
    {
        var (model, _, _) = BreastCancer(1.0);
        int d = model.Dimension;
        var rng = new Random(8);
        var w = Enumerable.Range(0, d).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var g = new double[d];
        model.LogLikelihood(w, g);
        const double h = 1e-6;
        for (int i = 0; i < d; i++)
        {
            var plus = (double[])w.Clone(); plus[i] += h;
            var minus = (double[])w.Clone(); minus[i] -= h;
            double numeric = (model.LogLikelihood(plus, new double[d]) - model.LogLikelihood(minus, new double[d])) / (2 * h);
            Assert.True(Math.Abs(numeric - g[i]) <= 1e-5 * Math.Max(1, Math.Abs(g[i])), $"∂/∂w[{i}]: {g[i]} vs {numeric}");
        }
    }

    [Fact]
    public void ExtremeLogitsGiveFiniteLikelihood()
    {
        var model = new BayesianLogisticRegression([1.0, 1.0], [1, 0], 1, 1.0);
        var g = new double[1];
        Assert.Equal(-1000, model.LogLikelihood([1000.0], g), 1e-9);
        Assert.Equal(-1, g[0], 1e-12); // (1 − σ(1000)) + (0 − σ(1000))
        Assert.Equal(1.0, BayesianLogisticRegression.Sigmoid(800));
        Assert.Equal(0.0, BayesianLogisticRegression.Sigmoid(-800));
    }

    /// <summary>Hides the closed form of a model, so that the reparameterisation path is used.</summary>
    private sealed class WithoutClosedForm(IBayesianModel inner) : IBayesianModel
    {
        public int Dimension => inner.Dimension;
        public MultivariateDistribution Prior => inner.Prior;
        public double LogLikelihood(ReadOnlySpan<double> z, Span<double> gradient) => inner.LogLikelihood(z, gradient);
        public bool TryExpectedLogLikelihood(ReadOnlySpan<double> mean, ReadOnlySpan<double> scaleTril, Span<double> gradMean, Span<double> gradScaleTril, out double value)
        {
            value = double.NaN;
            return false;
        }
    }

    [Fact]
    public void ReparameterisationGradientsReachTheExactPosteriorOfLinearRegression()
    {
        var (x, y, rows, features) = RegressionCsv.Load(Path.Combine(TestPaths.RepositoryRoot, "data", "diabetes.csv"));
        var phi = DesignMatrix.Standardized(x, rows, features);
        var exact = new BayesianLinearRegression(phi.Values, y, phi.Columns, 100, 54);
        var fit = VariationalInference.Fit(new WithoutClosedForm(exact), new VariationalOptions(CovarianceFamily.FullCovariance, Iterations: 3000, Seed: 4));
        Assert.False(fit.ClosedForm);
        double gap = KlRegistry.Default.Divergence(fit.Q, exact.Posterior());
        Assert.True(gap < 0.1, $"D(q‖posterior) = {gap} after stochastic optimisation");
        // The Monte Carlo ELBO agrees with the exact log p(y) − D(q‖posterior) within its standard error.
        double exactElbo = exact.LogEvidence() - gap;
        Assert.True(Math.Abs(fit.Elbo - exactElbo) <= 4.5 * fit.ElboStandardError, $"MC ELBO {fit.Elbo} ± {fit.ElboStandardError} vs exact {exactElbo}");
    }
}
