using MN = MathNet.Numerics.Distributions;

namespace Kullback.Distributions;

/// <summary>
/// LowRankMultivariateNormal(loc, cov_factor, cov_diag) on ℝᵏ: the normal law with covariance Σ = W Wᵀ + D, W the k×r
/// cov_factor and D = diag(cov_diag) (torch.distributions.LowRankMultivariateNormal). Range: μ and W finite, r ≥ 1, Dᵢ &gt; 0.
/// Log-density, entropy and every closed form go through the Cholesky factor of the assembled Σ (<see cref="AsMultivariateNormal"/>),
/// O(k³) once at construction; sampling uses the factored form μ + W z + √D z′.
/// </summary>
public sealed class LowRankMultivariateNormal : MultivariateDistribution
{
    private readonly double[] _covFactor;
    private readonly double[] _covDiag;
    private readonly double[] _variance;

    /// <summary>Creates LowRankMultivariateNormal(μ, W, D).</summary>
    /// <param name="loc">μ, k ≥ 1 finite entries.</param>
    /// <param name="covFactor">W, row-major k×<paramref name="rank"/>, finite.</param>
    /// <param name="rank">r ≥ 1, the number of columns of W.</param>
    /// <param name="covDiag">the k diagonal entries of D, each &gt; 0.</param>
    /// <exception cref="ArgumentException">A size disagrees or an entry is outside its domain (the message names it).</exception>
    public LowRankMultivariateNormal(ReadOnlySpan<double> loc, ReadOnlySpan<double> covFactor, int rank, ReadOnlySpan<double> covDiag)
    {
        const string family = nameof(LowRankMultivariateNormal);
        int k = loc.Length;
        if (k == 0) throw new ArgumentException($"{family}: loc is empty; the dimension must be ≥ 1", nameof(loc));
        for (int i = 0; i < k; i++) Parameters.Element(family, "loc", i, loc[i], double.IsFinite(loc[i]), "finite");
        if (rank < 1) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"{family}: cov_factor needs at least one column, got rank {rank}");
        if (covFactor.Length != k * rank)
            throw new ArgumentException($"{family}: cov_factor must be {k}×{rank} = {k * rank} numbers to match loc, got {covFactor.Length}", nameof(covFactor));
        for (int i = 0; i < covFactor.Length; i++)
            if (!double.IsFinite(covFactor[i]))
                throw new ParameterDomainException("cov_factor", covFactor[i],
                    $"{family}: cov_factor[{i / rank}][{i % rank}] = {Parameters.Format(covFactor[i])} is outside its domain: finite");
        if (covDiag.Length != k)
            throw new ArgumentException($"{family}: cov_diag has {covDiag.Length} entries but loc has {k}", nameof(covDiag));
        for (int i = 0; i < k; i++)
            Parameters.Element(family, "cov_diag", i, covDiag[i], covDiag[i] > 0 && double.IsFinite(covDiag[i]), "cov_diag[i] > 0 and finite");
        Rank = rank;
        _covFactor = covFactor.ToArray();
        _covDiag = covDiag.ToArray();
        _variance = new double[k];
        var covariance = new double[k * k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = i == j ? _covDiag[i] : 0;
                for (int m = 0; m < rank; m++) s += _covFactor[i * rank + m] * _covFactor[j * rank + m];
                covariance[i * k + j] = s;
                covariance[j * k + i] = s;
                if (i == j) _variance[i] = s;
            }
        AsMultivariateNormal = new MultivariateNormal(loc, covariance);
    }

    /// <summary>The same law as a <see cref="MultivariateNormal"/> with Σ = W Wᵀ + D (its Cholesky factor computed once).</summary>
    public MultivariateNormal AsMultivariateNormal { get; }
    /// <summary>μ.</summary>
    public ReadOnlySpan<double> Loc => AsMultivariateNormal.Loc;
    /// <summary>W, row-major k×r.</summary>
    public ReadOnlySpan<double> CovFactor => _covFactor;
    /// <summary>r, the number of columns of W.</summary>
    public int Rank { get; }
    /// <summary>The diagonal of D.</summary>
    public ReadOnlySpan<double> CovDiag => _covDiag;

    /// <inheritdoc/>
    public override string Family => nameof(LowRankMultivariateNormal);
    /// <inheritdoc/>
    public override int EventSize => _covDiag.Length;
    /// <summary>E[X] = μ.</summary>
    public override ReadOnlySpan<double> Mean => AsMultivariateNormal.Mean;
    /// <summary>Var[Xᵢ] = Σⱼ Wᵢⱼ² + Dᵢ.</summary>
    public override ReadOnlySpan<double> Variance => _variance;
    /// <summary>H = (k/2)(1 + log 2π) + ½ log det(W Wᵀ + D).</summary>
    public override double Entropy() => AsMultivariateNormal.Entropy();
    /// <summary>−½ (x − μ)ᵀ Σ⁻¹ (x − μ) − ½ log det Σ − (k/2) log 2π with Σ = W Wᵀ + D.</summary>
    public override double LogProb(ReadOnlySpan<double> x) => AsMultivariateNormal.LogProb(x);

    /// <summary>x = μ + W z + √D z′ with z ~ Normal(0, I_r), z′ ~ Normal(0, I_k) (torch's rsample).</summary>
    public override void Sample(Random rng, Span<double> destination)
    {
        RequireEventLength(destination.Length, nameof(destination));
        int k = EventSize;
        Span<double> z = Rank <= 256 ? stackalloc double[Rank] : new double[Rank];
        for (int m = 0; m < Rank; m++) z[m] = MN.Normal.Sample(rng, 0, 1);
        var loc = Loc;
        for (int i = 0; i < k; i++)
        {
            double s = loc[i] + Math.Sqrt(_covDiag[i]) * MN.Normal.Sample(rng, 0, 1);
            for (int m = 0; m < Rank; m++) s += _covFactor[i * Rank + m] * z[m];
            destination[i] = s;
        }
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var rows = Enumerable.Range(0, EventSize).Select(i => "[" + string.Join(", ", Enumerable.Range(0, Rank).Select(m => Parameters.Format(_covFactor[i * Rank + m]))) + "]");
        return $"LowRankMultivariateNormal(loc=[{string.Join(", ", Loc.ToArray().Select(Parameters.Format))}], cov_factor=[{string.Join(", ", rows)}], cov_diag=[{string.Join(", ", _covDiag.Select(Parameters.Format))}])";
    }
}
