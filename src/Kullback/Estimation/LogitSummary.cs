namespace Kullback.Estimation;

/// <summary>
/// The model-against-model summary of N token rows, A the reference model, p = softmax(Aᵢ), q = softmax(Bᵢ), in nats.
/// Percentiles interpolate linearly between order statistics (numpy's default).
/// </summary>
/// <param name="Tokens">N, the number of rows.</param>
/// <param name="KlMean">(1/N) Σᵢ Dᵢ, Dᵢ = D(pᵢ‖qᵢ).</param>
/// <param name="KlMeanStderr">s / √N with s the sample standard deviation (N − 1 in the denominator).</param>
/// <param name="KlMedian">The 50th percentile.</param>
/// <param name="KlMin">minᵢ Dᵢ.</param>
/// <param name="KlMax">maxᵢ Dᵢ.</param>
/// <param name="Percentiles">(name, percent, value) for p0_1, p1, p5, p10, p90, p95, p99, p99_9.</param>
/// <param name="Top1Agreement">Fraction of rows where argmax A = argmax B (first index among ties, as torch).</param>
/// <param name="Token">Token statistics when a token file was given.</param>
/// <param name="Report">The further model-against-model statistics.</param>
public sealed record LogitSummary(long Tokens, double KlMean, double KlMeanStderr, double KlMedian, double KlMin, double KlMax,
    IReadOnlyList<(string Name, double Percent, double Value)> Percentiles, double Top1Agreement, TokenSummary? Token, LogitReport Report);

/// <summary>The full report beyond the per-token KL (same rows and notation as <see cref="LogitSummary"/>).</summary>
/// <param name="KlReverseMean">(1/N) Σᵢ D(qᵢ‖pᵢ).</param>
/// <param name="JsMean">(1/N) Σᵢ JS(pᵢ, qᵢ), JS = ½ D(p‖m) + ½ D(q‖m), m = ½(p + q).</param>
/// <param name="Top5Overlap">(1/N) Σᵢ |top₅(Aᵢ) ∩ top₅(Bᵢ)| / 5, ties by the lower index (k = C when C &lt; 5).</param>
/// <param name="Top10Overlap">The same with k = 10.</param>
/// <param name="SameSampledP">(1/N) Σᵢ Σ_c pᵢ(c) qᵢ(c), the chance that one draw from each agrees.</param>
/// <param name="KlMeanCi95Low">mean − 1.96·stderr.</param>
/// <param name="KlMeanCi95High">mean + 1.96·stderr.</param>
/// <param name="KlByConfidence">10 equal-width buckets of max_c pᵢ(c) on [0, 1] (bucket ⌊10·max p⌋, 1.0 in the last).</param>
public sealed record LogitReport(double KlReverseMean, double JsMean, double Top5Overlap, double Top10Overlap, double SameSampledP,
    double KlMeanCi95Low, double KlMeanCi95High, IReadOnlyList<ConfidenceBucket> KlByConfidence);

/// <summary>One bucket of <see cref="LogitReport.KlByConfidence"/>.</summary>
/// <param name="Lo">Lower edge (inclusive).</param>
/// <param name="Hi">Upper edge (exclusive, except 1.0 in the last bucket).</param>
/// <param name="Rows">Rows whose max p_A falls in the bucket.</param>
/// <param name="KlMean">Mean D(p‖q) of those rows; NaN when the bucket is empty.</param>
public sealed record ConfidenceBucket(double Lo, double Hi, long Rows, double KlMean);

/// <summary>Statistics of the given token tᵢ of each row, Δpᵢ = p_B(tᵢ) − p_A(tᵢ).</summary>
/// <param name="PplA">exp((1/N) Σᵢ −log p_A(tᵢ)).</param>
/// <param name="PplB">exp((1/N) Σᵢ −log p_B(tᵢ)).</param>
/// <param name="DeltaPMean">(1/N) Σᵢ Δpᵢ.</param>
/// <param name="DeltaPRms">√((1/N) Σᵢ Δpᵢ²).</param>
/// <param name="DeltaPMedian">The 50th percentile of Δp.</param>
/// <param name="DeltaPMin">minᵢ Δpᵢ.</param>
/// <param name="DeltaPMax">maxᵢ Δpᵢ.</param>
/// <param name="DeltaPPercentiles">(name, percent, value) for delta_p_p0_1 … delta_p_p99_9, the percents of the KL ones.</param>
public sealed record TokenSummary(double PplA, double PplB, double DeltaPMean, double DeltaPRms, double DeltaPMedian, double DeltaPMin,
    double DeltaPMax, IReadOnlyList<(string Name, double Percent, double Value)> DeltaPPercentiles);
