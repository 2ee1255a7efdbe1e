namespace Kullback.Estimation;

/// <summary>
/// The llama.cpp-style summary of D(softmax(Aᵢ)‖softmax(Bᵢ)) over N token rows (A the reference model), in nats.
/// Percentiles interpolate linearly between order statistics (numpy's default).
/// </summary>
/// <param name="Tokens">N, the number of rows.</param>
/// <param name="KlMean">(1/N) Σᵢ Dᵢ.</param>
/// <param name="KlMeanStderr">s / √N with s the sample standard deviation (N − 1 in the denominator).</param>
/// <param name="KlMedian">The 50th percentile.</param>
/// <param name="KlMin">minᵢ Dᵢ.</param>
/// <param name="KlMax">maxᵢ Dᵢ.</param>
/// <param name="Percentiles">(name, percent, value) for p0_1, p1, p5, p10, p90, p95, p99, p99_9.</param>
/// <param name="Top1Agreement">Fraction of rows where argmax A = argmax B (first index among ties, as torch).</param>
/// <param name="Token">Token statistics when a token file was given.</param>
public sealed record LogitSummary(long Tokens, double KlMean, double KlMeanStderr, double KlMedian, double KlMin, double KlMax,
    IReadOnlyList<(string Name, double Percent, double Value)> Percentiles, double Top1Agreement, TokenSummary? Token);

/// <summary>Statistics of the given token tᵢ of each row.</summary>
/// <param name="PplA">exp((1/N) Σᵢ −log p_A(tᵢ)).</param>
/// <param name="PplB">exp((1/N) Σᵢ −log p_B(tᵢ)).</param>
/// <param name="DeltaPMean">(1/N) Σᵢ (p_B(tᵢ) − p_A(tᵢ)).</param>
/// <param name="DeltaPRms">√((1/N) Σᵢ (p_B(tᵢ) − p_A(tᵢ))²).</param>
public sealed record TokenSummary(double PplA, double PplB, double DeltaPMean, double DeltaPRms);
