using Kullback.Kernels;
using MathNet.Numerics;

namespace Kullback.Distributions;

public static partial class KlClosedForms
{
    /// <summary>
    /// D(N(μ₁, σ₁)‖N(μ₂, σ₂)) = ½ (r + ((μ₁ − μ₂)/σ₂)² − 1 − log r), r = (σ₁/σ₂)².
    /// Source: torch.distributions.kl._kl_normal_normal.
    /// </summary>
    public static double NormalNormal(Normal p, Normal q) => NormalTerms(p.Loc, p.Scale, q.Loc, q.Scale);

    private static double NormalTerms(double locP, double scaleP, double locQ, double scaleQ)
    {
        double scaleRatio = scaleP / scaleQ;
        double varianceRatio = scaleRatio * scaleRatio;
        double standardisedShift = (locP - locQ) / scaleQ;
        return 0.5 * (varianceRatio + standardisedShift * standardisedShift - 1 - 2 * Math.Log(scaleRatio));
    }

    /// <summary>
    /// D(LogNormal(μ₁, σ₁)‖LogNormal(μ₂, σ₂)) = D(N(μ₁, σ₁)‖N(μ₂, σ₂)): KL is invariant under the common bijection exp.
    /// Source: torch.distributions.kl._kl_transformed_transformed.
    /// </summary>
    public static double LogNormalLogNormal(LogNormal p, LogNormal q) => NormalTerms(p.Loc, p.Scale, q.Loc, q.Scale);

    /// <summary>
    /// D(HalfNormal σ₁‖HalfNormal σ₂) = D(N(0, σ₁)‖N(0, σ₂)) = ½ (r − 1 − log r), r = (σ₁/σ₂)².
    /// Source: torch.distributions.kl._kl_halfnormal_halfnormal.
    /// </summary>
    public static double HalfNormalHalfNormal(HalfNormal p, HalfNormal q) => NormalTerms(0, p.Scale, 0, q.Scale);

    /// <summary>
    /// D(Laplace(μ₁, b₁)‖Laplace(μ₂, b₂)) = −log(b₁/b₂) + |μ₁ − μ₂|/b₂ + (b₁/b₂) e^{−|μ₁ − μ₂|/b₁} − 1.
    /// Source: torch.distributions.kl._kl_laplace_laplace, after Gil, Alajaji &amp; Linder (2013), gil-msc11.
    /// </summary>
    public static double LaplaceLaplace(Laplace p, Laplace q)
    {
        double scaleRatio = p.Scale / q.Scale;
        double locAbsDiff = Math.Abs(p.Loc - q.Loc);
        return -Math.Log(scaleRatio) + locAbsDiff / q.Scale + scaleRatio * Math.Exp(-locAbsDiff / p.Scale) - 1;
    }

    /// <summary>
    /// D(Gumbel(μ₁, β₁)‖Gumbel(μ₂, β₂)) = −log(β₁/β₂) − μ₂/β₂ + μ₁/β₂ + γ β₁/β₂ + exp(μ₂/β₂ + log Γ(1 + β₁/β₂) − μ₁/β₂) − (1 + γ).
    /// Source: torch.distributions.kl._kl_gumbel_gumbel.
    /// </summary>
    public static double GumbelGumbel(Gumbel p, Gumbel q)
    {
        double scaleRatio = p.Scale / q.Scale;
        double locQOverScaleQ = q.Loc / q.Scale;
        double locPOverScaleQ = p.Loc / q.Scale;
        double t1 = -Math.Log(scaleRatio) - locQOverScaleQ + locPOverScaleQ;
        double t2 = scaleRatio * Constants.EulerGamma;
        double t3 = Math.Exp(locQOverScaleQ + GammaFunctions.LogGamma(1 + scaleRatio) - locPOverScaleQ);
        return t1 + t2 + t3 - (1 + Constants.EulerGamma);
    }

    /// <summary>D(Exp λ₁‖Exp λ₂) = −log(λ₂/λ₁) + λ₂/λ₁ − 1. Source: torch.distributions.kl._kl_exponential_exponential.</summary>
    public static double ExponentialExponential(Exponential p, Exponential q)
    {
        double rateRatio = q.Rate / p.Rate;
        return -Math.Log(rateRatio) + rateRatio - 1;
    }

    /// <summary>
    /// D(Gamma(α₁, β₁)‖Gamma(α₂, β₂)) = α₂ log(β₁/β₂) + log Γ(α₂) − log Γ(α₁) + (α₁ − α₂) ψ(α₁) + (β₂ − β₁) α₁/β₁.
    /// Source: torch.distributions.kl._kl_gamma_gamma.
    /// </summary>
    public static double GammaGamma(Gamma p, Gamma q)
    {
        double t1 = q.Concentration * Math.Log(p.Rate / q.Rate);
        double t2 = GammaFunctions.LogGamma(q.Concentration) - GammaFunctions.LogGamma(p.Concentration);
        double t3 = (p.Concentration - q.Concentration) * GammaFunctions.Digamma(p.Concentration);
        double t4 = (q.Rate - p.Rate) * (p.Concentration / p.Rate);
        return t1 + t2 + t3 + t4;
    }

    /// <summary>
    /// D(Beta(a₁, b₁)‖Beta(a₂, b₂)) = log B(a₂, b₂) − log B(a₁, b₁) + (a₁ − a₂) ψ(a₁) + (b₁ − b₂) ψ(b₁) + (a₂ + b₂ − a₁ − b₁) ψ(a₁ + b₁),
    /// evaluated as −H(P) + log B(a₂, b₂) + (a₂ − 1)(ψ(c₁) − ψ(a₁)) + (b₂ − 1)(ψ(c₁) − ψ(b₁)), c₁ = a₁ + b₁, so the
    /// accurate entropy and ψ increments carry over. Source: torch.distributions.kl._kl_beta_beta.
    /// </summary>
    public static double BetaBeta(Beta p, Beta q) =>
        -p.Entropy() + GammaFunctions.LogBeta(q.Concentration1, q.Concentration0)
        + (q.Concentration1 - 1) * p.MeanLogGap1() + (q.Concentration0 - 1) * p.MeanLogGap0();

    /// <summary>
    /// D(Dir α‖Dir β) = log Γ(α₀) − log Γ(β₀) − Σ (log Γ(αᵢ) − log Γ(βᵢ)) + Σ (αᵢ − βᵢ)(ψ(αᵢ) − ψ(α₀)).
    /// Source: torch.distributions.kl._kl_dirichlet_dirichlet, after bariskurt.com/kullback-leibler-divergence-between-two-dirichlet-and-beta-distributions.
    /// </summary>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    public static double DirichletDirichlet(Dirichlet p, Dirichlet q)
    {
        if (p.EventSize != q.EventSize)
            throw new ArgumentException($"D(Dirichlet‖Dirichlet): P has {p.EventSize} components but Q has {q.EventSize}");
        double totalP = p.Total, totalQ = q.Total;
        double digammaTotalP = GammaFunctions.Digamma(totalP);
        var sum = new CompensatedSum();
        sum.Add(GammaFunctions.LogGamma(totalP));
        sum.Add(-GammaFunctions.LogGamma(totalQ));
        for (int i = 0; i < p.EventSize; i++)
        {
            double a = p.Concentration[i], b = q.Concentration[i];
            sum.Add(-(GammaFunctions.LogGamma(a) - GammaFunctions.LogGamma(b)));
            sum.Add((a - b) * (GammaFunctions.Digamma(a) - digammaTotalP));
        }
        return sum.Value;
    }

    /// <summary>
    /// D(U(a₁, b₁)‖U(a₂, b₂)) = log((b₂ − a₂)/(b₁ − a₁)) when [a₁, b₁] ⊆ [a₂, b₂], +∞ otherwise.
    /// Source: torch.distributions.kl._kl_uniform_uniform.
    /// </summary>
    public static double UniformUniform(Uniform p, Uniform q) =>
        q.Low > p.Low || q.High < p.High ? double.PositiveInfinity : Math.Log((q.High - q.Low) / (p.High - p.Low));

    /// <summary>
    /// D(Pareto(s₁, α₁)‖Pareto(s₂, α₂)) = α₂ log(s₁/s₂) − log(α₂/α₁) + α₂/α₁ − 1 when s₁ ≥ s₂, +∞ otherwise.
    /// Source: torch.distributions.kl._kl_pareto_pareto, after Gil, Alajaji &amp; Linder (2013), gil-msc11.
    /// </summary>
    public static double ParetoPareto(Pareto p, Pareto q)
    {
        if (p.Scale < q.Scale) return double.PositiveInfinity;
        double alphaRatio = q.Alpha / p.Alpha;
        return q.Alpha * Math.Log(p.Scale / q.Scale) - Math.Log(alphaRatio) + alphaRatio - 1;
    }

    /// <summary>
    /// D(N(μ₁, L₁L₁ᵀ)‖N(μ₂, L₂L₂ᵀ)) = Σ log L₂ᵢᵢ − Σ log L₁ᵢᵢ + ½ (‖L₂⁻¹L₁‖²_F + ‖L₂⁻¹(μ₂ − μ₁)‖² − k).
    /// Source: torch.distributions.kl._kl_multivariatenormal_multivariatenormal (Wikipedia, Multivariate normal distribution, KL divergence).
    /// </summary>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    public static double MultivariateNormalMultivariateNormal(MultivariateNormal p, MultivariateNormal q)
    {
        int k = p.EventSize;
        if (q.EventSize != k)
            throw new ArgumentException($"D(MultivariateNormal‖MultivariateNormal): P has dimension {k} but Q has {q.EventSize}");
        var lp = p.ScaleTril;
        var lq = q.ScaleTril;
        double halfLogDetRatio = LowerTriangular.HalfLogDet(lq, k) - LowerTriangular.HalfLogDet(lp, k);
        var column = new double[k];
        var traceTerm = new CompensatedSum();
        for (int j = 0; j < k; j++)
        {
            for (int i = 0; i < k; i++) column[i] = lp[i * k + j];
            if (q.IsDiagonal) for (int i = 0; i < k; i++) column[i] /= lq[i * k + i];
            else LowerTriangular.SolveInPlace(lq, k, column);
            for (int i = 0; i < k; i++) traceTerm.Add(column[i] * column[i]);
        }
        for (int i = 0; i < k; i++) column[i] = q.Loc[i] - p.Loc[i];
        if (q.IsDiagonal) for (int i = 0; i < k; i++) column[i] /= lq[i * k + i];
        else LowerTriangular.SolveInPlace(lq, k, column);
        var mahalanobis = new CompensatedSum();
        for (int i = 0; i < k; i++) mahalanobis.Add(column[i] * column[i]);
        return halfLogDetRatio + 0.5 * (traceTerm.Value + mahalanobis.Value - k);
    }

    /// <summary>
    /// D(Independent(P₀, k)‖Independent(Q₀, k)) = k · D(P₀‖Q₀), with D(P₀‖Q₀) dispatched through <see cref="KlRegistry.Default"/>.
    /// Source: torch.distributions.kl._kl_independent_independent.
    /// </summary>
    /// <exception cref="ArgumentException">The counts differ.</exception>
    /// <exception cref="NotSupportedException">No closed form is registered for the base pair.</exception>
    public static double IndependentIndependent(Independent p, Independent q)
    {
        if (p.Count != q.Count) throw new ArgumentException($"D(Independent‖Independent): P has {p.Count} coordinates but Q has {q.Count}");
        return p.Count * KlRegistry.Default.Divergence(p.Base, q.Base);
    }
}
