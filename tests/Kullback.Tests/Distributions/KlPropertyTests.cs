using CsCheck;
using Kullback.Distributions;

namespace Kullback.Tests.Distributions;

/// <summary>
/// Identities of D(P‖Q) over random parameters (CsCheck): the raw closed form (before clamping) is ≥ 0 up to rounding,
/// D(P‖P) = 0, and with a common location shift the location-scale forms are unchanged.
/// </summary>
public class KlPropertyTests
{
    private static readonly Gen<double> Positive = Gen.Double[0.2, 5];
    private static readonly Gen<double> Location = Gen.Double[-3, 3];
    private static readonly Gen<double> Probability = Gen.Double[0.02, 0.98];

    private static readonly Gen<Distribution> Continuous = Gen.OneOf(
        Gen.Select(Location, Positive, (m, s) => (Distribution)new Normal(m, s)),
        Gen.Select(Location, Positive, (m, s) => (Distribution)new LogNormal(m, s)),
        Positive.Select(s => (Distribution)new HalfNormal(s)),
        Gen.Select(Location, Positive, (m, s) => (Distribution)new Laplace(m, s)),
        Gen.Select(Location, Positive, (m, s) => (Distribution)new Gumbel(m, s)),
        Positive.Select(r => (Distribution)new Exponential(r)),
        Gen.Select(Positive, Positive, (a, b) => (Distribution)new Gamma(a, b)),
        Gen.Select(Positive, Positive, (a, b) => (Distribution)new Beta(a, b)),
        Gen.Select(Location, Positive, (a, w) => (Distribution)new Uniform(a, a + w)),
        Gen.Select(Positive, Gen.Double[0.5, 8], (s, a) => (Distribution)new Pareto(s, a)));

    private static readonly Gen<Distribution> Discrete = Gen.OneOf(
        Probability.Select(p => (Distribution)new Bernoulli(p)),
        Gen.Select(Gen.Int[0, 12], Probability, (n, p) => (Distribution)new Binomial(n, p)),
        Probability.Select(p => (Distribution)new Geometric(p)),
        Positive.Select(r => (Distribution)new Poisson(r)),
        Gen.Double[0.01, 1].Array[3].Select(w => (Distribution)new Categorical(w, normalize: true)),
        Positive.Array[3].Select(a => (Distribution)new Dirichlet(a)));

    private static readonly Gen<Distribution> Any = Gen.OneOf(Continuous, Discrete);

    [Fact]
    public void RawClosedFormIsNonNegativeUpToRounding() =>
        Gen.Select(Any, Any).Sample((p, q) =>
        {
            var rule = KlRegistry.Default.Resolve(p.GetType(), q.GetType());
            if (rule is null || p.EventSize != q.EventSize) return true;
            if (p is Binomial bp && q is Binomial bq && bp.TotalCount > bq.TotalCount) return KlRegistry.Default.Divergence(p, q) == double.PositiveInfinity;
            double raw = rule.Evaluate(p, q);
            return !double.IsNaN(raw) && raw >= -1e-12 * Math.Max(1, Math.Abs(p.Entropy()) + Math.Abs(q.Entropy()));
        }, iter: 2000);

    [Fact]
    public void DivergenceOfADistributionFromItselfIsZero() =>
        Any.Sample(p =>
        {
            var rule = KlRegistry.Default.Resolve(p.GetType(), p.GetType());
            return rule is null || Math.Abs(rule.Evaluate(p, p)) <= 1e-12 * Math.Max(1, Math.Abs(p.Entropy()));
        }, iter: 1000);

    [Fact]
    public void LocationScaleFormsAreShiftInvariant() =>
        Gen.Select(Location, Positive, Location, Positive, Location).Sample((m1, s1, m2, s2, shift) =>
        {
            double Close(double a, double b) => Math.Abs(a - b) <= 1e-10 * Math.Max(1, Math.Abs(a)) ? 0 : 1;
            double bad = Close(KlRegistry.Default.Divergence(new Normal(m1, s1), new Normal(m2, s2)), KlRegistry.Default.Divergence(new Normal(m1 + shift, s1), new Normal(m2 + shift, s2)))
                + Close(KlRegistry.Default.Divergence(new Laplace(m1, s1), new Normal(m2, s2)), KlRegistry.Default.Divergence(new Laplace(m1 + shift, s1), new Normal(m2 + shift, s2)))
                + Close(KlRegistry.Default.Divergence(new Normal(m1, s1), new Laplace(m2, s2)), KlRegistry.Default.Divergence(new Normal(m1 + shift, s1), new Laplace(m2 + shift, s2)))
                + Close(KlRegistry.Default.Divergence(new Gumbel(m1, s1), new Gumbel(m2, s2)), KlRegistry.Default.Divergence(new Gumbel(m1 + shift, s1), new Gumbel(m2 + shift, s2)))
                + Close(KlRegistry.Default.Divergence(new Normal(m1, s1), new Gumbel(m2, s2)), KlRegistry.Default.Divergence(new Normal(m1 + shift, s1), new Gumbel(m2 + shift, s2)));
            return bad == 0;
        });
}
