using System.Runtime.CompilerServices;
using Kullback.Kernels;

namespace Kullback.Estimation;

/// <summary>The distance a <see cref="KdTree"/> measures between two points p and q of d coordinates.</summary>
public enum NeighbourMetric
{
    /// <summary>Euclidean distance √Σⱼ (pⱼ − qⱼ)².</summary>
    Euclidean,

    /// <summary>Max-norm (Chebyshev, L∞) distance maxⱼ |pⱼ − qⱼ|, the metric of the KSG mutual-information estimators.</summary>
    Chebyshev,
}

/// <summary>
/// How a tree metric accumulates a distance coordinate by coordinate (in its own units: squared for Euclidean), bounds
/// a cell, and converts a radius to those units. One struct per metric; the tree's search and leaf scans are generic
/// over it, so each metric gets its own specialised code.
/// </summary>
internal interface IKdMetric
{
    /// <summary>s after one more coordinate difference t.</summary>
    static abstract double Accumulate(double s, double t);

    /// <summary>The same, lane by lane.</summary>
    static abstract TV Accumulate<TV, TS>(TV s, TV t) where TV : struct where TS : ISimd<TV>;

    /// <summary>The accumulated distance to the far child: the cell's offset along the split dimension changes from old to diff (|diff| ≥ |old|).</summary>
    static abstract double FarCell(double cell, double old, double diff);

    /// <summary>A value b such that every point with distance &lt; r has accumulated distance &lt; b (a safe pre-filter).</summary>
    static abstract double Bound(double r);

    /// <summary>Whether accumulated distance s is a distance strictly below r (exact: the same comparison brute force makes).</summary>
    static abstract bool Within(double s, double r);
}

/// <summary>Σ (pⱼ − qⱼ)² by FMA in the order of j; the distance is its square root.</summary>
internal readonly struct SquaredEuclidean : IKdMetric
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Accumulate(double s, double t) => Math.FusedMultiplyAdd(t, t, s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Accumulate<TV, TS>(TV s, TV t) where TV : struct where TS : ISimd<TV> => TS.FusedMultiplyAdd(t, t, s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double FarCell(double cell, double old, double diff) => cell - old * old + diff * diff;
    // r² rounded can be a little below a squared distance whose root is < r: two ulps up covers that rounding.
    public static double Bound(double r) => Math.BitIncrement(Math.BitIncrement(r * r));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Within(double s, double r) => Math.Sqrt(s) < r;
}

/// <summary>maxⱼ |pⱼ − qⱼ|; the accumulated value is the distance itself, so comparisons are exact.</summary>
internal readonly struct MaxNorm : IKdMetric
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Accumulate(double s, double t) => Math.Max(s, Math.Abs(t));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Accumulate<TV, TS>(TV s, TV t) where TV : struct where TS : ISimd<TV> => TS.Max(s, TS.Max(t, TS.Subtract(TS.Zero, t)));
    // Descending only moves the cell away along one dimension, so the new max is the old one or |diff|.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double FarCell(double cell, double old, double diff) => Math.Max(cell, Math.Abs(diff));
    public static double Bound(double r) => r;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Within(double s, double r) => s < r;
}
