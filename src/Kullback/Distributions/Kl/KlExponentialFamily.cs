using Kullback.Kernels;
using MathNet.Numerics;

namespace Kullback.Distributions;

public static partial class KlClosedForms
{
    /// <summary>
    /// torch's ExponentialFamily‖ExponentialFamily rule (torch.distributions.kl._kl_expfamily_expfamily): for P and Q of the same
    /// exponential family with natural parameters η_p, η_q and log-normaliser A,
    /// D(P‖Q) = A(η_q) − A(η_p) − ⟨η_q − η_p, ∇A(η_p)⟩, the Bregman divergence of A (∇A(η_p) = E_P[T(X)], which torch gets by
    /// autograd and Kullback writes out). Families: Bernoulli, Poisson, Exponential, Normal, Gamma, Chi2, Beta, Dirichlet,
    /// ContinuousBernoulli, with torch's natural parameters and log-normalisers.
    /// Not in <see cref="Rules"/>: every one of these families has its own same-family closed form, which is more specific, so
    /// (as in torch) the rule is never the one dispatch picks; it is exposed as an independent check of those forms.
    /// </summary>
    /// <exception cref="NotSupportedException">P and Q are of different types, or of a type that is not listed (torch: NotImplementedError).</exception>
    /// <exception cref="ArgumentException">A parameter on the boundary of the natural domain (Bernoulli p ∈ {0, 1}, Poisson rate 0), or dimensions that differ.</exception>
    public static double ExponentialFamilyBregman(Distribution p, Distribution q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (p.GetType() != q.GetType())
            throw new NotSupportedException($"the Bregman rule needs P and Q of one exponential family; got {p.GetType().Name} and {q.GetType().Name}");
        var (etaP, logNormalizerP, meanStatisticsP) = NaturalForm(p);
        var (etaQ, logNormalizerQ, _) = NaturalForm(q);
        if (etaP.Length != etaQ.Length)
            throw new ArgumentException($"{p.Family}: P has {etaP.Length} natural parameters and Q has {etaQ.Length}");
        var sum = new CompensatedSum();
        sum.Add(logNormalizerQ);
        sum.Add(-logNormalizerP);
        for (int i = 0; i < etaP.Length; i++) sum.Add(-(etaQ[i] - etaP[i]) * meanStatisticsP[i]);
        return sum.Value;
    }

    /// <summary>(η, A(η), ∇A(η) = E[T(X)]) in torch's parameterisation of each family.</summary>
    private static (double[] Eta, double LogNormalizer, double[] MeanStatistics) NaturalForm(Distribution d)
    {
        switch (d)
        {
            case Bernoulli b:
                RequireInterior(b.Probs > 0 && b.Probs < 1, d);
                double logit = Math.Log(b.Probs) - Numerics.Log1P(-b.Probs);
                return ([logit], Numerics.Softplus(logit), [b.Probs]);
            case Poisson poisson:
                RequireInterior(poisson.Rate > 0, d);
                return ([Math.Log(poisson.Rate)], poisson.Rate, [poisson.Rate]);
            case Exponential e:
                return ([-e.Rate], -Math.Log(e.Rate), [1 / e.Rate]);
            case Normal n:
            {
                double variance = n.Scale * n.Scale;
                double eta1 = n.Loc / variance, eta2 = -0.5 / variance;
                return ([eta1, eta2], -eta1 * eta1 / (4 * eta2) + 0.5 * Math.Log(-Math.PI / eta2), [n.Loc, n.Loc * n.Loc + variance]);
            }
            case Gamma g: // Chi2 included: torch's Chi2 inherits Gamma's natural parameters
                return ([g.Concentration - 1, -g.Rate],
                    GammaFunctions.LogGamma(g.Concentration) - g.Concentration * Math.Log(g.Rate),
                    [GammaFunctions.Digamma(g.Concentration) - Math.Log(g.Rate), g.Concentration / g.Rate]);
            case Beta beta:
            {
                double a = beta.Concentration1, b0 = beta.Concentration0, digammaSum = GammaFunctions.Digamma(a + b0);
                return ([a, b0], GammaFunctions.LogGamma(a) + GammaFunctions.LogGamma(b0) - GammaFunctions.LogGamma(a + b0),
                    [GammaFunctions.Digamma(a) - digammaSum, GammaFunctions.Digamma(b0) - digammaSum]);
            }
            case Dirichlet dirichlet:
            {
                var alpha = dirichlet.Concentration.ToArray();
                double total = alpha.Sum();
                double logNormalizer = alpha.Sum(GammaFunctions.LogGamma) - GammaFunctions.LogGamma(total);
                double digammaTotal = GammaFunctions.Digamma(total);
                return (alpha, logNormalizer, alpha.Select(a => GammaFunctions.Digamma(a) - digammaTotal).ToArray());
            }
            case ContinuousBernoulli cb:
                return ([cb.Logits], ContinuousBernoulliLogNormalizerOfLogits(cb.Logits), [cb.Mean]);
            default:
                throw new NotSupportedException($"{d.GetType().Name} has no exponential-family form in Kullback");
        }
    }

    /// <summary>
    /// A(η) = log((e^η − 1)/η) for ContinuousBernoulli in its natural parameter, as torch's _log_normalizer:
    /// ½η + η²/24 − η⁴/2880 for −0.001 &lt; η ≤ 0.001.
    /// </summary>
    private static double ContinuousBernoulliLogNormalizerOfLogits(double eta) =>
        eta <= -0.001 || eta > 0.001
            ? Math.Log(Math.Abs(Math.Exp(eta) - 1)) - Math.Log(Math.Abs(eta))
            : 0.5 * eta + eta * eta / 24 - Math.Pow(eta, 4) / 2880;

    private static void RequireInterior(bool interior, Distribution d)
    {
        if (!interior)
            throw new ArgumentException($"{d}: the parameter is on the boundary of the natural parameter space, where the Bregman form is undefined");
    }
}
