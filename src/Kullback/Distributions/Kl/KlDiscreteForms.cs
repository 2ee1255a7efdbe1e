using Kullback.Kernels;
using MathNet.Numerics;

namespace Kullback.Distributions;

public static partial class KlClosedForms
{
    /// <summary>
    /// D(Bern p‖Bern q) = p (log p − log q) + (1 − p)(log(1 − p) − log(1 − q)); a term with zero weight is 0,
    /// a term with positive weight against zero mass is +∞. Source: torch.distributions.kl._kl_bernoulli_bernoulli.
    /// </summary>
    public static double BernoulliBernoulli(Bernoulli p, Bernoulli q) => BernoulliTerms(p.Probs, q.Probs);

    private static double BernoulliTerms(double p, double q)
    {
        double onesTerm = p == 0 ? 0 : q == 0 ? double.PositiveInfinity : p * (Math.Log(p) - Math.Log(q));
        double zerosTerm = p == 1 ? 0 : q == 1 ? double.PositiveInfinity : (1 - p) * (Numerics.Log1P(-p) - Numerics.Log1P(-q));
        return onesTerm + zerosTerm;
    }

    /// <summary>
    /// D(Bin(n, p)‖Bin(m, q)): +∞ when n &gt; m; n · D(Bern p‖Bern q) when n = m (torch.distributions.kl._kl_binomial_binomial,
    /// after math.stackexchange.com/questions/2214993); when n &lt; m the exact finite sum Σₖ₌₀ⁿ P(k)(log P(k) − log Q(k)),
    /// which torch does not implement.
    /// </summary>
    public static double BinomialBinomial(Binomial p, Binomial q)
    {
        if (p.TotalCount > q.TotalCount) return double.PositiveInfinity;
        if (p.TotalCount == q.TotalCount) return p.TotalCount == 0 ? 0 : p.TotalCount * BernoulliTerms(p.Probs, q.Probs);
        var sum = new CompensatedSum();
        for (int k = 0; k <= p.TotalCount; k++)
        {
            double logP = p.LogProb(k);
            if (logP == double.NegativeInfinity) continue;
            double logQ = q.LogProb(k);
            if (logQ == double.NegativeInfinity) return double.PositiveInfinity;
            sum.Add(Math.Exp(logP) * (logP - logQ));
        }
        return sum.Value;
    }

    /// <summary>
    /// D(Cat p‖Cat q) = Σᵢ pᵢ (log pᵢ − log qᵢ), 0 · log 0 = 0, +∞ when pᵢ &gt; 0 = qᵢ.
    /// Source: torch.distributions.kl._kl_categorical_categorical.
    /// </summary>
    /// <exception cref="ArgumentException">The numbers of classes differ.</exception>
    public static double CategoricalCategorical(Categorical p, Categorical q)
    {
        if (p.Classes != q.Classes)
            throw new ArgumentException($"D(Categorical‖Categorical): P has {p.Classes} classes but Q has {q.Classes}");
        var sum = new CompensatedSum();
        for (int i = 0; i < p.Classes; i++)
        {
            double pi = p.Probs[i], qi = q.Probs[i];
            if (pi == 0) continue;
            if (qi == 0) return double.PositiveInfinity;
            sum.Add(pi * (Math.Log(pi) - Math.Log(qi)));
        }
        return sum.Value;
    }

    /// <summary>
    /// D(Geom p‖Geom q) = log(p/q) + ((1 − p)/p) (log(1 − p) − log(1 − q)); the second term is 0 when p = 1 and +∞ when q = 1 &gt; p.
    /// Source: torch.distributions.kl._kl_geometric_geometric (−H(p) − log(1 − q)/p − logit q, rearranged).
    /// </summary>
    public static double GeometricGeometric(Geometric p, Geometric q)
    {
        double logRatio = Math.Log(p.Probs) - Math.Log(q.Probs);
        double failureTerm = p.Probs == 1 ? 0 : q.Probs == 1 ? double.PositiveInfinity
            : (1 - p.Probs) / p.Probs * (Numerics.Log1P(-p.Probs) - Numerics.Log1P(-q.Probs));
        return logRatio + failureTerm;
    }

    /// <summary>
    /// D(Pois λ‖Pois μ) = λ (log λ − log μ) − (λ − μ); μ when λ = 0, +∞ when μ = 0 &lt; λ.
    /// Source: torch.distributions.kl._kl_poisson_poisson.
    /// </summary>
    public static double PoissonPoisson(Poisson p, Poisson q)
    {
        if (p.Rate == 0) return q.Rate;
        if (q.Rate == 0) return double.PositiveInfinity;
        return p.Rate * (Math.Log(p.Rate) - Math.Log(q.Rate)) - (p.Rate - q.Rate);
    }

    /// <summary>
    /// D(Bern p‖Pois λ) = −H(Bern p) − (p log λ − λ) (log 0! = log 1! = 0); 0 · log 0 = 0.
    /// Source: torch.distributions.kl._kl_bernoulli_poisson.
    /// </summary>
    public static double BernoulliPoisson(Bernoulli p, Poisson q)
    {
        if (q.Rate == 0) return p.Probs == 0 ? 0 : double.PositiveInfinity;
        return -p.Entropy() - (Numerics.XLogY(p.Probs, q.Rate) - q.Rate);
    }

    /// <summary>
    /// D(Pois λ‖Bern q): +∞ for λ &gt; 0 (P has mass on 2, 3, …); for λ = 0, P is the point mass at 0 and D = −log(1 − q).
    /// Source: torch.distributions.kl._kl_poisson_infinity (which returns +∞ for λ = 0 as well).
    /// </summary>
    public static double PoissonBernoulli(Poisson p, Bernoulli q) =>
        p.Rate > 0 ? double.PositiveInfinity : -Numerics.Log1P(-q.Probs);

    /// <summary>
    /// D(Pois λ‖Bin(n, q)): +∞ for λ &gt; 0 (P has mass beyond n); for λ = 0, D = −n log(1 − q).
    /// Source: torch.distributions.kl._kl_poisson_infinity (which returns +∞ for λ = 0 as well).
    /// </summary>
    public static double PoissonBinomial(Poisson p, Binomial q) =>
        p.Rate > 0 ? double.PositiveInfinity : q.TotalCount == 0 ? 0 : -q.TotalCount * Numerics.Log1P(-q.Probs);
}
