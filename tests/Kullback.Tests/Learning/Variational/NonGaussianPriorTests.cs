using Kullback.Distributions;
using Kullback.Learning.Data;
using Kullback.Learning.Variational;
using Kullback.Tests.Support;

namespace Kullback.Tests.Learning.Variational;

/// <summary>Priors the registry has no closed form against: D(q‖prior) by Monte Carlo, prior gradients by reparameterisation.</summary>
public class NonGaussianPriorTests
{
    /// <summary>The same likelihood under another description of the prior.</summary>
    private sealed class WithPrior(IBayesianModel inner, MultivariateDistribution prior) : IBayesianModel
    {
        public int Dimension => inner.Dimension;
        public MultivariateDistribution Prior => prior;
        public double LogLikelihood(ReadOnlySpan<double> z, Span<double> gradient) => inner.LogLikelihood(z, gradient);
        public bool TryExpectedLogLikelihood(ReadOnlySpan<double> mean, ReadOnlySpan<double> scaleTril, Span<double> gradMean, Span<double> gradScaleTril, out double value) =>
            inner.TryExpectedLogLikelihood(mean, scaleTril, gradMean, gradScaleTril, out value);
    }

    [Fact]
    public void GaussianPriorDescribedAsIndependentNormalsReachesTheSamePosteriorThroughTheMonteCarloPath()
    {
        var (x, y, rows, features) = RegressionCsv.Load(Path.Combine(TestPaths.RepositoryRoot, "data", "diabetes.csv"));
        var phi = DesignMatrix.Standardized(x, rows, features);
        var exact = new BayesianLinearRegression(phi.Values, y, phi.Columns, 100, 54);
        var model = new WithPrior(exact, new Independent(new Normal(0, 100), phi.Columns));
        Assert.Null(KlRegistry.Default.Resolve(typeof(MultivariateNormal), typeof(Independent)));

        var fit = VariationalInference.Fit(model, new VariationalOptions(CovarianceFamily.FullCovariance, Iterations: 3000, Seed: 5));
        Assert.False(fit.ClosedForm);
        Assert.True(fit.KlToPriorStandardError > 0);
        double gap = KlRegistry.Default.Divergence(fit.Q, exact.Posterior());
        Assert.True(gap < 0.1, $"D(q‖posterior) = {gap}");
        // The registry's Monte Carlo D(q‖prior) agrees with the closed form against the equivalent Gaussian prior.
        double closed = KlRegistry.Default.Divergence(fit.Q, exact.Prior);
        Assert.True(Math.Abs(fit.KlToPrior - closed) <= 4.5 * fit.KlToPriorStandardError, $"MC {fit.KlToPrior} ± {fit.KlToPriorStandardError} vs closed {closed}");
    }

    [Theory]
    [InlineData("laplace")]
    [InlineData("studentt")]
    public void LogisticRegressionWithHeavyTailedPriors(string family)
    {
        var data = CsvDataset.Load(Path.Combine(TestPaths.RepositoryRoot, "data", "breast-cancer.csv.gz"));
        var phi = DesignMatrix.Standardized(data.Features.Select(f => (double)f).ToArray(), data.Rows, data.FeatureCount);
        UnivariateDistribution marginal = family == "laplace" ? new Laplace(0, 1) : new StudentT(3, 0, 1);
        var model = new BayesianLogisticRegression(phi.Values, data.Labels, phi.Columns, new Independent(marginal, phi.Columns));
        var fit = VariationalInference.Fit(model, new VariationalOptions(CovarianceFamily.MeanField, Iterations: 800, Seed: 6));
        Assert.True(double.IsFinite(fit.Elbo) && fit.ElboStandardError > 0 && fit.KlToPrior > 0);
        Assert.True(fit.Elbo > fit.ElboTrace[0] + 100, $"ELBO {fit.Elbo} vs start {fit.ElboTrace[0]}");
        var predictive = LogisticPredictive.Predict(fit.Q, phi.Values, phi.Rows, 1000, new Random(7));
        double accuracy = predictive.Select((p, i) => (p.Probability >= 0.5 ? 1 : 0) == data.Labels[i] ? 1.0 : 0.0).Average();
        Assert.True(accuracy > 0.97, $"accuracy {accuracy}");
    }

    [Fact]
    public void UnsupportedPriorIsRejectedBeforeAnyWork()
    {
        var model = new WithPrior(new BayesianLinearRegression([1.0, 2.0], [1.0, 2.0], 1, 1, 1), new Dirichlet([1.0, 1.0]));
        var e = Assert.Throws<ArgumentException>(() => VariationalInference.Fit(model, new VariationalOptions(CovarianceFamily.MeanField)));
        Assert.Contains("Dirichlet", e.Message);
    }
}
