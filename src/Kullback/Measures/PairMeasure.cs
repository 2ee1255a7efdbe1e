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
        double pSum = CategoricalValidation.Validate(p, "p", normalize);
        double qSum = CategoricalValidation.Validate(q, "q", normalize);
        var preparedP = CategoricalValidation.PrepareValid(p, normalize, pSum);
        var preparedQ = CategoricalValidation.PrepareValid(q, normalize, qSum);
        return Nats<TK, T>(preparedP, preparedQ);
    }

    /// <summary>The measure in nats of validated inputs: vectorised for plain probabilities, generic otherwise.</summary>
    public static double Nats<TK, T>(CategoricalInput<T> p, CategoricalInput<T> q)
        where TK : IPairKernel
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = p.Classes;
        if (p.Form == CategoricalForm.Probabilities && q.Form == CategoricalForm.Probabilities)
        {
            return typeof(T) == typeof(double)
                ? TK.Nats(SpanCast.AsDouble(p.Values), SpanCast.AsDouble(q.Values), p.Scale, q.Scale)
                : TK.Nats(SpanCast.AsFloat(p.Values), SpanCast.AsFloat(q.Values), p.Scale, q.Scale);
        }
        if (p.Form != CategoricalForm.ClassIndex && q.Form != CategoricalForm.ClassIndex)
        {
            // Logits on one side or both: vectorised log-space lanes.
            if (p.Form == CategoricalForm.Logits && q.Form == CategoricalForm.Logits)
                return TK.Nats(p.Values, q.Values, new LogitLanes(p.Parts), new LogitLanes(q.Parts));
            return p.Form == CategoricalForm.Logits
                ? TK.Nats(p.Values, q.Values, new LogitLanes(p.Parts), new ProbabilityLanes(q.Scale))
                : TK.Nats(p.Values, q.Values, new ProbabilityLanes(p.Scale), new LogitLanes(q.Parts));
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
            throw new InvalidDistributionException($"q has {q.Columns} columns but p has {p.Columns}: shapes must match", "q");
        if (rows != qRows)
            throw new InvalidDistributionException($"q has {qRows} rows but p has {rows}: shapes must match", "q");
        RowShape.CheckOutput(perRow, rows);
        bool shortRows = !normalize && p.Form == CategoricalForm.Probabilities && q.Form == CategoricalForm.Probabilities && p.Columns < ShortRow;
        if (!(shortRows && ShortRowsAreValid(p.Values, q.Values, p.Columns)))
        {
            // Row by row, P then Q: the first error in this order is the one raised.
            for (int r = 0; r < rows; r++)
            {
                CategoricalValidation.Validate(p[r], "p", normalize, r);
                CategoricalValidation.Validate(q[r], "q", normalize, r);
            }
        }
        if (shortRows) return ShortRows<TK, T>(p.Values, q.Values, p.Columns, perRow, unit);
        var mean = new CompensatedSum();
        for (int r = 0; r < rows; r++)
        {
            double value = unit.FromNats(Nats<TK, T>(
                CategoricalValidation.PrepareValid(p[r], normalize),
                CategoricalValidation.PrepareValid(q[r], normalize)));
            if (!perRow.IsEmpty) perRow[r] = value;
            mean.Add(value);
        }
        return mean.Value / rows;
    }

    /// <summary>Rows shorter than this (columns) are measured in batches of whole rows (see <see cref="ShortRows{TK, T}"/>).</summary>
    private const int ShortRow = 64;

    /// <summary>
    /// A fast check of short probability rows: one vectorised pass over each matrix (finite, ≥ 0), then each row's
    /// plain sum (C &lt; 64 terms: its rounding error is far below the tolerance). True only when every row is surely
    /// valid; anything doubtful (a bad value, a sum within 1e-12 of the tolerance's edge) returns false, and the
    /// caller's row-by-row validation decides and names the first error.
    /// </summary>
    private static bool ShortRowsAreValid<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, int columns)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Lanes.SumOfValidProbabilities(p, out int badP);
        Lanes.SumOfValidProbabilities(q, out int badQ);
        if (badP >= 0 || badQ >= 0) return false;
        const double Edge = CategoricalSpan.SumTolerance - 1e-12;
        for (int start = 0; start < p.Length; start += columns)
        {
            double sp = 0, sq = 0;
            for (int i = start; i < start + columns; i++)
            {
                sp += double.CreateTruncating(p[i]);
                sq += double.CreateTruncating(q[i]);
            }
            if (!(Math.Abs(sp - 1.0) <= Edge) || !(Math.Abs(sq - 1.0) <= Edge)) return false;
        }
        return true;
    }

    /// <summary>
    /// Validated short rows of plain probabilities: the terms of 512 values at a time (whole rows) in one vectorised
    /// pass over the flat matrix, then each row's terms summed with compensation — no per-row vector set-up.
    /// </summary>
    private static double ShortRows<TK, T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, int columns, Span<double> perRow, LogBase unit)
        where TK : IPairKernel
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        const int ChunkValues = 512;
        Span<double> buffer = stackalloc double[ChunkValues];
        int rows = p.Length / columns;
        int rowsPerChunk = ChunkValues / columns;
        var mean = new CompensatedSum();
        for (int first = 0; first < rows; first += rowsPerChunk)
        {
            int count = Math.Min(rowsPerChunk, rows - first);
            var terms = buffer[..(count * columns)];
            if (typeof(T) == typeof(double))
                TK.Terms(SpanCast.AsDouble(p).Slice(first * columns, count * columns), SpanCast.AsDouble(q).Slice(first * columns, count * columns), terms);
            else
                TK.Terms(SpanCast.AsFloat(p).Slice(first * columns, count * columns), SpanCast.AsFloat(q).Slice(first * columns, count * columns), terms);
            for (int k = 0; k < count; k++)
            {
                var row = new CompensatedSum();
                foreach (double term in terms.Slice(k * columns, columns)) row.Add(term);
                double value = unit.FromNats(TK.Clamp(row.Value));
                if (!perRow.IsEmpty) perRow[first + k] = value;
                mean.Add(value);
            }
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
            throw new InvalidDistributionException($"{name}: columns = {rows.Columns}: a row needs at least one class", name);
        if (rows.Form != CategoricalForm.ClassIndex && rows.Values.Length % rows.Columns != 0)
            throw new InvalidDistributionException($"{name} has {rows.Values.Length} values, not a multiple of columns = {rows.Columns}", name);
        if (rows.Rows == 0)
            throw new InvalidDistributionException($"{name} is empty: there are no rows", name);
        return rows.Rows;
    }

    /// <summary>The per-row output must be empty (mean only) or hold exactly one value per row.</summary>
    public static void CheckOutput<TOut>(Span<TOut> perRow, int rows)
    {
        if (!perRow.IsEmpty && perRow.Length != rows)
            throw new InvalidDistributionException($"perRow has {perRow.Length} entries but there are {rows} rows (pass an empty span for the mean only)", nameof(perRow));
    }
}
