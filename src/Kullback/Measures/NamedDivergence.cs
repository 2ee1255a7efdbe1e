using System.Globalization;

namespace Kullback.Measures;

/// <summary>
/// A divergence family member named as on the command line: <c>hellinger</c>, <c>bhattacharyya</c>,
/// <c>total_variation</c>, <c>chi2</c>, <c>renyi:A</c>, <c>tsallis:A</c>, <c>renyi_entropy:A</c>, <c>tsallis_entropy:A</c>
/// (A a number, or <c>inf</c> for α = ∞ where allowed). Parsing checks the name and α before any work; evaluation calls
/// the one implementation of each formula (<see cref="Hellinger"/>, <see cref="TotalVariation"/>, <see cref="Renyi"/>,
/// <see cref="Tsallis"/>). The entropies are of P.
/// </summary>
public readonly record struct NamedDivergence
{
    private NamedDivergence(string name, string family, double alpha)
    {
        Name = name;
        Family = family;
        Alpha = alpha;
    }

    /// <summary>The name as given (the key of the output object).</summary>
    public string Name { get; }

    /// <summary>The family: hellinger, bhattacharyya, total_variation, chi2, renyi, tsallis, renyi_entropy, tsallis_entropy.</summary>
    public string Family { get; }

    /// <summary>α of the parametrised families; NaN for the others.</summary>
    public double Alpha { get; }

    /// <summary>True when the value depends on the logarithm base (bhattacharyya, renyi, renyi_entropy).</summary>
    public bool UsesLogBase => Family is "bhattacharyya" or "renyi" or "renyi_entropy";

    /// <summary>The names accepted, for messages.</summary>
    public const string Accepted = "hellinger, bhattacharyya, total_variation, chi2, renyi:A, tsallis:A, renyi_entropy:A, tsallis_entropy:A";

    /// <summary>Parses one name such as <c>renyi:0.5</c>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The parsed divergence.</returns>
    /// <exception cref="ArgumentException">Unknown name, a missing or extra α, or α out of the family's range.</exception>
    public static NamedDivergence Parse(string name)
    {
        string trimmed = name.Trim();
        int colon = trimmed.IndexOf(':');
        string family = colon < 0 ? trimmed : trimmed[..colon];
        bool parametrised = family is "renyi" or "tsallis" or "renyi_entropy" or "tsallis_entropy";
        if (!parametrised && family is not ("hellinger" or "bhattacharyya" or "total_variation" or "chi2"))
            throw new ArgumentException($"'{trimmed}' is not a divergence: use {Accepted}", nameof(name));
        if (!parametrised)
        {
            if (colon >= 0) throw new ArgumentException($"'{trimmed}': {family} takes no order α", nameof(name));
            return new NamedDivergence(trimmed, family, double.NaN);
        }
        if (colon < 0) throw new ArgumentException($"'{trimmed}': {family} needs an order, e.g. {family}:0.5", nameof(name));
        string text = trimmed[(colon + 1)..];
        double alpha = text is "inf" or "Infinity" or "∞" ? double.PositiveInfinity
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double a) ? a
            : throw new ArgumentException($"'{trimmed}': order '{text}' is not a number", nameof(name));
        try
        {
            switch (family)
            {
                case "renyi": DenseProbabilities.CheckOrder(alpha, "Rényi divergence", 0, false, true); break;
                case "tsallis": DenseProbabilities.CheckOrder(alpha, "Tsallis relative entropy", 0, false, false); break;
                case "renyi_entropy": DenseProbabilities.CheckOrder(alpha, "Rényi entropy", 0, true, true); break;
                default: DenseProbabilities.CheckOrder(alpha, "Tsallis entropy", 0, true, false); break;
            }
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"'{trimmed}': {e.Message.Split(" (Parameter")[0]}", nameof(name));
        }
        return new NamedDivergence(trimmed, family, alpha);
    }

    /// <summary>Parses a comma-separated list; every name is checked before any is used.</summary>
    /// <param name="names">e.g. <c>hellinger,renyi:0.5</c>.</param>
    /// <returns>The parsed list, in order.</returns>
    /// <exception cref="ArgumentException">An empty list or a bad name.</exception>
    public static IReadOnlyList<NamedDivergence> ParseList(string names)
    {
        var parts = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new ArgumentException($"no divergence named: use {Accepted}", nameof(names));
        return parts.Select(Parse).ToArray();
    }

    /// <summary>The value of this measure for P and Q (the entropies ignore Q), in <paramref name="unit"/> where log-based.</summary>
    /// <param name="p">P.</param>
    /// <param name="q">Q.</param>
    /// <param name="unit">The logarithm base of the log-based measures.</param>
    /// <param name="normalize">Normalise instead of rejecting sums that are not 1.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">Invalid input.</exception>
    public double Evaluate(CategoricalSpan<double> p, CategoricalSpan<double> q, LogBase unit = default, bool normalize = false) =>
        Family switch
        {
            "hellinger" => Hellinger.Distance(p, q, normalize),
            "bhattacharyya" => Hellinger.Bhattacharyya(p, q, unit, normalize),
            "total_variation" => TotalVariation.Distance(p, q, normalize),
            "chi2" => TotalVariation.PearsonChiSquared(p, q, normalize),
            "renyi" => Renyi.Divergence(p, q, Alpha, unit, normalize),
            "tsallis" => Tsallis.RelativeEntropy(p, q, Alpha, normalize),
            "renyi_entropy" => Renyi.Entropy(p, Alpha, unit, normalize),
            _ => Tsallis.Entropy(p, Alpha, normalize),
        };
}
