namespace Kullback.Distributions;

/// <summary>
/// One registered closed form D(P‖Q) for P of type <see cref="P"/> (or a subtype) and Q of type <see cref="Q"/>
/// (or a subtype), with the source it was taken from.
/// </summary>
public sealed class KlRule
{
    private readonly Func<Distribution, Distribution, double> _divergence;

    private KlRule(Type p, Type q, Func<Distribution, Distribution, double> divergence, string source)
    {
        P = p;
        Q = q;
        _divergence = divergence;
        Source = source;
    }

    /// <summary>The type of the first argument, P in D(P‖Q).</summary>
    public Type P { get; }
    /// <summary>The type of the second argument, Q in D(P‖Q).</summary>
    public Type Q { get; }
    /// <summary>Where the closed form comes from (a function of torch.distributions.kl, a paper, a derivation).</summary>
    public string Source { get; }

    /// <summary>Creates the rule for the pair (<typeparamref name="TP"/>, <typeparamref name="TQ"/>).</summary>
    public static KlRule Create<TP, TQ>(Func<TP, TQ, double> divergence, string source)
        where TP : Distribution where TQ : Distribution
    {
        ArgumentNullException.ThrowIfNull(divergence);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return new KlRule(typeof(TP), typeof(TQ), (p, q) => divergence((TP)p, (TQ)q), source);
    }

    /// <summary>True when this rule applies to the runtime types (<paramref name="p"/>, <paramref name="q"/>).</summary>
    public bool Matches(Type p, Type q) => p.IsAssignableTo(P) && q.IsAssignableTo(Q);

    /// <summary>True when every pair this rule matches is also matched by <paramref name="other"/> (this is at least as specific).</summary>
    public bool IsAtLeastAsSpecificAs(KlRule other) => P.IsAssignableTo(other.P) && Q.IsAssignableTo(other.Q);

    /// <summary>The raw closed form D(P‖Q), before clamping rounding below zero.</summary>
    /// <exception cref="ArgumentException">The arguments do not match <see cref="P"/> and <see cref="Q"/>, or their shapes disagree.</exception>
    public double Evaluate(Distribution p, Distribution q)
    {
        if (!Matches(p.GetType(), q.GetType()))
            throw new ArgumentException($"the rule D({P.Name}‖{Q.Name}) does not apply to D({p.GetType().Name}‖{q.GetType().Name})");
        return _divergence(p, q);
    }

    /// <inheritdoc/>
    public override string ToString() => $"D({P.Name}‖{Q.Name}) — {Source}";
}

/// <summary>How a divergence was obtained.</summary>
public enum KlMethod
{
    /// <summary>A registered closed form: exact up to rounding.</summary>
    ClosedForm,
    /// <summary>A Monte Carlo estimate (1/n) Σ [log p(xᵢ) − log q(xᵢ)], xᵢ ~ P, with its standard error.</summary>
    MonteCarlo,
}

/// <summary>
/// The result of D(P‖Q): the value in nats, how it was obtained, and for Monte Carlo the standard error
/// s/√n (s the sample standard deviation of log p − log q) and the sample count n. For a closed form the
/// standard error is 0 and the sample count 0.
/// </summary>
/// <param name="Value">D(P‖Q) in nats (closed form, clamped at 0) or its Monte Carlo estimate (not clamped: unbiased).</param>
/// <param name="Method">Closed form or Monte Carlo.</param>
/// <param name="StandardError">Standard error of a Monte Carlo estimate; 0 for a closed form.</param>
/// <param name="Samples">Number of Monte Carlo samples; 0 for a closed form.</param>
/// <param name="Rule">The closed form used, or null for Monte Carlo.</param>
public readonly record struct KlResult(double Value, KlMethod Method, double StandardError, long Samples, KlRule? Rule);

/// <summary>Two or more registered closed forms match a pair and none is more specific than the others.</summary>
public sealed class AmbiguousKlException(string message) : InvalidOperationException(message);
