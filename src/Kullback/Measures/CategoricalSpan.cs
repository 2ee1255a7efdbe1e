using System.Numerics;

namespace Kullback.Measures;

/// <summary>
/// A categorical distribution over C classes held in a span, given as probabilities, logits or a class index
/// (see <see cref="CategoricalForm"/>). Create one with <see cref="CategoricalSpan.Probabilities{T}"/>,
/// <see cref="CategoricalSpan.Logits{T}"/> or <see cref="CategoricalSpan.OneHot{T}"/>; every measure accepts it.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>; sums are always accumulated in double.</typeparam>
public readonly ref struct CategoricalSpan<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    internal CategoricalSpan(ReadOnlySpan<T> values, CategoricalForm form, int classIndex, int classes)
    {
        Values = values;
        Form = form;
        ClassIndex = classIndex;
        Classes = classes;
    }

    /// <summary>The probabilities or logits; empty for <see cref="CategoricalForm.ClassIndex"/>.</summary>
    public ReadOnlySpan<T> Values { get; }

    /// <summary>How <see cref="Values"/> are to be read.</summary>
    public CategoricalForm Form { get; }

    /// <summary>The class k of a one-hot distribution; −1 for the other forms.</summary>
    public int ClassIndex { get; }

    /// <summary>The number of classes C.</summary>
    public int Classes { get; }

    /// <summary>Probabilities are read as given: <c>p</c> converts to <c>CategoricalSpan.Probabilities(p)</c>.</summary>
    public static implicit operator CategoricalSpan<T>(ReadOnlySpan<T> probabilities) => CategoricalSpan.Probabilities(probabilities);

    /// <summary>Probabilities are read as given: <c>p</c> converts to <c>CategoricalSpan.Probabilities(p)</c>.</summary>
    public static implicit operator CategoricalSpan<T>(T[] probabilities) => CategoricalSpan.Probabilities<T>(probabilities);
}

/// <summary>Factories of <see cref="CategoricalSpan{T}"/> and the input tolerance shared by every measure.</summary>
public static class CategoricalSpan
{
    /// <summary>
    /// Probabilities are accepted when |Σ p_i − 1| ≤ 1e-6 (the sum taken in double with compensated summation);
    /// values within the tolerance are used as given, not rescaled. Beyond it, a measure throws
    /// <see cref="ArgumentException"/> unless called with <c>normalize: true</c>, which uses p_i / Σ p_j instead.
    /// 1e-6 admits probabilities printed with 7 significant digits and float32 softmax outputs of any length.
    /// </summary>
    public const double SumTolerance = 1e-6;

    /// <summary>A distribution given by probabilities p_i ≥ 0, Σ p_i = 1.</summary>
    /// <param name="probabilities">p, one entry per class.</param>
    public static CategoricalSpan<T> Probabilities<T>(ReadOnlySpan<T> probabilities)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(probabilities, CategoricalForm.Probabilities, -1, probabilities.Length);

    /// <summary>A distribution given by logits z: p_i = exp(z_i − LSE(z)), LSE(z) = log Σ_j exp(z_j). −∞ is legal (p_i = 0).</summary>
    /// <param name="logits">z, one entry per class; finite or −∞, not all −∞.</param>
    public static CategoricalSpan<T> Logits<T>(ReadOnlySpan<T> logits)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(logits, CategoricalForm.Logits, -1, logits.Length);

    /// <summary>The one-hot distribution on class k of C classes: p_k = 1, p_i = 0 for i ≠ k (a hard label).</summary>
    /// <param name="classIndex">k; checked against <paramref name="classes"/> when a measure uses it (0 ≤ k &lt; C).</param>
    /// <param name="classes">C, the number of classes; must match the other distribution's length.</param>
    public static CategoricalSpan<T> OneHot<T>(int classIndex, int classes)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(ReadOnlySpan<T>.Empty, CategoricalForm.ClassIndex, classIndex, classes);
}
