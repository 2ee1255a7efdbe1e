namespace Kullback.Measures;

/// <summary>
/// The unit of an information measure: the base b of the logarithm. A value in nats x becomes x / ln b in base b.
/// <see cref="Nats"/> (b = e) is the default (<c>default(LogBase)</c> is nats); <see cref="Bits"/> (b = 2) and
/// <see cref="Bans"/> (b = 10, also called hartleys) are named; any base b &gt; 0, b ≠ 1 is allowed through <see cref="Of"/>.
/// For 0 &lt; b &lt; 1 the logarithm is negative, so every measure changes sign.
/// </summary>
public readonly struct LogBase : IEquatable<LogBase>
{
    private readonly double _base;   // 0 in default(LogBase): nats
    private readonly double _lnBase; // ln b, 0 for nats
    private readonly string? _name;

    private LogBase(double @base, double lnBase, string name)
    {
        _base = @base;
        _lnBase = lnBase;
        _name = name;
    }

    /// <summary>Natural logarithm, b = e: values in nats. The default.</summary>
    public static LogBase Nats => default;

    /// <summary>Base 2: values in bits (shannons). x bits = x_nats / ln 2.</summary>
    public static LogBase Bits { get; } = new(2.0, Math.Log(2.0), "bits");

    /// <summary>Base 10: values in bans (hartleys, dits). x bans = x_nats / ln 10.</summary>
    public static LogBase Bans { get; } = new(10.0, Math.Log(10.0), "bans");

    /// <summary>The unit of logarithms to base <paramref name="base"/>; 2, e and 10 give the named units.</summary>
    /// <param name="base">The base b. Range: b &gt; 0, b ≠ 1, finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="base"/> is not finite, ≤ 0 or 1.</exception>
    public static LogBase Of(double @base)
    {
        if (!double.IsFinite(@base) || @base <= 0 || @base == 1)
            throw new ArgumentOutOfRangeException(nameof(@base), @base, $"base = {@base.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}: a logarithm base must be finite, > 0 and ≠ 1");
        if (@base == Math.E) return Nats;
        if (@base == 2.0) return Bits;
        if (@base == 10.0) return Bans;
        return new LogBase(@base, Math.Log(@base), $"base-{@base.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} units");
    }

    /// <summary>The base b of the logarithm (e for nats).</summary>
    public double Base => _name is null ? Math.E : _base;

    /// <summary>ln b: the factor between this unit and nats (1 for nats).</summary>
    public double LnBase => _name is null ? 1.0 : _lnBase;

    /// <summary>The unit's name for output: "nats", "bits", "bans" or "base-b units".</summary>
    public string Name => _name ?? "nats";

    /// <summary>Converts a value in nats to this unit: x / ln b. ±∞ stays infinite (sign flips when b &lt; 1).</summary>
    /// <param name="nats">A value computed with natural logarithms.</param>
    public double FromNats(double nats) => _name is null ? nats : nats / _lnBase;

    /// <inheritdoc/>
    public bool Equals(LogBase other) => Base == other.Base;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is LogBase other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Base.GetHashCode();

    /// <summary>True when both are the same base.</summary>
    public static bool operator ==(LogBase left, LogBase right) => left.Equals(right);

    /// <summary>True when the bases differ.</summary>
    public static bool operator !=(LogBase left, LogBase right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
