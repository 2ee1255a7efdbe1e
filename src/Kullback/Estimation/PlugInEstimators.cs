using Kullback.Measures;

namespace Kullback.Estimation;

/// <summary>
/// Plug-in (maximum-likelihood) estimates of entropy, KL, JS and PSI from category counts, with additive smoothing:
/// p̂ᵢ = (cᵢ + α) / (N + K·α), where N = Σ cᵢ and K the number of categories. α = 0 is no smoothing,
/// α = 1 Laplace, α = ½ Jeffreys (Krichevsky–Trofimov), any α ≥ 0 allowed. Results in nats; 0·log 0 = 0.
/// Without smoothing, a category counted in P but never in Q makes D(P‖Q) = +∞ (see <see cref="FirstUnsupportedCategory"/>).
/// The measures themselves are those of <see cref="Kullback.Measures"/> applied to p̂ and q̂.
/// </summary>
public static class PlugInEstimators
{
    /// <summary>Laplace smoothing: α = 1.</summary>
    public const double Laplace = 1.0;

    /// <summary>Jeffreys (Krichevsky–Trofimov) smoothing: α = ½.</summary>
    public const double Jeffreys = 0.5;

    /// <summary>Smoothed relative frequencies p̂ᵢ = (cᵢ + α) / (N + K·α) written to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">A negative or non-finite count (named by index), α &lt; 0, no mass at all, or a short destination.</exception>
    public static void Probabilities(ReadOnlySpan<double> counts, double alpha, Span<double> destination, string name = "counts")
    {
        if (!(alpha >= 0) || double.IsInfinity(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "smoothing α must be finite and ≥ 0");
        if (destination.Length < counts.Length)
            throw new ArgumentException($"destination holds {destination.Length}; {counts.Length} are needed", nameof(destination));
        var total = new Kernels.CompensatedSum();
        for (int i = 0; i < counts.Length; i++)
        {
            if (!(counts[i] >= 0) || double.IsInfinity(counts[i]))
                throw new ArgumentException($"{name}[{i}] = {counts[i]}: counts must be finite and ≥ 0", nameof(counts));
            total.Add(counts[i]);
        }
        double denominator = total.Value + counts.Length * alpha;
        if (!(denominator > 0)) throw new ArgumentException($"{name} are all zero (no observations) and α = 0", nameof(counts));
        for (int i = 0; i < counts.Length; i++) destination[i] = (counts[i] + alpha) / denominator;
    }

    /// <summary>
    /// Plug-in entropy Ĥ = −Σ p̂ᵢ log p̂ᵢ; with <paramref name="millerMadow"/> the Miller–Madow correction
    /// Ĥ_MM = Ĥ + (m − 1) / (2N) is added, m = number of categories with cᵢ &gt; 0 (Miller 1955).
    /// </summary>
    /// <exception cref="ArgumentException">Bad counts or α (see <see cref="Probabilities"/>).</exception>
    public static double Entropy(ReadOnlySpan<double> counts, double alpha = 0, bool millerMadow = false)
    {
        var p = new double[counts.Length];
        Probabilities(counts, alpha, p);
        double entropy = Measures.Entropy.Of(p);
        if (!millerMadow) return entropy;
        double n = 0, observed = 0;
        foreach (var c in counts)
        {
            n += c;
            if (c > 0) observed++;
        }
        return n > 0 ? entropy + (observed - 1) / (2 * n) : entropy;
    }

    /// <summary>
    /// Plug-in D(P‖Q) = Σ p̂ᵢ log(p̂ᵢ / q̂ᵢ) over categories with p̂ᵢ &gt; 0; +∞ when some p̂ᵢ &gt; 0 has q̂ᵢ = 0.
    /// Rounding below zero is clamped to 0.
    /// </summary>
    /// <exception cref="ArgumentException">Different numbers of categories, bad counts or α.</exception>
    public static double KullbackLeibler(ReadOnlySpan<double> countsP, ReadOnlySpan<double> countsQ, double alpha = 0)
    {
        var (p, q) = Both(countsP, countsQ, alpha);
        return Measures.KullbackLeibler.Divergence(p, q);
    }

    /// <summary>
    /// Plug-in Jensen–Shannon divergence JS = ½ D(P‖M) + ½ D(Q‖M), M = ½(P + Q); finite, in [0, log 2].
    /// </summary>
    /// <exception cref="ArgumentException">Different numbers of categories, bad counts or α.</exception>
    public static double JensenShannon(ReadOnlySpan<double> countsP, ReadOnlySpan<double> countsQ, double alpha = 0)
    {
        var (p, q) = Both(countsP, countsQ, alpha);
        return Measures.JensenShannon.Divergence(p, q);
    }

    /// <summary>
    /// Population stability index PSI = Σ (p̂ᵢ − q̂ᵢ) log(p̂ᵢ / q̂ᵢ) = D(P‖Q) + D(Q‖P); +∞ when a category is empty
    /// in exactly one of the two (use smoothing to keep it finite).
    /// </summary>
    /// <exception cref="ArgumentException">Different numbers of categories, bad counts or α.</exception>
    public static double PopulationStabilityIndex(ReadOnlySpan<double> countsP, ReadOnlySpan<double> countsQ, double alpha = 0)
    {
        var (p, q) = Both(countsP, countsQ, alpha);
        return Measures.KullbackLeibler.Divergence(p, q) + Measures.KullbackLeibler.Reverse(p, q);
    }

    /// <summary>The first category counted in P (cᴾᵢ &gt; 0) but never in Q (cᑫᵢ = 0), or −1: with α = 0 it makes D(P‖Q) = +∞.</summary>
    public static int FirstUnsupportedCategory(ReadOnlySpan<double> countsP, ReadOnlySpan<double> countsQ)
    {
        for (int i = 0; i < Math.Min(countsP.Length, countsQ.Length); i++)
            if (countsP[i] > 0 && countsQ[i] == 0) return i;
        return -1;
    }

    private static (double[] P, double[] Q) Both(ReadOnlySpan<double> countsP, ReadOnlySpan<double> countsQ, double alpha)
    {
        if (countsP.Length != countsQ.Length)
            throw new ArgumentException($"countsP has {countsP.Length} categories, countsQ has {countsQ.Length}: they must be the same categories", nameof(countsQ));
        var p = new double[countsP.Length];
        var q = new double[countsQ.Length];
        Probabilities(countsP, alpha, p, "countsP");
        Probabilities(countsQ, alpha, q, "countsQ");
        return (p, q);
    }
}
