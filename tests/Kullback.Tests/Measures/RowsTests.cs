using Kullback.Kernels;
using Kullback.Measures;

namespace Kullback.Tests.Measures;

/// <summary>Row-wise measures (the batched short-row path below 64 columns and the per-row path above) against one call per row.</summary>
public class RowsTests
{
    private const double Epsilon = 1.0 / (1L << 52);

    private static double[] Rows(Random rng, int rows, int columns, bool zeros)
    {
        var m = new double[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            double s = 0;
            for (int i = 0; i < columns; i++) s += m[r * columns + i] = zeros && rng.NextDouble() < 0.2 ? 0.0 : rng.NextDouble();
            if (s == 0) { m[r * columns] = 1; s = 1; }
            for (int i = 0; i < columns; i++) m[r * columns + i] /= s;
        }
        return m;
    }

    [Fact]
    public void EveryRowAgreesWithItsOwnCallAtEveryWidth()
    {
        var rng = new Random(17);
        foreach (int columns in new[] { 1, 2, 3, 7, 8, 9, 10, 31, 63, 64, 65, 100 })
        {
            int rows = 1 + rng.Next(120);
            var p = Rows(rng, rows, columns, zeros: true);
            var q = Rows(rng, rows, columns, zeros: columns % 2 == 1); // zeros in Q where P > 0: +∞ rows
            Check<KullbackLeiblerKernel.Term>(p, q, columns, (a, b) => KullbackLeibler.Divergence(a, b), (a, b, o) => KullbackLeibler.DivergenceRows(a, b, columns, o));
            Check<CrossEntropyKernel.Term>(p, q, columns, (a, b) => CrossEntropy.Of(a, b), (a, b, o) => CrossEntropy.OfRows(a, b, columns, o));
            Check<JensenShannonKernel.Term>(p, q, columns, (a, b) => JensenShannon.Divergence(a, b), (a, b, o) => JensenShannon.DivergenceRows(a, b, columns, o), JensenShannonParts);
            var pf = Array.ConvertAll(p, v => (float)v);
            var qf = Array.ConvertAll(q, v => (float)v);
            var perRow = new double[rows];
            KullbackLeibler.DivergenceRows(pf, qf, columns, perRow, normalize: true);
            for (int r = 0; r < rows; r++)
            {
                double single = KullbackLeibler.Divergence(pf.AsSpan(r * columns, columns), qf.AsSpan(r * columns, columns), normalize: true);
                if (double.IsPositiveInfinity(single)) Assert.Equal(single, perRow[r]);
                else Assert.Equal(single, perRow[r], 1e-12 * (1 + single));
            }
        }
    }

    /// <summary>|½p log(2p/(p+q))| + |½q log(2q/(p+q))|: JS's terms, counted apart as in the accuracy bound.</summary>
    private static double JensenShannonParts(double p, double q) => Math.Abs(JensenShannonKernel.HalfTerm(p, q, out double qPart)) + Math.Abs(qPart);

    private static void Check<TOp>(double[] p, double[] q, int columns, Func<double[], double[], double> single,
        Func<double[], double[], double[], double> rowsCall, Func<double, double, double>? absTerm = null)
        where TOp : IBinaryTerm
    {
        absTerm ??= (a, b) => Math.Abs(TOp.Scalar(a, b));
        int rows = p.Length / columns;
        var perRow = new double[rows];
        double mean = rowsCall(p, q, perRow);
        var total = 0.0;
        for (int r = 0; r < rows; r++)
        {
            var a = p.AsSpan(r * columns, columns).ToArray();
            var b = q.AsSpan(r * columns, columns).ToArray();
            double expected = single(a, b);
            total += expected;
            if (double.IsPositiveInfinity(expected)) { Assert.Equal(double.PositiveInfinity, perRow[r]); continue; }
            double sumAbs = 0;
            for (int i = 0; i < columns; i++) sumAbs += absTerm(a[i], b[i]);
            Assert.True(Math.Abs(expected - perRow[r]) <= 8 * Epsilon * sumAbs, $"{typeof(TOp).DeclaringType!.Name} C={columns} row {r}: {perRow[r]:R} vs {expected:R}");
        }
        if (double.IsPositiveInfinity(total)) Assert.Equal(double.PositiveInfinity, mean);
        else Assert.Equal(total / rows, mean, 1e-12 * (1 + Math.Abs(mean)));
    }
}
