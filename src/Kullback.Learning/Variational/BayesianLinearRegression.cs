using Kullback.Distributions;

namespace Kullback.Learning.Variational;

/// <summary>
/// Bayesian linear regression y = Φw + ε, ε ~ N(0, σ² I) with known σ, prior w ~ N(0, s² I); Φ is (n, d) row-major.
/// Everything is Gaussian, so the posterior N(m, A⁻¹), A = ΦᵀΦ/σ² + I/s², m = A⁻¹Φᵀy/σ², the log evidence and
/// E_q[log p(y | w)] are all exact.
/// </summary>
public sealed class BayesianLinearRegression : IBayesianModel
{
    private readonly double[] _phi;
    private readonly double[] _y;
    private readonly double[] _gram;
    private readonly double[] _residual;
    private readonly int _n;

    /// <summary>Creates the model for design <paramref name="phi"/> (n, d) row-major and targets <paramref name="y"/>.</summary>
    /// <exception cref="ArgumentException">Shapes disagree, a value is not finite, or σ, s are not positive.</exception>
    public BayesianLinearRegression(ReadOnlySpan<double> phi, ReadOnlySpan<double> y, int dimension, double priorStd, double noiseStd)
    {
        if (!(priorStd > 0) || !double.IsFinite(priorStd)) throw new ArgumentOutOfRangeException(nameof(priorStd), priorStd, $"prior-std = {priorStd} must be > 0 and finite");
        if (!(noiseStd > 0) || !double.IsFinite(noiseStd)) throw new ArgumentOutOfRangeException(nameof(noiseStd), noiseStd, $"noise-std = {noiseStd} must be > 0 and finite");
        if (dimension < 1 || y.Length < 1 || phi.Length != y.Length * dimension)
            throw new ArgumentException($"phi has {phi.Length} values, not {y.Length} rows × {dimension} columns", nameof(phi));
        for (int i = 0; i < y.Length; i++)
            if (!double.IsFinite(y[i])) throw new ArgumentException($"y[{i}] = {y[i]} is not finite", nameof(y));
        _phi = phi.ToArray();
        _y = y.ToArray();
        _n = y.Length;
        Dimension = dimension;
        PriorStd = priorStd;
        NoiseStd = noiseStd;
        Prior = MultivariateNormal.Diagonal(new double[dimension], Enumerable.Repeat(priorStd, dimension).ToArray());
        _gram = new double[dimension * dimension];
        for (int r = 0; r < _n; r++)
            for (int i = 0; i < dimension; i++)
                for (int j = 0; j <= i; j++)
                    _gram[i * dimension + j] += _phi[r * dimension + i] * _phi[r * dimension + j];
        for (int i = 0; i < dimension; i++)
            for (int j = 0; j < i; j++)
                _gram[j * dimension + i] = _gram[i * dimension + j];
        _residual = new double[_n];
    }

    /// <inheritdoc/>
    public int Dimension { get; }
    /// <summary>s, the prior standard deviation of every weight.</summary>
    public double PriorStd { get; }
    /// <summary>σ, the known noise standard deviation.</summary>
    public double NoiseStd { get; }
    /// <summary>p(w) = N(0, s² I).</summary>
    public MultivariateNormal Prior { get; }

    MultivariateDistribution IBayesianModel.Prior => Prior;

    private double Variance => NoiseStd * NoiseStd;
    private double LogNormaliser => -0.5 * _n * Math.Log(2 * Math.PI * Variance);

    /// <summary>log p(y | w) = −(n/2) log(2πσ²) − ‖y − Φw‖²/(2σ²); gradient Φᵀ(y − Φw)/σ².</summary>
    public double LogLikelihood(ReadOnlySpan<double> z, Span<double> gradient)
    {
        double squares = Residual(z);
        gradient.Clear();
        for (int r = 0; r < _n; r++)
            for (int i = 0; i < Dimension; i++) gradient[i] += _phi[r * Dimension + i] * _residual[r] / Variance;
        return LogNormaliser - 0.5 * squares / Variance;
    }

    /// <summary>
    /// E_q[log p(y | w)] = −(n/2) log(2πσ²) − (‖y − Φμ‖² + tr(Lᵀ ΦᵀΦ L))/(2σ²); gradients Φᵀ(y − Φμ)/σ² and −ΦᵀΦ L/σ².
    /// </summary>
    public bool TryExpectedLogLikelihood(ReadOnlySpan<double> mean, ReadOnlySpan<double> scaleTril, Span<double> gradMean, Span<double> gradScaleTril, out double value)
    {
        int d = Dimension;
        double squares = Residual(mean);
        gradMean.Clear();
        for (int r = 0; r < _n; r++)
            for (int i = 0; i < d; i++) gradMean[i] += _phi[r * d + i] * _residual[r] / Variance;
        double trace = 0;
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
            {
                double gl = 0; // (ΦᵀΦ L)ᵢⱼ
                for (int m = j; m < d; m++) gl += _gram[i * d + m] * scaleTril[m * d + j];
                gradScaleTril[i * d + j] = -gl / Variance;
            }
        for (int j = 0; j < d; j++)
            for (int i = j; i < d; i++)
            {
                double gl = 0;
                for (int m = j; m < d; m++) gl += _gram[i * d + m] * scaleTril[m * d + j];
                trace += scaleTril[i * d + j] * gl;
            }
        value = LogNormaliser - 0.5 * (squares + trace) / Variance;
        return true;
    }

    private double Residual(ReadOnlySpan<double> w)
    {
        double squares = 0;
        for (int r = 0; r < _n; r++)
        {
            double fit = 0;
            for (int i = 0; i < Dimension; i++) fit += _phi[r * Dimension + i] * w[i];
            _residual[r] = _y[r] - fit;
            squares += _residual[r] * _residual[r];
        }
        return squares;
    }

    /// <summary>The exact posterior p(w | y) = N(m, A⁻¹), A = ΦᵀΦ/σ² + I/s², m = A⁻¹ Φᵀy / σ².</summary>
    public MultivariateNormal Posterior()
    {
        var (mean, covariance, _) = Solve();
        return new MultivariateNormal(mean, covariance);
    }

    /// <summary>
    /// The exact log evidence log p(y) = −(n/2) log(2πσ²) − d log s − ½ log det A − ½ (‖y − Φm‖²/σ² + ‖m‖²/s²).
    /// </summary>
    public double LogEvidence()
    {
        var (mean, _, halfLogDetA) = Solve();
        double squares = Residual(mean);
        double meanSquares = 0;
        foreach (double m in mean) meanSquares += m * m;
        return LogNormaliser - Dimension * Math.Log(PriorStd) - halfLogDetA - 0.5 * (squares / Variance + meanSquares / (PriorStd * PriorStd));
    }

    private (double[] Mean, double[] Covariance, double HalfLogDetA) Solve()
    {
        int d = Dimension;
        var a = new double[d * d];
        for (int i = 0; i < d * d; i++) a[i] = _gram[i] / Variance;
        for (int i = 0; i < d; i++) a[i * d + i] += 1 / (PriorStd * PriorStd);
        var l = new double[d * d];
        LowerTriangular.Cholesky(a, d, l);
        // m = A⁻¹ b with b = Φᵀy/σ²: forward then backward substitution.
        var mean = new double[d];
        for (int r = 0; r < _n; r++)
            for (int i = 0; i < d; i++) mean[i] += _phi[r * d + i] * _y[r] / Variance;
        LowerTriangular.SolveInPlace(l, d, mean);
        SolveTransposeInPlace(l, d, mean);
        var covariance = new double[d * d];
        var column = new double[d];
        for (int j = 0; j < d; j++)
        {
            Array.Clear(column);
            column[j] = 1;
            LowerTriangular.SolveInPlace(l, d, column);
            SolveTransposeInPlace(l, d, column);
            for (int i = 0; i < d; i++) covariance[i * d + j] = column[i];
        }
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++)
            {
                double s = 0.5 * (covariance[i * d + j] + covariance[j * d + i]);
                covariance[i * d + j] = s;
                covariance[j * d + i] = s;
            }
        return (mean, covariance, LowerTriangular.HalfLogDet(l, d));
    }

    /// <summary>Solves Lᵀ x = b by back substitution (L row-major lower).</summary>
    private static void SolveTransposeInPlace(ReadOnlySpan<double> l, int d, Span<double> b)
    {
        for (int i = d - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int m = i + 1; m < d; m++) s -= l[m * d + i] * b[m];
            b[i] = s / l[i * d + i];
        }
    }
}
