using Kullback.Kernels;
using MathNet.Numerics;
using MN = MathNet.Numerics.Distributions;

namespace Kullback.Distributions;

/// <summary>
/// Dirichlet(concentration) on the simplex {x : xᵢ ≥ 0, Σ xᵢ = 1}: density Π xᵢ^{αᵢ−1} / B(α),
/// B(α) = Π Γ(αᵢ) / Γ(α₀), α₀ = Σ αᵢ. Range: K ≥ 2, every αᵢ &gt; 0.
/// </summary>
public sealed class Dirichlet : MultivariateDistribution
{
    private readonly double[] _concentration;
    private readonly double[] _mean;
    private readonly double[] _variance;

    /// <summary>Creates Dirichlet(α).</summary>
    /// <exception cref="ArgumentException">Fewer than 2 entries, or an αᵢ ≤ 0 or not finite (the message names i).</exception>
    public Dirichlet(ReadOnlySpan<double> concentration)
    {
        if (concentration.Length < 2)
            throw new ArgumentException($"Dirichlet: concentration has {concentration.Length} entries; it needs at least 2", nameof(concentration));
        for (int i = 0; i < concentration.Length; i++)
            Parameters.Element(nameof(Dirichlet), "concentration", i, concentration[i], concentration[i] > 0 && double.IsFinite(concentration[i]), "concentration[i] > 0 and finite");
        _concentration = concentration.ToArray();
        double total = Total;
        _mean = new double[_concentration.Length];
        _variance = new double[_concentration.Length];
        for (int i = 0; i < _concentration.Length; i++)
        {
            _mean[i] = _concentration[i] / total;
            _variance[i] = _concentration[i] * (total - _concentration[i]) / (total * total * (total + 1));
        }
    }

    /// <summary>α₁ … α_K.</summary>
    public ReadOnlySpan<double> Concentration => _concentration;

    /// <summary>α₀ = Σ αᵢ (compensated sum).</summary>
    public double Total
    {
        get
        {
            var sum = new CompensatedSum();
            foreach (double a in _concentration) sum.Add(a);
            return sum.Value;
        }
    }

    /// <inheritdoc/>
    public override string Family => nameof(Dirichlet);
    /// <inheritdoc/>
    public override int EventSize => _concentration.Length;
    /// <summary>E[Xᵢ] = αᵢ / α₀.</summary>
    public override ReadOnlySpan<double> Mean => _mean;
    /// <summary>Var[Xᵢ] = αᵢ (α₀ − αᵢ) / (α₀² (α₀ + 1)).</summary>
    public override ReadOnlySpan<double> Variance => _variance;

    /// <summary>log B(α) = Σ log Γ(αᵢ) − log Γ(α₀).</summary>
    public double LogMultivariateBeta()
    {
        var sum = new CompensatedSum();
        foreach (double a in _concentration) sum.Add(GammaFunctions.LogGamma(a));
        sum.Add(-GammaFunctions.LogGamma(Total));
        return sum.Value;
    }

    /// <summary>H = log B(α) + (α₀ − K) ψ(α₀) − Σ (αᵢ − 1) ψ(αᵢ).</summary>
    public override double Entropy()
    {
        double total = Total;
        var sum = new CompensatedSum();
        sum.Add(LogMultivariateBeta());
        sum.Add((total - _concentration.Length) * GammaFunctions.Digamma(total));
        foreach (double a in _concentration) sum.Add(-(a - 1) * GammaFunctions.Digamma(a));
        return sum.Value;
    }

    /// <summary>Σ (αᵢ − 1) log xᵢ − log B(α) when x is on the simplex (|Σ xᵢ − 1| ≤ 1e-9 · K); −∞ elsewhere.</summary>
    public override double LogProb(ReadOnlySpan<double> x)
    {
        RequireEventLength(x.Length, nameof(x));
        var total = new CompensatedSum();
        var sum = new CompensatedSum();
        for (int i = 0; i < x.Length; i++)
        {
            if (!(x[i] >= 0 && x[i] <= 1)) return double.NegativeInfinity;
            total.Add(x[i]);
            sum.Add(Numerics.XLogY(_concentration[i] - 1, x[i]));
        }
        if (Math.Abs(total.Value - 1) > 1e-9 * x.Length) return double.NegativeInfinity;
        return sum.Value - LogMultivariateBeta();
    }

    /// <summary>Xᵢ = Gᵢ / Σ G with Gᵢ ~ Gamma(αᵢ, 1).</summary>
    public override void Sample(Random rng, Span<double> destination)
    {
        RequireEventLength(destination.Length, nameof(destination));
        double total = 0;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = MN.Gamma.Sample(rng, _concentration[i], 1.0);
            total += destination[i];
        }
        for (int i = 0; i < destination.Length; i++) destination[i] /= total;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Dirichlet(concentration=[{string.Join(", ", _concentration.Select(Parameters.Format))}])";
}
