namespace Kullback.Distributions;

/// <summary>
/// Chi2(df): the chi-squared distribution with ν degrees of freedom, Gamma(ν/2, ½), density x^{ν/2−1} e^{−x/2} / (2^{ν/2} Γ(ν/2))
/// for x ≥ 0. Range: ν &gt; 0. As torch.distributions.Chi2 it is a <see cref="Gamma"/>, so D(Chi2‖·) and D(·‖Chi2) use the
/// Gamma closed forms (torch reaches the same functions through its subclass dispatch).
/// </summary>
public sealed class Chi2 : Gamma
{
    /// <summary>Creates Chi2(ν).</summary>
    /// <exception cref="ArgumentOutOfRangeException">ν ≤ 0 or not finite.</exception>
    public Chi2(double df) : base(0.5 * Parameters.Positive(nameof(Chi2), "df", df), 0.5) => Df = df;

    /// <summary>ν, the degrees of freedom (= 2 · concentration).</summary>
    public double Df { get; }

    /// <inheritdoc/>
    public override string Family => nameof(Chi2);

    /// <inheritdoc/>
    public override string ToString() => $"Chi2(df={Parameters.Format(Df)})";
}
