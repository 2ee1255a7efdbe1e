using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kullback.Kernels;

/// <summary>Reads p_i and log p_i of a validated distribution, whatever form it was given in.</summary>
internal interface ICategoricalReader
{
    /// <summary>True when the distribution is held as probabilities (so log(p/q) can use an accurate ratio).</summary>
    static abstract bool HoldsProbabilities { get; }

    /// <summary>True for a one-hot distribution (then <see cref="HotIndex"/> is its class).</summary>
    static abstract bool IsOneHot { get; }

    /// <summary>The class k of a one-hot distribution; −1 otherwise.</summary>
    int HotIndex { get; }

    /// <summary>p_i.</summary>
    double Probability(int i);

    /// <summary>log p_i (−∞ where p_i = 0).</summary>
    double LogProbability(int i);
}

/// <summary>Probabilities, optionally rescaled: p_i = v_i · scale (scale = 1 / Σ v when normalising, else 1).</summary>
internal readonly ref struct ProbabilityReader<T>(ReadOnlySpan<T> values, double scale) : ICategoricalReader
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly ReadOnlySpan<T> _values = values;

    public static bool HoldsProbabilities => true;

    public static bool IsOneHot => false;

    public int HotIndex => -1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Probability(int i) => double.CreateTruncating(_values[i]) * scale;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double LogProbability(int i) => Math.Log(Probability(i));
}

/// <summary>Logits: p_i = exp(z_i − m) / S, log p_i = (z_i − m) − log S (see <see cref="LogSumExp.Parts"/>).</summary>
internal readonly ref struct LogitsReader<T>(ReadOnlySpan<T> logits, LogSumExp.Parts parts) : ICategoricalReader
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly ReadOnlySpan<T> _logits = logits;

    public static bool HoldsProbabilities => false;

    public static bool IsOneHot => false;

    public int HotIndex => -1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Probability(int i) => LogSumExp.ShiftedExp(double.CreateTruncating(_logits[i]), parts.Max) / parts.Sum;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double LogProbability(int i)
    {
        double z = double.CreateTruncating(_logits[i]);
        if (double.IsNegativeInfinity(z)) return double.NegativeInfinity;
        double d = LogRatio.TwoDifference(z, parts.Max, out double e);
        return (d - parts.LogSum) + e;
    }
}

/// <summary>One-hot: p_k = 1, p_i = 0 for i ≠ k.</summary>
internal readonly ref struct OneHotReader(int classIndex) : ICategoricalReader
{
    public static bool HoldsProbabilities => true;

    public static bool IsOneHot => true;

    public int HotIndex => classIndex;

    public double Probability(int i) => i == classIndex ? 1.0 : 0.0;

    public double LogProbability(int i) => i == classIndex ? 0.0 : double.NegativeInfinity;
}
