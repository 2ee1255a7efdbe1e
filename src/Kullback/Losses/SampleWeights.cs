using System.Numerics;

namespace Kullback.Losses;

/// <summary>
/// Per-row sample weights sᵢ ≥ 0 (scikit-learn's <c>sample_weight</c>): each row's loss and gradient are multiplied by sᵢ
/// and every mean becomes a weighted mean, Σᵢ sᵢ·ℓᵢ ÷ Σᵢ sᵢ·(the row's count). Empty means every sᵢ = 1.
/// </summary>
internal static class SampleWeights
{
    /// <summary>Throws unless <paramref name="sampleWeights"/> is empty or holds <paramref name="rows"/> finite values ≥ 0.</summary>
    public static void Check<T>(ReadOnlySpan<T> sampleWeights, int rows) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (sampleWeights.IsEmpty) return;
        if (sampleWeights.Length != rows) throw new ArgumentException($"sampleWeights has {sampleWeights.Length} elements, expected 0 or rows = {rows}", nameof(sampleWeights));
        for (int i = 0; i < rows; i++)
        {
            double s = double.CreateTruncating(sampleWeights[i]);
            if (!(s >= 0 && s < double.PositiveInfinity))
                throw new ArgumentOutOfRangeException(nameof(sampleWeights), s, $"sampleWeights[{i}] = {s}: sample weights must be finite and ≥ 0");
        }
    }

    /// <summary>Σᵢ sᵢ (N without sample weights).</summary>
    public static double Total<T>(ReadOnlySpan<T> sampleWeights, int rows) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (sampleWeights.IsEmpty) return rows;
        double sum = 0;
        foreach (var s in sampleWeights) sum += double.CreateTruncating(s);
        return sum;
    }

    /// <summary>sᵢ, or 1 without sample weights.</summary>
    public static double At<T>(ReadOnlySpan<T> sampleWeights, int i) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        sampleWeights.IsEmpty ? 1 : double.CreateTruncating(sampleWeights[i]);
}
