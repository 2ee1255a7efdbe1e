namespace Kullback.Kernels;

/// <summary>Vectorised reductions shared by the kernels.</summary>
internal static partial class Lanes
{
    /// <summary>Σ x_i with compensated summation.</summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        var sum = new CompensatedSum();
        foreach (double x in values) sum.Add(x);
        return sum.Value;
    }

    /// <summary>Σ x_i of floats, accumulated in double with compensated summation.</summary>
    public static double Sum(ReadOnlySpan<float> values)
    {
        var sum = new CompensatedSum();
        foreach (float x in values) sum.Add(x);
        return sum.Value;
    }

    /// <summary>The first index whose value is NaN, ±∞ or negative; −1 when every value is a valid probability.</summary>
    public static int IndexOfInvalidProbability<T>(ReadOnlySpan<T> values) where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            T v = values[i];
            if (!(v >= T.Zero) || T.IsPositiveInfinity(v)) return i;
        }
        return -1;
    }
}
