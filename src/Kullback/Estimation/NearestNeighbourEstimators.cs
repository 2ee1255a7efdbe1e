using MathNet.Numerics;

namespace Kullback.Estimation;

/// <summary>
/// k-nearest-neighbour estimators of differential entropy and KL divergence from samples (row-major n × d
/// matrices), exact neighbours from <see cref="KdTree"/>. Results in nats. Both are consistent for continuous
/// densities; they are estimates, so a KL estimate can come out below zero when the two samples are close.
/// </summary>
public static class NearestNeighbourEstimators
{
    /// <summary>
    /// Kozachenko–Leonenko differential entropy:
    /// Ĥ = ψ(n) − ψ(k) + log V_d + (d/n) Σᵢ log εᵢ, where εᵢ is the distance from xᵢ to its k-th nearest other
    /// sample and V_d = π^{d/2} / Γ(d/2 + 1) the volume of the unit d-ball (Kraskov, Stögbauer &amp; Grassberger 2004, eq. 20).
    /// </summary>
    /// <param name="samples">Row-major n × <paramref name="dimensions"/> samples.</param>
    /// <param name="dimensions">d ≥ 1.</param>
    /// <param name="k">Neighbour order. Range: 1 ≤ k &lt; n.</param>
    /// <returns>Ĥ in nats.</returns>
    /// <exception cref="ArgumentException">Bad shape, non-finite value, k out of range, or two identical samples at the k-th distance (log 0).</exception>
    public static double Entropy(ReadOnlySpan<double> samples, int dimensions, int k = 3)
    {
        var tree = new KdTree(samples, dimensions);
        int n = tree.Count;
        if (n < 2) throw new ArgumentException($"samples has {n} points; at least 2 are needed", nameof(samples));
        var eps = new double[n];
        tree.KthNeighbourDistances(samples, k, queriesAreTreePoints: true, eps);
        double sumLog = SumLogDistances(eps, "samples", k);
        return SpecialFunctions.DiGamma(n) - SpecialFunctions.DiGamma(k) + LogUnitBallVolume(dimensions) + dimensions * sumLog / n;
    }

    /// <summary>
    /// Wang–Kulkarni–Verdú KL divergence D(P‖Q) from x ~ P (n points) and y ~ Q (m points):
    /// D̂ = (d/n) Σᵢ log(νₖ(i) / ρₖ(i)) + log(m / (n − 1)), where ρₖ(i) is the distance from xᵢ to its k-th nearest
    /// other x and νₖ(i) the distance to its k-th nearest y (Wang, Kulkarni &amp; Verdú 2009, IEEE Trans. IT 55(5), eq. 5).
    /// </summary>
    /// <param name="p">Row-major n × d samples of P.</param>
    /// <param name="q">Row-major m × d samples of Q.</param>
    /// <param name="dimensions">d ≥ 1, the same for both.</param>
    /// <param name="k">Neighbour order. Range: 1 ≤ k &lt; n and k ≤ m.</param>
    /// <returns>D̂(P‖Q) in nats (an estimate: may be slightly negative when P and Q are close).</returns>
    /// <exception cref="ArgumentException">Bad shapes, non-finite values, k out of range, duplicate points at the k-th distance.</exception>
    public static double KullbackLeibler(ReadOnlySpan<double> p, ReadOnlySpan<double> q, int dimensions, int k = 3)
    {
        var treeP = new KdTree(p, dimensions);
        var treeQ = new KdTree(q, dimensions);
        int n = treeP.Count, m = treeQ.Count;
        if (n < 2) throw new ArgumentException($"p has {n} points; at least 2 are needed", nameof(p));
        if (m < 1) throw new ArgumentException("q has no points", nameof(q));
        var rho = new double[n];
        var nu = new double[n];
        treeP.KthNeighbourDistances(p, k, queriesAreTreePoints: true, rho);
        treeQ.KthNeighbourDistances(p, k, queriesAreTreePoints: false, nu);
        double sum = SumLogDistances(nu, "q", k) - SumLogDistances(rho, "p", k);
        return dimensions * sum / n + Math.Log(m / (n - 1.0));
    }

    /// <summary>
    /// All four estimates between two samples with two trees and four neighbour searches (instead of six):
    /// Ĥ(P), Ĥ(Q) by <see cref="Entropy"/> and D̂(P‖Q), D̂(Q‖P) by <see cref="KullbackLeibler"/>, identical to calling them.
    /// </summary>
    /// <param name="p">Row-major n × d samples of P (n ≥ 2).</param>
    /// <param name="q">Row-major m × d samples of Q (m ≥ 2).</param>
    /// <param name="dimensions">d ≥ 1.</param>
    /// <param name="k">Neighbour order. Range: 1 ≤ k &lt; min(n, m).</param>
    /// <param name="searchDone">Called after each of the four neighbour searches, for progress; may be null.</param>
    /// <exception cref="ArgumentException">As for <see cref="Entropy"/> and <see cref="KullbackLeibler"/>.</exception>
    public static (double EntropyP, double EntropyQ, double DivergencePQ, double DivergenceQP) Compare(
        ReadOnlySpan<double> p, ReadOnlySpan<double> q, int dimensions, int k = 3, Action? searchDone = null)
    {
        var treeP = new KdTree(p, dimensions);
        var treeQ = new KdTree(q, dimensions);
        int n = treeP.Count, m = treeQ.Count;
        if (n < 2) throw new ArgumentException($"p has {n} points; at least 2 are needed", nameof(p));
        if (m < 2) throw new ArgumentException($"q has {m} points; at least 2 are needed", nameof(q));
        var rhoP = new double[n];
        var rhoQ = new double[m];
        var nuP = new double[n];
        var nuQ = new double[m];
        treeP.KthNeighbourDistances(p, k, queriesAreTreePoints: true, rhoP);
        searchDone?.Invoke();
        treeQ.KthNeighbourDistances(q, k, queriesAreTreePoints: true, rhoQ);
        searchDone?.Invoke();
        treeQ.KthNeighbourDistances(p, k, queriesAreTreePoints: false, nuP, treeP.TreeOrder);
        searchDone?.Invoke();
        treeP.KthNeighbourDistances(q, k, queriesAreTreePoints: false, nuQ, treeQ.TreeOrder);
        searchDone?.Invoke();
        double logRhoP = SumLogDistances(rhoP, "p", k), logRhoQ = SumLogDistances(rhoQ, "q", k);
        double logNuP = SumLogDistances(nuP, "q", k), logNuQ = SumLogDistances(nuQ, "p", k);
        double common = -SpecialFunctions.DiGamma(k) + LogUnitBallVolume(dimensions);
        return (SpecialFunctions.DiGamma(n) + common + dimensions * logRhoP / n,
                SpecialFunctions.DiGamma(m) + common + dimensions * logRhoQ / m,
                dimensions * (logNuP - logRhoP) / n + Math.Log(m / (n - 1.0)),
                dimensions * (logNuQ - logRhoQ) / m + Math.Log(n / (m - 1.0)));
    }

    /// <summary>log V_d = (d/2) log π − log Γ(d/2 + 1), the log-volume of the unit ball in d dimensions.</summary>
    public static double LogUnitBallVolume(int dimensions) =>
        0.5 * dimensions * Math.Log(Math.PI) - SpecialFunctions.GammaLn(0.5 * dimensions + 1);

    private static double SumLogDistances(ReadOnlySpan<double> distances, string what, int k)
    {
        // Compensated Σ log εᵢ: the sum decides the estimate.
        var sum = new Kernels.CompensatedSum();
        for (int i = 0; i < distances.Length; i++)
        {
            if (distances[i] == 0)
                throw new ArgumentException($"point {i} has its {k}-th neighbour in {what} at distance 0 (repeated values); " +
                    "kNN estimators need continuous data: use a larger k, the histogram method, or treat the column as categorical");
            if (!double.IsFinite(distances[i]))
                throw new ArgumentException($"point {i}: the distance to its {k}-th neighbour in {what} overflows a double " +
                    "(values near ±1.8e308); rescale the data (kNN estimates are then shifted by d·log of the scale)");
            sum.Add(Math.Log(distances[i]));
        }
        return sum.Value;
    }
}
