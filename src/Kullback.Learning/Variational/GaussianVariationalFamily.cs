using Kullback.Distributions;

namespace Kullback.Learning.Variational;

/// <summary>Which Gaussian family q(z) = N(μ, L Lᵀ) is optimised over.</summary>
public enum CovarianceFamily
{
    /// <summary>Mean-field: L diagonal, q(z) = Πᵢ N(zᵢ; μᵢ, σᵢ²).</summary>
    MeanField,
    /// <summary>Full covariance through a lower-triangular Cholesky factor L with positive diagonal.</summary>
    FullCovariance,
}

/// <summary>
/// The unconstrained parameters θ of a Gaussian q(u) = N(μ, L Lᵀ) on ℝᵈ, laid out as
/// θ = [μ (d) | ρ (d), Lᵢᵢ = exp ρᵢ | Lᵢⱼ for i &gt; j, row by row (full covariance only)].
/// </summary>
public sealed class GaussianVariationalFamily
{
    /// <summary>Creates the family on ℝᵈ.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> &lt; 1.</exception>
    public GaussianVariationalFamily(int dimension, CovarianceFamily family)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Dimension = dimension;
        Family = family;
        ParameterCount = 2 * dimension + (family == CovarianceFamily.FullCovariance ? dimension * (dimension - 1) / 2 : 0);
    }

    /// <summary>d.</summary>
    public int Dimension { get; }
    /// <summary>Mean-field or full covariance.</summary>
    public CovarianceFamily Family { get; }
    /// <summary>Length of θ: 2d (mean-field) or 2d + d(d − 1)/2 (full).</summary>
    public int ParameterCount { get; }

    /// <summary>θ for q = N(0, scale² I).</summary>
    public void Initialize(Span<double> theta, double scale)
    {
        theta.Clear();
        theta.Slice(Dimension, Dimension).Fill(Math.Log(scale));
    }

    /// <summary>μ = θ[0..d).</summary>
    public ReadOnlySpan<double> Mean(ReadOnlySpan<double> theta) => theta[..Dimension];

    /// <summary>Writes L (row-major d×d, zero above the diagonal) from θ.</summary>
    public void ScaleTril(ReadOnlySpan<double> theta, Span<double> scaleTril)
    {
        int d = Dimension;
        scaleTril.Clear();
        for (int i = 0; i < d; i++) scaleTril[i * d + i] = Math.Exp(theta[d + i]);
        if (Family == CovarianceFamily.MeanField) return;
        int k = 2 * d;
        for (int i = 1; i < d; i++)
            for (int j = 0; j < i; j++)
                scaleTril[i * d + j] = theta[k++];
    }

    /// <summary>
    /// Chain rule from (∂f/∂μ, ∂f/∂L) to ∂f/∂θ, added into <paramref name="gradTheta"/>: ∂f/∂ρᵢ = Lᵢᵢ ∂f/∂Lᵢᵢ;
    /// entries of ∂f/∂L above the diagonal, and below it for mean-field, are ignored.
    /// </summary>
    public void AccumulateGradient(ReadOnlySpan<double> scaleTril, ReadOnlySpan<double> gradMean, ReadOnlySpan<double> gradScaleTril, Span<double> gradTheta)
    {
        int d = Dimension;
        for (int i = 0; i < d; i++)
        {
            gradTheta[i] += gradMean[i];
            gradTheta[d + i] += gradScaleTril[i * d + i] * scaleTril[i * d + i];
        }
        if (Family == CovarianceFamily.MeanField) return;
        int k = 2 * d;
        for (int i = 1; i < d; i++)
            for (int j = 0; j < i; j++)
                gradTheta[k++] += gradScaleTril[i * d + j];
    }

    /// <summary>q as a distribution: N(μ, L Lᵀ), diagonal for mean-field.</summary>
    public MultivariateNormal Distribution(ReadOnlySpan<double> theta)
    {
        int d = Dimension;
        if (Family == CovarianceFamily.MeanField)
        {
            var scale = new double[d];
            for (int i = 0; i < d; i++) scale[i] = Math.Exp(theta[d + i]);
            return MultivariateNormal.Diagonal(theta[..d], scale);
        }
        var l = new double[d * d];
        ScaleTril(theta, l);
        return MultivariateNormal.FromScaleTril(theta[..d], l);
    }
}
