using Kullback.Distributions;

namespace Kullback.Learning.Variational;

/// <summary>
/// Bayesian logistic regression: yᵢ ∈ {0, 1}, P(yᵢ = 1 | w) = σ(φᵢᵀw), prior w ~ N(0, s² I); Φ is (n, d) row-major.
/// E_q[log p(y | w)] has no closed form, so variational inference uses reparameterisation gradients.
/// </summary>
public sealed class BayesianLogisticRegression : IBayesianModel
{
    private readonly double[] _phi;
    private readonly double[] _y;
    private readonly int _n;

    /// <summary>Creates the model with the Gaussian prior N(0, s² I).</summary>
    /// <exception cref="ArgumentException">Shapes disagree, a label is not 0 or 1 (names the index), or s is not positive.</exception>
    public BayesianLogisticRegression(ReadOnlySpan<double> phi, ReadOnlySpan<int> labels, int dimension, double priorStd)
        : this(phi, labels, dimension, GaussianPrior(dimension, priorStd))
    {
    }

    /// <summary>
    /// Creates the model for design <paramref name="phi"/> (n, d), labels <paramref name="labels"/> ∈ {0, 1} and prior
    /// <paramref name="prior"/> (see <see cref="IBayesianModel.Prior"/>), e.g. <c>new Independent(new StudentT(3, 0, 2.5), d)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree, or a label is not 0 or 1 (names the index).</exception>
    public BayesianLogisticRegression(ReadOnlySpan<double> phi, ReadOnlySpan<int> labels, int dimension, MultivariateDistribution prior)
    {
        ArgumentNullException.ThrowIfNull(prior);
        if (prior.EventSize != dimension) throw new ArgumentException($"the prior has dimension {prior.EventSize}, the model {dimension}", nameof(prior));
        if (dimension < 1 || labels.Length < 1 || phi.Length != labels.Length * dimension)
            throw new ArgumentException($"phi has {phi.Length} values, not {labels.Length} rows × {dimension} columns", nameof(phi));
        _y = new double[labels.Length];
        for (int i = 0; i < labels.Length; i++)
            _y[i] = labels[i] is 0 or 1 ? labels[i] : throw new ArgumentException($"labels[{i}] = {labels[i]}: logistic regression needs labels 0 or 1", nameof(labels));
        _phi = phi.ToArray();
        _n = labels.Length;
        Dimension = dimension;
        Prior = prior;
    }

    private static MultivariateNormal GaussianPrior(int dimension, double priorStd)
    {
        if (!(priorStd > 0) || !double.IsFinite(priorStd)) throw new ArgumentOutOfRangeException(nameof(priorStd), priorStd, $"prior-std = {priorStd} must be > 0 and finite");
        return MultivariateNormal.Diagonal(new double[Math.Max(dimension, 1)], Enumerable.Repeat(priorStd, Math.Max(dimension, 1)).ToArray());
    }

    /// <inheritdoc/>
    public int Dimension { get; }
    /// <inheritdoc/>
    public MultivariateDistribution Prior { get; }
    /// <summary>Number of examples.</summary>
    public int Rows => _n;

    /// <summary>softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^{−|x|}), never overflowing (the core's one softplus).</summary>
    private static double Softplus(double x) => Kullback.Kernels.Elementary.Softplus(x);

    /// <summary>σ(x) = 1/(1 + e^{−x}), evaluated without overflow (the core's one sigmoid).</summary>
    public static double Sigmoid(double x) => Kullback.Kernels.Elementary.Sigmoid(x);

    /// <summary>log p(y | w) = Σᵢ [yᵢ log σ(aᵢ) + (1 − yᵢ) log σ(−aᵢ)] = −Σᵢ softplus((1 − 2yᵢ) aᵢ), aᵢ = φᵢᵀw; gradient Φᵀ(y − σ(a)).</summary>
    public double LogLikelihood(ReadOnlySpan<double> z, Span<double> gradient)
    {
        int d = Dimension;
        gradient.Clear();
        double sum = 0;
        for (int r = 0; r < _n; r++)
        {
            var row = _phi.AsSpan(r * d, d);
            double a = 0;
            for (int i = 0; i < d; i++) a += row[i] * z[i];
            sum -= Softplus((1 - 2 * _y[r]) * a);
            double residual = _y[r] - Sigmoid(a);
            for (int i = 0; i < d; i++) gradient[i] += row[i] * residual;
        }
        return sum;
    }

    /// <summary>No closed form: always false.</summary>
    public bool TryExpectedLogLikelihood(ReadOnlySpan<double> mean, ReadOnlySpan<double> scaleTril, Span<double> gradMean, Span<double> gradScaleTril, out double value)
    {
        value = double.NaN;
        return false;
    }
}

/// <summary>Posterior predictive of one example and the split of its entropy (nats).</summary>
/// <param name="Probability">p̄ = E_q[σ(φᵀw)] ≈ (1/S) Σₛ σ(φᵀwₛ), the predictive P(y = 1).</param>
/// <param name="Total">H(p̄), the predictive entropy.</param>
/// <param name="Aleatoric">E_q[H(σ(φᵀw))], the expected entropy.</param>
/// <param name="Epistemic">H(p̄) − E_q[H(σ(φᵀw))] = I(y; w), the mutual information between label and weights (≥ 0; rounding below 0 is clamped).</param>
public readonly record struct PredictiveUncertainty(double Probability, double Total, double Aleatoric, double Epistemic);

/// <summary>Posterior predictive of Bayesian logistic regression under a Gaussian q(w), by Monte Carlo over w.</summary>
public static class LogisticPredictive
{
    /// <summary>
    /// For each row of <paramref name="phi"/> (n, d): p̄, H(p̄), E[H], and I = H(p̄) − E[H], with the same
    /// <paramref name="samples"/> draws wₛ ~ q for every row.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree, or fewer than 2 samples.</exception>
    public static PredictiveUncertainty[] Predict(MultivariateDistribution q, ReadOnlySpan<double> phi, int rows, int samples, Random rng)
    {
        int d = q.EventSize;
        if (phi.Length != rows * d) throw new ArgumentException($"phi has {phi.Length} values, not {rows} rows × {d} columns", nameof(phi));
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        var w = new double[samples * d];
        for (int s = 0; s < samples; s++) q.Sample(rng, w.AsSpan(s * d, d));
        var result = new PredictiveUncertainty[rows];
        for (int r = 0; r < rows; r++)
        {
            var row = phi.Slice(r * d, d);
            double mean = 0, expectedEntropy = 0;
            for (int s = 0; s < samples; s++)
            {
                double a = 0;
                for (int i = 0; i < d; i++) a += row[i] * w[s * d + i];
                double p = BayesianLogisticRegression.Sigmoid(a);
                mean += p;
                expectedEntropy += Bernoulli.BinaryEntropy(p);
            }
            mean /= samples;
            expectedEntropy /= samples;
            double total = Bernoulli.BinaryEntropy(mean);
            result[r] = new PredictiveUncertainty(mean, total, expectedEntropy, Math.Max(0, total - expectedEntropy));
        }
        return result;
    }
}
