using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Measures;

/// <summary>Validates two distributions (all of it before any work) and runs a pair kernel on whatever forms they have.</summary>
internal static class PairMeasure
{
    /// <summary>Validates P and Q and returns the measure in nats.</summary>
    public static double Nats<TK, T>(CategoricalSpan<T> p, CategoricalSpan<T> q, bool normalize)
        where TK : IPairKernel
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CategoricalValidation.EnsureSameLength(p.Classes, q.Classes);
        var preparedP = CategoricalValidation.Prepare(p, "p", normalize);
        var preparedQ = CategoricalValidation.Prepare(q, "q", normalize);
        return Nats<TK, T>(preparedP, preparedQ);
    }

    /// <summary>The measure in nats of validated inputs: vectorised for plain probabilities, generic otherwise.</summary>
    public static double Nats<TK, T>(CategoricalInput<T> p, CategoricalInput<T> q)
        where TK : IPairKernel
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = p.Classes;
        if (p.IsPlainProbabilities && q.IsPlainProbabilities)
        {
            return typeof(T) == typeof(double)
                ? TK.Nats(SpanCast.AsDouble(p.Values), SpanCast.AsDouble(q.Values))
                : TK.Nats(SpanCast.AsFloat(p.Values), SpanCast.AsFloat(q.Values));
        }
        return p.Form switch
        {
            CategoricalForm.ClassIndex => WithQ<TK, T, OneHotReader>(p.AsOneHot(), q, n),
            CategoricalForm.Logits => WithQ<TK, T, LogitsReader<T>>(p.AsLogits(), q, n),
            _ => WithQ<TK, T, ProbabilityReader<T>>(p.AsProbabilities(), q, n),
        };
    }

    private static double WithQ<TK, T, TP>(TP p, CategoricalInput<T> q, int n)
        where TK : IPairKernel
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TP : ICategoricalReader, allows ref struct =>
        q.Form switch
        {
            CategoricalForm.ClassIndex => TK.Nats(p, q.AsOneHot(), n),
            CategoricalForm.Logits => TK.Nats(p, q.AsLogits(), n),
            _ => TK.Nats(p, q.AsProbabilities(), n),
        };

    /// <summary>
    /// Validates every row of P and Q, then writes each row's measure (in <paramref name="unit"/>) to
    /// <paramref name="perRow"/> (unless it is empty) and returns the mean over rows (compensated sum / N).
    /// </summary>
    public static double Rows<TK, T>(CategoricalRows<T> p, CategoricalRows<T> q, Span<double> perRow, LogBase unit, bool normalize)
        where TK : IPairKernel
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int rows = RowShape.Check(p, "p");
        int qRows = RowShape.Check(q, "q");
        if (p.Columns != q.Columns)
            throw new ArgumentException($"q has {q.Columns} columns but p has {p.Columns}: shapes must match", "q");
        if (rows != qRows)
            throw new ArgumentException($"q has {qRows} rows but p has {rows}: shapes must match", "q");
        RowShape.CheckOutput(perRow, rows);
        for (int r = 0; r < rows; r++)
        {
            CategoricalValidation.Prepare(p[r], "p", normalize, r);
            CategoricalValidation.Prepare(q[r], "q", normalize, r);
        }
        var mean = new CompensatedSum();
        for (int r = 0; r < rows; r++)
        {
            double value = unit.FromNats(Nats<TK, T>(
                CategoricalValidation.Prepare(p[r], "p", normalize, r),
                CategoricalValidation.Prepare(q[r], "q", normalize, r)));
            if (!perRow.IsEmpty) perRow[r] = value;
            mean.Add(value);
        }
        return mean.Value / rows;
    }
}

/// <summary>Shape checks of row-major inputs and per-row outputs.</summary>
internal static class RowShape
{
    /// <summary>Checks columns &gt; 0, a whole number of rows, at least one row; returns N.</summary>
    public static int Check<T>(CategoricalRows<T> rows, string name)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (rows.Columns <= 0)
            throw new ArgumentOutOfRangeException(name, rows.Columns, $"{name}: columns = {rows.Columns}: a row needs at least one class");
        if (rows.Form != CategoricalForm.ClassIndex && rows.Values.Length % rows.Columns != 0)
            throw new ArgumentException($"{name} has {rows.Values.Length} values, not a multiple of columns = {rows.Columns}", name);
        if (rows.Rows == 0)
            throw new ArgumentException($"{name} is empty: there are no rows", name);
        return rows.Rows;
    }

    /// <summary>The per-row output must be empty (mean only) or hold exactly one value per row.</summary>
    public static void CheckOutput<TOut>(Span<TOut> perRow, int rows)
    {
        if (!perRow.IsEmpty && perRow.Length != rows)
            throw new ArgumentException($"perRow has {perRow.Length} entries but there are {rows} rows (pass an empty span for the mean only)", nameof(perRow));
    }
}
