using System.Runtime.InteropServices;

namespace Kullback.Kernels;

/// <summary>
/// A measure of two distributions P, Q over the same n classes, in nats: a generic scalar form over any pair of
/// readers (probabilities, logits, one-hot) and vectorised forms for plain probability spans.
/// </summary>
internal interface IPairKernel
{
    /// <summary>The measure in nats for any input forms (scalar loop, compensated sum).</summary>
    static abstract double Nats<TP, TQ>(TP p, TQ q, int n)
        where TP : ICategoricalReader, allows ref struct
        where TQ : ICategoricalReader, allows ref struct;

    /// <summary>The terms of plain double probabilities, one per class, written to <paramref name="terms"/> (vectorised).</summary>
    static abstract void Terms(ReadOnlySpan<double> p, ReadOnlySpan<double> q, Span<double> terms);

    /// <summary>The terms of plain float probabilities, in double, written to <paramref name="terms"/> (vectorised).</summary>
    static abstract void Terms(ReadOnlySpan<float> p, ReadOnlySpan<float> q, Span<double> terms);

    /// <summary>The measure's range applied to a sum of its terms (0 ≤ D; 0 ≤ JS ≤ log 2).</summary>
    static abstract double Clamp(double nats);

    /// <summary>The measure in nats of P and Q given as logits or scaled probabilities, read lane by lane (vectorised, log space).</summary>
    static abstract double Nats<T, TRP, TRQ>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, TRP readP, TRQ readQ)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        where TRP : struct, ILaneReader
        where TRQ : struct, ILaneReader;

    /// <summary>The measure in nats of the probabilities a·p and b·q (a = b = 1: as given; 1/Σ: normalised), vectorised.</summary>
    static abstract double Nats(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double pScale = 1.0, double qScale = 1.0);

    /// <summary>The measure in nats of float probabilities a·p and b·q, accumulated in double, vectorised.</summary>
    static abstract double Nats(ReadOnlySpan<float> p, ReadOnlySpan<float> q, double pScale = 1.0, double qScale = 1.0);
}

/// <summary>Span casts between a generic T known to be float or double and the concrete type.</summary>
internal static class SpanCast
{
    public static ReadOnlySpan<double> AsDouble<T>(ReadOnlySpan<T> values) where T : unmanaged => MemoryMarshal.Cast<T, double>(values);

    public static ReadOnlySpan<float> AsFloat<T>(ReadOnlySpan<T> values) where T : unmanaged => MemoryMarshal.Cast<T, float>(values);
}
