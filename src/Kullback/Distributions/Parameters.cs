using System.Globalization;

namespace Kullback.Distributions;

/// <summary>Validation of distribution parameters: every error names the family, the parameter, its value and its domain.</summary>
internal static class Parameters
{
    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static ParameterDomainException Error(string family, string name, double value, string domain) =>
        new(name, value, $"{family}: {name} = {Format(value)} is outside its domain: {domain}");

    /// <summary>Requires a finite real.</summary>
    internal static double Finite(string family, string name, double value) =>
        double.IsFinite(value) ? value : throw Error(family, name, value, $"{name} must be a finite real number");

    /// <summary>Requires 0 &lt; value &lt; ∞.</summary>
    internal static double Positive(string family, string name, double value) =>
        value > 0 && double.IsFinite(value) ? value : throw Error(family, name, value, $"{name} > 0 and finite");

    /// <summary>Requires 0 ≤ value &lt; ∞.</summary>
    internal static double NonNegative(string family, string name, double value) =>
        value >= 0 && double.IsFinite(value) ? value : throw Error(family, name, value, $"{name} ≥ 0 and finite");

    /// <summary>Requires 0 ≤ value ≤ 1.</summary>
    internal static double Probability(string family, string name, double value) =>
        value is >= 0 and <= 1 ? value : throw Error(family, name, value, $"0 ≤ {name} ≤ 1");

    /// <summary>Requires an element of a vector to satisfy a predicate; the message names the index.</summary>
    internal static void Element(string family, string name, int index, double value, bool ok, string domain)
    {
        if (!ok)
            throw new ParameterDomainException(name, value,
                $"{family}: {name}[{index.ToString(CultureInfo.InvariantCulture)}] = {Format(value)} is outside its domain: {domain}");
    }
}

/// <summary>
/// A distribution parameter outside its domain. The message is exactly "Family: name = value is outside its domain: domain",
/// one line, without the "(Parameter …)" suffix .NET adds; <see cref="ArgumentException.ParamName"/> and
/// <see cref="ArgumentOutOfRangeException.ActualValue"/> carry the name and value.
/// </summary>
public sealed class ParameterDomainException(string parameter, object? value, string message)
    : ArgumentOutOfRangeException(parameter, value, message)
{
    private readonly string _message = message;

    /// <inheritdoc/>
    public override string Message => _message;
}

/// <summary>Named constants used by the closed forms.</summary>
internal static class Constants
{
    /// <summary>Euler–Mascheroni constant γ = −ψ(1).</summary>
    internal const double EulerGamma = 0.57721566490153286060651209008240243;
    /// <summary>log(2π).</summary>
    internal const double Log2Pi = 1.83787706640934548356065947281123527;
    /// <summary>log √(2π) = ½ log(2π).</summary>
    internal const double LogSqrt2Pi = 0.91893853320467274178032973640561764;
}
