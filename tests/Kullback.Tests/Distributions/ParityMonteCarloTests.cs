using System.Text.RegularExpressions;
using Kullback.Distributions;
using static Kullback.Tests.Distributions.DistributionFixtures;

namespace Kullback.Tests.Distributions;

/// <summary>
/// The closed forms added for torch parity against a seeded Monte Carlo estimate with our samplers and log-densities, as
/// <see cref="MonteCarloAgreementTests"/> does for the others: |closed − MC| ≤ 4.5 SE with SE below 2 % of the value.
/// From each 4×4 TestKL grid the four cells with column = row + 1 (mod 4) are used, and every other finite fixture row.
/// </summary>
public partial class ParityMonteCarloTests
{
    private const int Samples = 200_000;
    private const double StandardErrors = 4.5;

    [GeneratedRegex(@"\[(\d)\]\[(\d)\]$")]
    private static partial Regex GridCell();

    private static IEnumerable<(string P, string Q, double Kl, string Case)> Rows() =>
        Load("kl_parity.json").GetProperty("pairs").EnumerateArray()
            .Select(r => (r.GetProperty("p").GetString()!, r.GetProperty("q").GetString()!, Number(r.GetProperty("kl")), r.GetProperty("case").GetString()!));

    private static bool Sampled(string testCase)
    {
        var cell = GridCell().Match(testCase);
        return !cell.Success || int.Parse(cell.Groups[2].Value) == (int.Parse(cell.Groups[1].Value) + 1) % 4;
    }

    public static IEnumerable<object[]> FinitePairs() =>
        Rows().Where(r => double.IsFinite(r.Kl) && Sampled(r.Case)).Select(r => new object[] { r.P, r.Q });

    /// <summary>Rows whose +∞ draws can show: P puts visible mass where q = 0 (not Pareto P, whose +∞ against Chi2 is an infinite moment).</summary>
    public static IEnumerable<object[]> InfinitePairs() =>
        Rows().Where(r => double.IsPositiveInfinity(r.Kl) && Make(r.P) is not Pareto).Select(r => new object[] { r.P, r.Q });

    [Theory]
    [MemberData(nameof(FinitePairs))]
    public void ClosedFormIsWithinAFewStandardErrorsOfMonteCarlo(string p, string q)
    {
        var (dp, dq) = (Make(p), Make(q));
        double closed = KlRegistry.Default.Divergence(dp, dq);
        var mc = KlMonteCarlo.Estimate(dp, dq, Samples, new Random((p + q).Length));
        if (mc.StandardError == 0)
        {
            AssertRelative(closed, mc.Value, 1e-12, $"D({p}‖{q}) with a constant log-ratio");
            return;
        }
        Assert.True(mc.StandardError < 0.02 * Math.Max(closed, 0.05),
            $"D({p}‖{q}): standard error {mc.StandardError} is too large for the check to mean anything");
        Assert.True(Math.Abs(closed - mc.Value) <= StandardErrors * mc.StandardError,
            $"D({p}‖{q}) = {closed:R} closed form, {mc.Value:R} ± {mc.StandardError:R} Monte Carlo ({Math.Abs(closed - mc.Value) / mc.StandardError:F1} SE apart)");
    }

    [Theory]
    [MemberData(nameof(InfinitePairs))]
    public void InfiniteClosedFormsMeetDrawsOutsideTheSupportOfQ(string p, string q) =>
        Assert.Equal(double.PositiveInfinity, KlMonteCarlo.Estimate(Make(p), Make(q), Samples, new Random(5)).Value);
}
