using System.Globalization;
using MN = MathNet.Numerics.Distributions;

namespace Kullback.Distributions;

/// <summary>
/// MultivariateNormal(loc, covariance) on ℝᵏ, held through the Cholesky factor L (Σ = L Lᵀ):
/// log p(x) = −½ ‖L⁻¹(x − μ)‖² − Σ log Lᵢᵢ − (k/2) log 2π. Range: μ finite, Σ symmetric positive definite.
/// A diagonal Σ is kept as a diagonal L and every operation on it is O(k).
/// </summary>
public sealed class MultivariateNormal : MultivariateDistribution
{
    private readonly double[] _loc;
    private readonly double[] _scaleTril;
    private readonly double[] _variance;
    private readonly double[]? _covariance;

    private MultivariateNormal(double[] loc, double[] scaleTril, bool isDiagonal)
    {
        _loc = loc;
        _scaleTril = scaleTril;
        IsDiagonal = isDiagonal;
        int k = loc.Length;
        _variance = new double[k];
        for (int i = 0; i < k; i++)
        {
            double s = 0;
            for (int m = 0; m <= i; m++) s += scaleTril[i * k + m] * scaleTril[i * k + m];
            _variance[i] = s;
        }
    }

    /// <summary>Creates MultivariateNormal(μ, Σ) with Σ given row-major k×k.</summary>
    /// <exception cref="ArgumentException">μ empty or not finite (names the index), Σ of the wrong size, not symmetric or not positive definite.</exception>
    public MultivariateNormal(ReadOnlySpan<double> loc, ReadOnlySpan<double> covariance)
        : this(CheckLoc(loc), FactorOf(covariance, loc.Length), isDiagonal: false)
    {
        _covariance = covariance.ToArray(); // kept as given, so that ToString and Covariance() do not show L Lᵀ rounding
    }

    /// <summary>Creates MultivariateNormal(μ, L Lᵀ) from a lower-triangular factor L (row-major k×k, positive diagonal; entries above the diagonal are ignored).</summary>
    /// <exception cref="ArgumentException">Sizes disagree, or a diagonal entry is ≤ 0 or an entry is not finite (names the entry).</exception>
    public static MultivariateNormal FromScaleTril(ReadOnlySpan<double> loc, ReadOnlySpan<double> scaleTril)
    {
        var mu = CheckLoc(loc);
        int k = mu.Length;
        if (scaleTril.Length != k * k)
            throw new ArgumentException($"MultivariateNormal: scale_tril must be {k}×{k} = {k * k} numbers, got {scaleTril.Length}", nameof(scaleTril));
        var l = new double[k * k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j <= i; j++)
            {
                double v = scaleTril[i * k + j];
                bool ok = i == j ? v > 0 && double.IsFinite(v) : double.IsFinite(v);
                if (!ok)
                    throw new ParameterDomainException(nameof(scaleTril), v,
                        $"MultivariateNormal: scale_tril[{i}][{j}] = {Parameters.Format(v)} is outside its domain: {(i == j ? "diagonal entries > 0 and finite" : "finite")}");
                l[i * k + j] = v;
            }
        return new MultivariateNormal(mu, l, isDiagonal: false);
    }

    /// <summary>Creates MultivariateNormal(μ, diag(σ₁², …, σ_k²)) from the standard deviations σᵢ.</summary>
    /// <exception cref="ArgumentException">Sizes disagree, or a σᵢ ≤ 0 or not finite (names i).</exception>
    public static MultivariateNormal Diagonal(ReadOnlySpan<double> loc, ReadOnlySpan<double> scale)
    {
        var mu = CheckLoc(loc);
        int k = mu.Length;
        if (scale.Length != k)
            throw new ArgumentException($"MultivariateNormal: scale has {scale.Length} entries but loc has {k}", nameof(scale));
        var l = new double[k * k];
        for (int i = 0; i < k; i++)
        {
            Parameters.Element(nameof(MultivariateNormal), "scale", i, scale[i], scale[i] > 0 && double.IsFinite(scale[i]), "scale[i] > 0 and finite");
            l[i * k + i] = scale[i];
        }
        return new MultivariateNormal(mu, l, isDiagonal: true);
    }

    private static double[] CheckLoc(ReadOnlySpan<double> loc)
    {
        if (loc.Length == 0) throw new ArgumentException("MultivariateNormal: loc is empty; the dimension must be ≥ 1", nameof(loc));
        for (int i = 0; i < loc.Length; i++)
            Parameters.Element(nameof(MultivariateNormal), "loc", i, loc[i], double.IsFinite(loc[i]), "finite");
        return loc.ToArray();
    }

    private static double[] FactorOf(ReadOnlySpan<double> covariance, int k)
    {
        if (covariance.Length != k * k)
            throw new ArgumentException($"MultivariateNormal: covariance must be {k}×{k} = {k * k} numbers to match loc, got {covariance.Length}", nameof(covariance));
        var l = new double[k * k];
        try
        {
            LowerTriangular.Cholesky(covariance, k, l);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"MultivariateNormal: {e.Message.Split(" (Parameter")[0]}", nameof(covariance), e);
        }
        return l;
    }

    /// <summary>μ.</summary>
    public ReadOnlySpan<double> Loc => _loc;
    /// <summary>L, row-major k×k lower triangular with Σ = L Lᵀ.</summary>
    public ReadOnlySpan<double> ScaleTril => _scaleTril;
    /// <summary>True when Σ is diagonal by construction (<see cref="Diagonal"/>).</summary>
    public bool IsDiagonal { get; }

    /// <summary>Σ, row-major k×k (a new array): as given to the constructor, else L Lᵀ.</summary>
    public double[] Covariance()
    {
        if (_covariance is not null) return (double[])_covariance.Clone();
        int k = EventSize;
        var c = new double[k * k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int m = 0; m <= j; m++) s += _scaleTril[i * k + m] * _scaleTril[j * k + m];
                c[i * k + j] = s;
                c[j * k + i] = s;
            }
        return c;
    }

    /// <inheritdoc/>
    public override string Family => nameof(MultivariateNormal);
    /// <inheritdoc/>
    public override int EventSize => _loc.Length;
    /// <summary>E[X] = μ.</summary>
    public override ReadOnlySpan<double> Mean => _loc;
    /// <summary>Var[Xᵢ] = Σᵢᵢ = Σⱼ Lᵢⱼ².</summary>
    public override ReadOnlySpan<double> Variance => _variance;

    /// <summary>H = (k/2)(1 + log 2π) + Σ log Lᵢᵢ.</summary>
    public override double Entropy() => 0.5 * EventSize * (1 + Constants.Log2Pi) + LowerTriangular.HalfLogDet(_scaleTril, EventSize);

    /// <summary>−½ ‖L⁻¹(x − μ)‖² − Σ log Lᵢᵢ − (k/2) log 2π.</summary>
    public override double LogProb(ReadOnlySpan<double> x)
    {
        RequireEventLength(x.Length, nameof(x));
        int k = EventSize;
        Span<double> y = k <= 256 ? stackalloc double[k] : new double[k];
        for (int i = 0; i < k; i++) y[i] = x[i] - _loc[i];
        if (IsDiagonal)
            for (int i = 0; i < k; i++) y[i] /= _scaleTril[i * k + i];
        else
            LowerTriangular.SolveInPlace(_scaleTril, k, y);
        double squared = 0;
        for (int i = 0; i < k; i++) squared += y[i] * y[i];
        return -0.5 * squared - LowerTriangular.HalfLogDet(_scaleTril, k) - 0.5 * k * Constants.Log2Pi;
    }

    /// <summary>x = μ + L z, z ~ Normal(0, I).</summary>
    public override void Sample(Random rng, Span<double> destination)
    {
        RequireEventLength(destination.Length, nameof(destination));
        int k = EventSize;
        Span<double> z = k <= 256 ? stackalloc double[k] : new double[k];
        for (int i = 0; i < k; i++) z[i] = MN.Normal.Sample(rng, 0, 1);
        for (int i = 0; i < k; i++)
        {
            double s = _loc[i];
            for (int m = 0; m <= i; m++) s += _scaleTril[i * k + m] * z[m];
            destination[i] = s;
        }
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        int k = EventSize;
        var cov = Covariance();
        var rows = Enumerable.Range(0, k).Select(i => "[" + string.Join(", ", Enumerable.Range(0, k).Select(j => cov[i * k + j].ToString("R", CultureInfo.InvariantCulture))) + "]");
        return $"MultivariateNormal(loc=[{string.Join(", ", _loc.Select(Parameters.Format))}], covariance_matrix=[{string.Join(", ", rows)}])";
    }
}
