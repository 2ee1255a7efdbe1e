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

    /// <summary>The measure in nats for plain double probabilities (vectorised).</summary>
    static abstract double Nats(ReadOnlySpan<double> p, ReadOnlySpan<double> q);

    /// <summary>The measure in nats for plain float probabilities, accumulated in double (vectorised).</summary>
    static abstract double Nats(ReadOnlySpan<float> p, ReadOnlySpan<float> q);
}

/// <summary>Span casts between a generic T known to be float or double and the concrete type.</summary>
internal static class SpanCast
{
    public static ReadOnlySpan<double> AsDouble<T>(ReadOnlySpan<T> values) where T : unmanaged => MemoryMarshal.Cast<T, double>(values);

    public static ReadOnlySpan<float> AsFloat<T>(ReadOnlySpan<T> values) where T : unmanaged => MemoryMarshal.Cast<T, float>(values);
}
