using Kullback.Distributions;

namespace Kullback.Learning.Variational;

/// <summary>
/// A Bayesian model p(x, z) = p(x | z) p(z), seen through what
/// variational inference needs: the log-likelihood log p(x | z) with its gradient, and — where it exists — the
/// closed-form expectation E_q[log p(x | z)] under a Gaussian q with its gradient.
/// </summary>
public interface IBayesianModel
{
    /// <summary>d, the number of latent variables (weights).</summary>
    int Dimension { get; }

    /// <summary>
    /// p(z): a diagonal Gaussian N(m₀, diag(s₀²)) built with <see cref="MultivariateNormal.Diagonal"/> (D(q‖p) and its
    /// gradient in closed form), or an <see cref="Independent"/> product of a univariate density with
    /// <see cref="IDifferentiableLogDensity"/> (Laplace, StudentT, …: D(q‖p) by Monte Carlo, gradients by reparameterisation).
    /// </summary>
    MultivariateDistribution Prior { get; }

    /// <summary>log p(x | z); writes ∇_z log p(x | z) into <paramref name="gradient"/> (length d).</summary>
    double LogLikelihood(ReadOnlySpan<double> z, Span<double> gradient);

    /// <summary>
    /// E_q[log p(x | z)] for q = N(μ, L Lᵀ) (L row-major d×d lower) in closed form, with its gradients w.r.t. μ and L
    /// written into the spans; false (and nothing written) when the model has no closed form.
    /// </summary>
    bool TryExpectedLogLikelihood(ReadOnlySpan<double> mean, ReadOnlySpan<double> scaleTril, Span<double> gradMean, Span<double> gradScaleTril, out double value);
}
