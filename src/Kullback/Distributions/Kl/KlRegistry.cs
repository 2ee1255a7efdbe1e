using System.Collections.Concurrent;

namespace Kullback.Distributions;

/// <summary>
/// The closed-form KL registry: an explicit list of rules D(P‖Q) keyed by (type P, type Q).
/// Dispatch on the runtime types: the exact pair first; otherwise the most specific matching rule, where rule A is
/// more specific than B when A.P ⊆ B.P and A.Q ⊆ B.Q as types. When several matching rules are minimal the pair is
/// ambiguous and dispatch throws <see cref="AmbiguousKlException"/> (torch.distributions warns and picks one).
/// An unregistered pair throws <see cref="NotSupportedException"/> naming both types, unless a Monte Carlo estimate is asked for.
/// </summary>
public sealed class KlRegistry
{
    private readonly KlRule[] _rules;
    private readonly Dictionary<(Type, Type), KlRule> _exact;
    private readonly ConcurrentDictionary<(Type, Type), KlRule?> _resolved = new();

    /// <summary>Builds a registry from an explicit list of rules.</summary>
    /// <exception cref="ArgumentException">Two rules are registered for the same (P, Q) pair.</exception>
    public KlRegistry(IEnumerable<KlRule> rules)
    {
        _rules = rules.ToArray();
        _exact = new Dictionary<(Type, Type), KlRule>(_rules.Length);
        foreach (var rule in _rules)
            if (!_exact.TryAdd((rule.P, rule.Q), rule))
                throw new ArgumentException($"D({rule.P.Name}‖{rule.Q.Name}) is registered twice", nameof(rules));
    }

    /// <summary>The registry of every closed form Kullback ships (see <see cref="KlClosedForms.Rules"/>).</summary>
    public static KlRegistry Default { get; } = new(KlClosedForms.Rules());

    /// <summary>The registered rules, in registration order.</summary>
    public IReadOnlyList<KlRule> Rules => _rules;

    /// <summary>The rule used for D(P‖Q) with these runtime types, or null when none matches.</summary>
    /// <exception cref="AmbiguousKlException">Several rules match and none is more specific than all the others.</exception>
    public KlRule? Resolve(Type p, Type q)
    {
        if (_exact.TryGetValue((p, q), out var exact)) return exact;
        return _resolved.GetOrAdd((p, q), static (key, self) => self.MostSpecific(key.Item1, key.Item2), this);
    }

    private KlRule? MostSpecific(Type p, Type q)
    {
        var matching = _rules.Where(r => r.Matches(p, q)).ToList();
        var minimal = matching.Where(a => !matching.Any(b => !ReferenceEquals(a, b) && b.IsAtLeastAsSpecificAs(a) && !a.IsAtLeastAsSpecificAs(b))).ToList();
        return minimal.Count switch
        {
            0 => null,
            1 => minimal[0],
            _ => throw new AmbiguousKlException(
                $"D({p.Name}‖{q.Name}) is ambiguous: {string.Join(" and ", minimal.Select(r => $"D({r.P.Name}‖{r.Q.Name})"))} match and neither is more specific; register D({p.Name}‖{q.Name}) explicitly"),
        };
    }

    /// <summary>D(P‖Q) = E_P[log p(X) − log q(X)] in nats by a registered closed form; rounding below zero is clamped to 0, +∞ when P is not absolutely continuous w.r.t. Q.</summary>
    /// <exception cref="NotSupportedException">No closed form is registered for the pair (the message names both types).</exception>
    /// <exception cref="AmbiguousKlException">The pair is ambiguous.</exception>
    /// <exception cref="ArgumentException">The shapes of P and Q disagree (e.g. dimensions).</exception>
    public double Divergence(Distribution p, Distribution q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        var rule = Resolve(p.GetType(), q.GetType())
            ?? throw new NotSupportedException($"no closed form for D({p.GetType().Name}‖{q.GetType().Name}) is registered; ask for a Monte Carlo estimate");
        return ClampRounding(rule.Evaluate(p, q));
    }

    /// <summary>
    /// D(P‖Q) by closed form when one is registered; otherwise, when <paramref name="monteCarloSamples"/> &gt; 0, the
    /// Monte Carlo estimate with <paramref name="monteCarloSamples"/> draws from P using <paramref name="rng"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">No closed form and no Monte Carlo requested (<paramref name="monteCarloSamples"/> = 0).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="monteCarloSamples"/> &lt; 0.</exception>
    public KlResult Divergence(Distribution p, Distribution q, int monteCarloSamples, Random? rng)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentOutOfRangeException.ThrowIfNegative(monteCarloSamples);
        var rule = Resolve(p.GetType(), q.GetType());
        if (rule is not null) return new KlResult(ClampRounding(rule.Evaluate(p, q)), KlMethod.ClosedForm, 0, 0, rule);
        if (monteCarloSamples == 0)
            throw new NotSupportedException($"no closed form for D({p.GetType().Name}‖{q.GetType().Name}) is registered; ask for a Monte Carlo estimate");
        ArgumentNullException.ThrowIfNull(rng);
        var estimate = KlMonteCarlo.Estimate(p, q, monteCarloSamples, rng);
        return new KlResult(estimate.Value, KlMethod.MonteCarlo, estimate.StandardError, estimate.Samples, null);
    }

    /// <summary>Rounding can push an exact zero slightly negative; D ≥ 0 always, so values below zero become 0 (NaN stays NaN).</summary>
    private static double ClampRounding(double value) => value < 0 ? 0 : value;
}
