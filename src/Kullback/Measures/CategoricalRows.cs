using System.Numerics;

namespace Kullback.Measures;

/// <summary>
/// N categorical distributions over C classes, one per row of a row-major N×C matrix (probabilities or logits),
/// or N class indices (one-hot rows). Row r is <c>values[r·C .. r·C + C)</c>.
/// Create one with <see cref="CategoricalRows.Probabilities{T}"/>, <see cref="CategoricalRows.Logits{T}"/> or
/// <see cref="CategoricalRows.ClassIndices{T}"/>.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public readonly ref struct CategoricalRows<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    internal CategoricalRows(ReadOnlySpan<T> values, ReadOnlySpan<int> classIndices, CategoricalForm form, int columns)
    {
        Values = values;
        ClassIndices = classIndices;
        Form = form;
        Columns = columns;
    }

    /// <summary>The row-major N×C values (probabilities or logits); empty for class indices.</summary>
    public ReadOnlySpan<T> Values { get; }

    /// <summary>One class index per row for <see cref="CategoricalForm.ClassIndex"/>; empty otherwise.</summary>
    public ReadOnlySpan<int> ClassIndices { get; }

    /// <summary>How the rows are given.</summary>
    public CategoricalForm Form { get; }

    /// <summary>C, the number of classes (columns).</summary>
    public int Columns { get; }

    /// <summary>N, the number of rows (0 when <see cref="Columns"/> ≤ 0).</summary>
    public int Rows => Form == CategoricalForm.ClassIndex ? ClassIndices.Length : Columns > 0 ? Values.Length / Columns : 0;

    /// <summary>Row <paramref name="row"/> as one distribution.</summary>
    public CategoricalSpan<T> this[int row] => Form switch
    {
        CategoricalForm.ClassIndex => CategoricalSpan.OneHot<T>(ClassIndices[row], Columns),
        CategoricalForm.Logits => CategoricalSpan.Logits(Values.Slice(row * Columns, Columns)),
        _ => CategoricalSpan.Probabilities(Values.Slice(row * Columns, Columns)),
    };
}

/// <summary>Factories of <see cref="CategoricalRows{T}"/>.</summary>
public static class CategoricalRows
{
    /// <summary>Rows of probabilities: a row-major N×C matrix, each row a distribution.</summary>
    /// <param name="values">N·C values, row after row.</param>
    /// <param name="columns">C, the number of classes; values.Length must be a multiple of it.</param>
    public static CategoricalRows<T> Probabilities<T>(ReadOnlySpan<T> values, int columns)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(values, ReadOnlySpan<int>.Empty, CategoricalForm.Probabilities, columns);

    /// <summary>Rows of logits: a row-major N×C matrix; row r is softmax(z_r). −∞ is legal, a row of only −∞ is not.</summary>
    /// <param name="logits">N·C logits, row after row.</param>
    /// <param name="columns">C, the number of classes; logits.Length must be a multiple of it.</param>
    public static CategoricalRows<T> Logits<T>(ReadOnlySpan<T> logits, int columns)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(logits, ReadOnlySpan<int>.Empty, CategoricalForm.Logits, columns);

    /// <summary>One-hot rows: row r puts probability 1 on class <c>classIndices[r]</c> of C.</summary>
    /// <param name="classIndices">One label per row, 0 ≤ k &lt; C.</param>
    /// <param name="columns">C, the number of classes.</param>
    public static CategoricalRows<T> ClassIndices<T>(ReadOnlySpan<int> classIndices, int columns)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(ReadOnlySpan<T>.Empty, classIndices, CategoricalForm.ClassIndex, columns);
}
