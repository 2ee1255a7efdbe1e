using System.Globalization;
using Kullback.Kernels;

namespace Kullback.Measures;

/// <summary>
/// The measures of two variables from their joint probability table p(x, y) (X rows × Y columns), in the unit of
/// <see cref="Unit"/>: H(X), H(Y), H(X,Y), H(X|Y), H(Y|X), I(X;Y), the variation of information and a normalised MI.
/// </summary>
/// <param name="EntropyX">H(X) = −Σ_x p(x) log p(x).</param>
/// <param name="EntropyY">H(Y) = −Σ_y p(y) log p(y).</param>
/// <param name="JointEntropy">H(X,Y) = −Σ p(x,y) log p(x,y).</param>
/// <param name="ConditionalEntropyXGivenY">H(X|Y) = Σ p(x,y) log(p(y)/p(x,y)) = H(X,Y) − H(Y).</param>
/// <param name="ConditionalEntropyYGivenX">H(Y|X) = Σ p(x,y) log(p(x)/p(x,y)) = H(X,Y) − H(X).</param>
/// <param name="MutualInformation">I(X;Y) = Σ p(x,y) log(p(x,y)/(p(x)p(y))) = H(X) + H(Y) − H(X,Y) ≥ 0.</param>
/// <param name="VariationOfInformation">VI = H(X|Y) + H(Y|X) = H(X,Y) − I(X;Y), a metric.</param>
/// <param name="NormalizedMutualInformation">2·I / (H(X) + H(Y)) in [0, 1] (scikit-learn's default "arithmetic"; 1 when both entropies are 0), unitless.</param>
/// <param name="Unit">The logarithm base of the values.</param>
public readonly record struct JointMeasures(
    double EntropyX, double EntropyY, double JointEntropy, double ConditionalEntropyXGivenY, double ConditionalEntropyYGivenX,
    double MutualInformation, double VariationOfInformation, double NormalizedMutualInformation, LogBase Unit)
{
    /// <summary>The measures of a joint table p(x, y) given row-major (X rows × Y columns).</summary>
    /// <param name="table">rows·columns probabilities ≥ 0 summing to 1 within <see cref="CategoricalSpan.SumTolerance"/>.</param>
    /// <param name="rows">|X|, the number of rows.</param>
    /// <param name="columns">|Y|, the number of columns.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">Divide by the total instead of rejecting a sum that is not 1.</param>
    /// <returns>The measures; each computed from its own non-negative terms (no differences of entropies).</returns>
    /// <exception cref="ArgumentException">Bad shape, a bad cell (named joint[x, y]) or a bad sum.</exception>
    public static JointMeasures Of(ReadOnlySpan<double> table, int rows, int columns, LogBase unit = default, bool normalize = false)
    {
        var p = JointTable.Prepare(table, [rows, columns], normalize);
        var px = JointTable.Marginal(p, rows, columns, keepFirst: true);
        var py = JointTable.Marginal(p, rows, columns, keepFirst: false);
        return FromProbabilities(p, px, py, rows, columns, unit);
    }

    internal static JointMeasures FromProbabilities(double[] p, double[] px, double[] py, int rows, int columns, LogBase unit)
    {
        var hxy = new CompensatedSum();
        var hxGivenY = new CompensatedSum();
        var hyGivenX = new CompensatedSum();
        var mi = new CompensatedSum();
        for (int x = 0; x < rows; x++)
        {
            for (int y = 0; y < columns; y++)
            {
                double v = p[x * columns + y];
                if (v == 0) continue;
                hxy.Add(-v * Math.Log(v));
                hxGivenY.Add(v * LogRatio.Of(py[y], v));
                hyGivenX.Add(v * LogRatio.Of(px[x], v));
                mi.Add(v * JointTable.LogRatioOfProduct(v, px[x], py[y]));
            }
        }
        double hx = JointTable.Entropy(px), hy = JointTable.Entropy(py);
        double i = Math.Max(mi.Value, 0.0);
        double cx = Math.Max(hxGivenY.Value, 0.0), cy = Math.Max(hyGivenX.Value, 0.0);
        double nmi = hx + hy == 0 ? 1.0 : Math.Min(2 * i / (hx + hy), 1.0);
        return new JointMeasures(unit.FromNats(hx), unit.FromNats(hy), unit.FromNats(Math.Max(hxy.Value, 0.0)),
            unit.FromNats(cx), unit.FromNats(cy), unit.FromNats(i), unit.FromNats(cx + cy), nmi, unit);
    }
}

/// <summary>
/// The measures of three variables from a joint table p(x, y, z) (X × Y × Z, row-major with z fastest): the pair
/// measures of (X, Y), H(Z), H(X,Y,Z), I(X;Y|Z), total correlation and interaction information.
/// </summary>
/// <param name="XY">The two-variable measures of the (X, Y) marginal.</param>
/// <param name="EntropyZ">H(Z).</param>
/// <param name="JointEntropy">H(X,Y,Z).</param>
/// <param name="ConditionalMutualInformation">I(X;Y|Z) = Σ p(x,y,z) log(p(x,y,z)p(z)/(p(x,z)p(y,z))) ≥ 0.</param>
/// <param name="TotalCorrelation">C = H(X) + H(Y) + H(Z) − H(X,Y,Z) = Σ p log(p/(p(x)p(y)p(z))) ≥ 0.</param>
/// <param name="InteractionInformation">I(X;Y;Z) = I(X;Y) − I(X;Y|Z) (co-information, dit's sign; may be negative).</param>
public readonly record struct JointMeasures3(
    JointMeasures XY, double EntropyZ, double JointEntropy, double ConditionalMutualInformation, double TotalCorrelation, double InteractionInformation)
{
    /// <summary>The measures of a joint table p(x, y, z) given row-major (index (x·|Y| + y)·|Z| + z).</summary>
    /// <param name="table">|X|·|Y|·|Z| probabilities ≥ 0 summing to 1 within <see cref="CategoricalSpan.SumTolerance"/>.</param>
    /// <param name="sizeX">|X|.</param>
    /// <param name="sizeY">|Y|.</param>
    /// <param name="sizeZ">|Z|.</param>
    /// <param name="unit">The logarithm base (nats by default).</param>
    /// <param name="normalize">Divide by the total instead of rejecting a sum that is not 1.</param>
    /// <returns>The measures.</returns>
    /// <exception cref="ArgumentException">Bad shape, a bad cell (named joint[x, y, z]) or a bad sum.</exception>
    public static JointMeasures3 Of(ReadOnlySpan<double> table, int sizeX, int sizeY, int sizeZ, LogBase unit = default, bool normalize = false)
    {
        var p = JointTable.Prepare(table, [sizeX, sizeY, sizeZ], normalize);
        var pxy = JointTable.Marginal(p, sizeX * sizeY, sizeZ, keepFirst: true);
        var px = JointTable.Marginal(pxy, sizeX, sizeY, keepFirst: true);
        var py = JointTable.Marginal(pxy, sizeX, sizeY, keepFirst: false);
        var pz = JointTable.Marginal(p, sizeX * sizeY, sizeZ, keepFirst: false);
        var pxz = new double[sizeX * sizeZ];
        var pyz = new double[sizeY * sizeZ];
        var sxz = new CompensatedSum[sizeX * sizeZ];
        var syz = new CompensatedSum[sizeY * sizeZ];
        for (int x = 0; x < sizeX; x++)
            for (int y = 0; y < sizeY; y++)
                for (int z = 0; z < sizeZ; z++)
                {
                    double v = p[(x * sizeY + y) * sizeZ + z];
                    sxz[x * sizeZ + z].Add(v);
                    syz[y * sizeZ + z].Add(v);
                }
        for (int k = 0; k < pxz.Length; k++) pxz[k] = sxz[k].Value;
        for (int k = 0; k < pyz.Length; k++) pyz[k] = syz[k].Value;
        var h = new CompensatedSum();
        var cmi = new CompensatedSum();
        var tc = new CompensatedSum();
        for (int x = 0; x < sizeX; x++)
            for (int y = 0; y < sizeY; y++)
                for (int z = 0; z < sizeZ; z++)
                {
                    double v = p[(x * sizeY + y) * sizeZ + z];
                    if (v == 0) continue;
                    h.Add(-v * Math.Log(v));
                    // log(p·p_z / (p_xz·p_yz)) = log(p/p_xz) − log(p_yz/p_z)
                    cmi.Add(v * (LogRatio.Of(v, pxz[x * sizeZ + z]) - LogRatio.Of(pyz[y * sizeZ + z], pz[z])));
                    tc.Add(v * (JointTable.LogRatioOfProduct(v, px[x], py[y]) - Math.Log(pz[z])));
                }
        var xy = JointMeasures.FromProbabilities(pxy, px, py, sizeX, sizeY, unit);
        double conditional = Math.Max(cmi.Value, 0.0);
        return new JointMeasures3(xy, unit.FromNats(JointTable.Entropy(pz)), unit.FromNats(Math.Max(h.Value, 0.0)),
            unit.FromNats(conditional), unit.FromNats(Math.Max(tc.Value, 0.0)), xy.MutualInformation - unit.FromNats(conditional));
    }
}

/// <summary>Validation and marginals of joint probability tables.</summary>
internal static class JointTable
{
    /// <summary>Checks shape and cells (finite, ≥ 0) and the sum; returns the (normalised) probabilities.</summary>
    public static double[] Prepare(ReadOnlySpan<double> table, int[] shape, bool normalize)
    {
        long cells = 1;
        foreach (int s in shape)
        {
            if (s <= 0) throw new InvalidDistributionException($"joint: shape [{string.Join(", ", shape)}] has an empty axis", "table");
            cells *= s;
        }
        if (table.Length != cells)
            throw new InvalidDistributionException($"joint has {table.Length} cells but the shape [{string.Join(", ", shape)}] needs {cells}", "table");
        var sum = new CompensatedSum();
        for (int i = 0; i < table.Length; i++)
        {
            double v = table[i];
            if (!double.IsFinite(v) || v < 0)
                throw new InvalidDistributionException($"joint[{Index(i, shape)}] = {v.ToString(CultureInfo.InvariantCulture)}: probabilities must be finite and ≥ 0", "table");
            sum.Add(v);
        }
        double total = sum.Value;
        if (normalize ? !(total > 0) : !(Math.Abs(total - 1.0) <= CategoricalSpan.SumTolerance))
            throw new InvalidDistributionException($"joint sums to {total.ToString(CultureInfo.InvariantCulture)}: a joint table must sum to 1 within 1e-6 (or normalise)", "table");
        var p = table.ToArray();
        if (normalize && total != 1.0) for (int i = 0; i < p.Length; i++) p[i] /= total;
        return p;
    }

    private static string Index(int flat, int[] shape)
    {
        var index = new int[shape.Length];
        for (int a = shape.Length - 1; a >= 0; a--)
        {
            index[a] = flat % shape[a];
            flat /= shape[a];
        }
        return string.Join(", ", index);
    }

    /// <summary>Row sums (keepFirst) or column sums of a rows × columns table, compensated.</summary>
    public static double[] Marginal(double[] p, int rows, int columns, bool keepFirst)
    {
        var sums = new CompensatedSum[keepFirst ? rows : columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                sums[keepFirst ? r : c].Add(p[r * columns + c]);
        var result = new double[sums.Length];
        for (int k = 0; k < result.Length; k++) result[k] = sums[k].Value;
        return result;
    }

    /// <summary>H = −Σ p log p of a marginal (0·log 0 = 0), compensated, clamped at 0.</summary>
    public static double Entropy(double[] p)
    {
        var h = new CompensatedSum();
        foreach (double v in p)
            if (v > 0) h.Add(-v * Math.Log(v));
        return Math.Max(h.Value, 0.0);
    }

    /// <summary>log(v / (a·b)) for v, a, b &gt; 0: log(v/a) − log b, accurate ratio first.</summary>
    public static double LogRatioOfProduct(double v, double a, double b) => LogRatio.Of(v, a) - Math.Log(b);
}
