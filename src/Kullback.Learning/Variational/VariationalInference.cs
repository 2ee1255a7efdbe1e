using Kullback.Distributions;
using Kullback.Learning.Optimizers;
using MN = MathNet.Numerics.Distributions;

namespace Kullback.Learning.Variational;

/// <summary>Settings of <see cref="VariationalInference.Fit"/>.</summary>
/// <param name="Family">Mean-field or full-covariance Gaussian q.</param>
/// <param name="Iterations">Adam steps, ≥ 1.</param>
/// <param name="LearningRate">Initial Adam step size η₀ in whitened coordinates; cosine-decayed to η₀/1000.</param>
/// <param name="GradientSamples">Draws ε per step for the reparameterisation gradient when E_q[log p(x | z)] has no closed form.</param>
/// <param name="EvaluationSamples">Draws for the final Monte Carlo ELBO when there is no closed form.</param>
/// <param name="Seed">Seed of the generator of ε.</param>
public sealed record VariationalOptions(
    CovarianceFamily Family,
    int Iterations = 5000,
    double LearningRate = 0.5,
    int GradientSamples = 16,
    int EvaluationSamples = 4000,
    int Seed = 0);

/// <summary>The outcome of variational inference.</summary>
/// <param name="Q">The fitted q(z) = N(μ, L Lᵀ).</param>
/// <param name="Elbo">ELBO(q) = E_q[log p(x | z)] − D(q‖p(z)) = log p(x) − D(q‖p(z | x)) at the end.</param>
/// <param name="ElboStandardError">Standard error of <paramref name="Elbo"/>: 0 when E_q[log p(x | z)] is in closed form.</param>
/// <param name="ExpectedLogLikelihood">E_q[log p(x | z)] (exact or Monte Carlo).</param>
/// <param name="KlToPrior">D(q‖p(z)) from the KL registry: closed form, or its Monte Carlo estimate when the pair is not registered.</param>
/// <param name="KlToPriorStandardError">Standard error of <paramref name="KlToPrior"/>: 0 for a closed form.</param>
/// <param name="Iterations">Adam steps taken.</param>
/// <param name="ElboTrace">ELBO before each step (exact, or the minibatch Monte Carlo estimate).</param>
/// <param name="ClosedForm">True when E_q[log p(x | z)] and its gradient were in closed form.</param>
public sealed record VariationalFit(
    MultivariateNormal Q, double Elbo, double ElboStandardError, double ExpectedLogLikelihood, double KlToPrior, double KlToPriorStandardError,
    int Iterations, double[] ElboTrace, bool ClosedForm);

/// <summary>
/// Gaussian variational inference: maximises ELBO(q) = E_q[log p(x, z)] − E_q[log q(z)] = E_q[log p(x | z)] − D(q‖p(z))
/// over q = N(μ, L Lᵀ) with Adam. The optimisation runs in the prior's whitened coordinates u = (z − m₀)/s₀ (so one
/// learning rate suits every scale); for a Gaussian prior D(q‖p(z)) comes from <see cref="KlRegistry"/> and its gradient
/// in closed form; for any other prior the ELBO is E_q[log p(x | z) + log p(z)] + H(q) with H(q) exact, the prior term by
/// reparameterisation, and the final D(q‖p(z)) is the registry's Monte Carlo estimate;
/// E_q[log p(x | z)] and its gradient are exact where the model has a closed form, else the reparameterisation
/// estimate z = μ + L ε, ε ~ N(0, I): ∇_μ = E[∇_z log p], ∇_L = E[∇_z log p εᵀ].
/// </summary>
public static class VariationalInference
{
    /// <summary>Fits q to the posterior of <paramref name="model"/>; <paramref name="progress"/> gets (iteration, ELBO) every step.</summary>
    /// <exception cref="ArgumentException">A setting is out of range, or the prior is neither a diagonal Gaussian nor an Independent differentiable density.</exception>
    public static VariationalFit Fit(IBayesianModel model, VariationalOptions options, Action<int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.GradientSamples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EvaluationSamples, 2);
        if (!(options.LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(options), options.LearningRate, "LearningRate must be > 0");
        var prior = model.Prior;
        bool supported = prior is MultivariateNormal { IsDiagonal: true } or Independent { Base: IDifferentiableLogDensity };
        if (!supported || prior.EventSize != model.Dimension)
            throw new ArgumentException($"the prior {prior} must be a diagonal MultivariateNormal or an Independent differentiable density of dimension {model.Dimension}", nameof(model));

        var state = new State(model, options.Family);
        var adam = new Adam<double>(state.Family.ParameterCount, options.LearningRate);
        var theta = new double[state.Family.ParameterCount];
        var gradTheta = new double[theta.Length];
        state.Family.Initialize(theta, 1.0); // q starts at N(m₀, diag(s₀²)): the Gaussian prior itself, or the moments of another
        var rng = new Random(options.Seed);
        var trace = new double[options.Iterations];
        bool closedForm = true;

        for (int t = 0; t < options.Iterations; t++)
        {
            double elbo = state.ElboAndGradient(theta, gradTheta, options.GradientSamples, rng, out bool exact);
            closedForm &= exact;
            trace[t] = elbo;
            progress?.Invoke(t + 1, elbo);
            for (int i = 0; i < gradTheta.Length; i++) gradTheta[i] = -gradTheta[i]; // Adam minimises −ELBO
            double cosine = 0.5 * (1 + Math.Cos(Math.PI * t / options.Iterations));
            adam.LearningRate = options.LearningRate * (1e-3 + (1 - 1e-3) * cosine);
            adam.Step(theta, gradTheta);
        }
        return state.Final(theta, options.EvaluationSamples, rng, trace, closedForm);
    }

    /// <summary>Buffers and the whitening z = m₀ + s₀ ⊙ u shared by every step.</summary>
    private sealed class State
    {
        private readonly IBayesianModel _model;
        private readonly int _d;
        private readonly double[] _priorMean, _priorScale;
        private readonly double[] _lu, _muZ, _lz, _gMuZ, _gLz, _gMuU, _gLu, _eps, _z, _gz, _gPriorMuZ, _gPriorLz;
        private readonly MultivariateNormal? _gaussianPrior;
        private readonly Independent? _independentPrior;

        public State(IBayesianModel model, CovarianceFamily family)
        {
            _model = model;
            _d = model.Dimension;
            Family = new GaussianVariationalFamily(_d, family);
            _priorMean = new double[_d];
            _priorScale = new double[_d];
            if (model.Prior is MultivariateNormal gaussian)
            {
                _gaussianPrior = gaussian;
                for (int i = 0; i < _d; i++)
                {
                    _priorMean[i] = gaussian.Loc[i];
                    _priorScale[i] = gaussian.ScaleTril[i * _d + i];
                }
            }
            else
            {
                // Whiten by the base's mean and standard deviation where finite (0 and 1 otherwise).
                _independentPrior = (Independent)model.Prior;
                double mean = _independentPrior.Base.Mean, variance = _independentPrior.Base.Variance;
                Array.Fill(_priorMean, double.IsFinite(mean) ? mean : 0);
                Array.Fill(_priorScale, double.IsFinite(variance) && variance > 0 ? Math.Sqrt(variance) : 1);
            }
            _lu = new double[_d * _d]; _lz = new double[_d * _d]; _gLz = new double[_d * _d]; _gLu = new double[_d * _d]; _gPriorLz = new double[_d * _d];
            _muZ = new double[_d]; _gMuZ = new double[_d]; _gMuU = new double[_d]; _eps = new double[_d]; _z = new double[_d]; _gz = new double[_d]; _gPriorMuZ = new double[_d];
        }

        public GaussianVariationalFamily Family { get; }

        /// <summary>q_z = N(m₀ + s₀ ⊙ μ_u, diag(s₀) L_u (diag(s₀) L_u)ᵀ).</summary>
        private MultivariateNormal Qz() =>
            Family.Family == CovarianceFamily.MeanField
                ? MultivariateNormal.Diagonal(_muZ, Enumerable.Range(0, _d).Select(i => _lz[i * _d + i]).ToArray())
                : MultivariateNormal.FromScaleTril(_muZ, _lz);

        private void Whiten(ReadOnlySpan<double> theta)
        {
            Family.ScaleTril(theta, _lu);
            var muU = Family.Mean(theta);
            for (int i = 0; i < _d; i++)
            {
                _muZ[i] = _priorMean[i] + _priorScale[i] * muU[i];
                for (int j = 0; j <= i; j++) _lz[i * _d + j] = _priorScale[i] * _lu[i * _d + j];
            }
        }

        /// <summary>E_q[log p(x | z)] and its gradient w.r.t. (μ_z, L_z), exact or from <paramref name="samples"/> draws; returns (value, standard error).</summary>
        private (double Value, double StandardError) ExpectedLogLikelihood(int samples, Random rng, out bool exact)
        {
            Array.Clear(_gMuZ);
            Array.Clear(_gLz);
            if (_model.TryExpectedLogLikelihood(_muZ, _lz, _gMuZ, _gLz, out double value))
            {
                exact = true;
                return (value, 0);
            }
            exact = false;
            double mean = 0, m2 = 0;
            for (int s = 0; s < samples; s++)
            {
                for (int i = 0; i < _d; i++) _eps[i] = MN.Normal.Sample(rng, 0, 1);
                for (int i = 0; i < _d; i++)
                {
                    double zi = _muZ[i];
                    for (int j = 0; j <= i; j++) zi += _lz[i * _d + j] * _eps[j];
                    _z[i] = zi;
                }
                double ll = _model.LogLikelihood(_z, _gz);
                double delta = ll - mean;
                mean += delta / (s + 1);
                m2 += delta * (ll - mean);
                for (int i = 0; i < _d; i++)
                {
                    _gMuZ[i] += _gz[i] / samples;
                    for (int j = 0; j <= i; j++) _gLz[i * _d + j] += _gz[i] * _eps[j] / samples;
                }
            }
            return (mean, samples > 1 ? Math.Sqrt(m2 / (samples - 1) / samples) : double.NaN);
        }

        /// <summary>E_q[log p(z)] and its gradient w.r.t. (μ_z, L_z) by reparameterisation, for a non-Gaussian prior.</summary>
        private double ExpectedLogPrior(int samples, Random rng)
        {
            Array.Clear(_gPriorMuZ);
            Array.Clear(_gPriorLz);
            var prior = _independentPrior!;
            var derivative = (IDifferentiableLogDensity)prior.Base;
            double sum = 0;
            for (int s = 0; s < samples; s++)
            {
                for (int i = 0; i < _d; i++) _eps[i] = MN.Normal.Sample(rng, 0, 1);
                for (int i = 0; i < _d; i++)
                {
                    double zi = _muZ[i];
                    for (int j = 0; j <= i; j++) zi += _lz[i * _d + j] * _eps[j];
                    _z[i] = zi;
                }
                sum += prior.LogProb(_z);
                for (int i = 0; i < _d; i++)
                {
                    double g = derivative.LogProbDerivative(_z[i]) / samples;
                    _gPriorMuZ[i] += g;
                    for (int j = 0; j <= i; j++) _gPriorLz[i * _d + j] += g * _eps[j];
                }
            }
            return sum / samples;
        }

        public double ElboAndGradient(ReadOnlySpan<double> theta, Span<double> gradTheta, int samples, Random rng, out bool exact)
        {
            Whiten(theta);
            var (expected, _) = ExpectedLogLikelihood(samples, rng, out exact);
            var muU = Family.Mean(theta);
            double elbo;
            if (_gaussianPrior is not null)
            {
                // ELBO = E_q[log p(x | z)] − D(q‖prior); in whitened coordinates −∇ D(q_u‖N(0, I)) = −(μ_u, L_u − diag(1/L_u,ii)).
                elbo = expected - KlRegistry.Default.Divergence(Qz(), _gaussianPrior);
                for (int i = 0; i < _d; i++)
                {
                    _gMuU[i] = _priorScale[i] * _gMuZ[i] - muU[i];
                    for (int j = 0; j <= i; j++) _gLu[i * _d + j] = _priorScale[i] * _gLz[i * _d + j] - _lu[i * _d + j];
                    _gLu[i * _d + i] += 1 / _lu[i * _d + i];
                }
            }
            else
            {
                // ELBO = E_q[log p(x | z)] + E_q[log p(z)] + H(q); ∇ H(q_u) w.r.t. L_u = diag(1/L_u,ii).
                exact = false;
                double expectedLogPrior = ExpectedLogPrior(samples, rng);
                elbo = expected + expectedLogPrior + Qz().Entropy();
                for (int i = 0; i < _d; i++)
                {
                    _gMuU[i] = _priorScale[i] * (_gMuZ[i] + _gPriorMuZ[i]);
                    for (int j = 0; j <= i; j++) _gLu[i * _d + j] = _priorScale[i] * (_gLz[i * _d + j] + _gPriorLz[i * _d + j]);
                    _gLu[i * _d + i] += 1 / _lu[i * _d + i];
                }
            }
            gradTheta.Clear();
            Family.AccumulateGradient(_lu, _gMuU, _gLu, gradTheta);
            return elbo;
        }

        public VariationalFit Final(ReadOnlySpan<double> theta, int evaluationSamples, Random rng, double[] trace, bool closedForm)
        {
            Whiten(theta);
            var (expected, standardError) = ExpectedLogLikelihood(evaluationSamples, rng, out _);
            var q = Qz();
            // Closed form when the registry has (q, prior); its Monte Carlo estimate otherwise.
            var kl = KlRegistry.Default.Divergence(q, _model.Prior, evaluationSamples, rng);
            double elboError = Math.Sqrt(standardError * standardError + kl.StandardError * kl.StandardError);
            return new VariationalFit(q, expected - kl.Value, elboError, expected, kl.Value, kl.StandardError, trace.Length, trace,
                closedForm && kl.Method == KlMethod.ClosedForm);
        }
    }
}
