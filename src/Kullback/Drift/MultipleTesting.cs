namespace Kullback.Drift;

/// <summary>
/// Corrections of p-values for testing many columns at once, with statsmodels' <c>multipletests</c> semantics:
/// Bonferroni p̃_i = min(1, m p_i); Benjamini–Hochberg (<c>fdr_bh</c>) p̃_(i) = min(1, min_{j ≥ i} m p_(j) / j) over the
/// p-values sorted ascending, m the number of p-values. NaN p-values are left NaN and not counted in m.
/// </summary>
public static class MultipleTesting
{
    /// <summary>Bonferroni: p̃_i = min(1, m p_i).</summary>
    /// <param name="p">p-values in [0, 1] (NaN allowed).</param>
    /// <returns>The adjusted p-values, in the input's order.</returns>
    /// <exception cref="ArgumentException">A p-value outside [0, 1].</exception>
    public static double[] Bonferroni(ReadOnlySpan<double> p)
    {
        int m = Check(p);
        var adjusted = new double[p.Length];
        for (int i = 0; i < p.Length; i++) adjusted[i] = double.IsNaN(p[i]) ? double.NaN : Math.Min(1.0, m * p[i]);
        return adjusted;
    }

    /// <summary>Benjamini–Hochberg: p̃_(i) = min(1, min_{j ≥ i} m p_(j) / j), ranks j = 1 … m of the sorted p-values.</summary>
    /// <param name="p">p-values in [0, 1] (NaN allowed).</param>
    /// <returns>The adjusted p-values, in the input's order.</returns>
    /// <exception cref="ArgumentException">A p-value outside [0, 1].</exception>
    public static double[] BenjaminiHochberg(ReadOnlySpan<double> p)
    {
        int m = Check(p);
        var adjusted = new double[p.Length];
        var order = new List<int>(m);
        for (int i = 0; i < p.Length; i++)
            if (double.IsNaN(p[i])) adjusted[i] = double.NaN;
            else order.Add(i);
        var values = p.ToArray();
        order.Sort((a, b) => values[a] != values[b] ? values[a].CompareTo(values[b]) : a.CompareTo(b));
        double running = 1.0;
        for (int r = m - 1; r >= 0; r--)
        {
            int i = order[r];
            running = Math.Min(running, values[i] * m / (r + 1));
            adjusted[i] = running;
        }
        return adjusted;
    }

    private static int Check(ReadOnlySpan<double> p)
    {
        int m = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (double.IsNaN(p[i])) continue;
            if (p[i] < 0 || p[i] > 1) throw new ArgumentException($"p[{i}] = {p[i]}: a p-value must be in [0, 1]", nameof(p));
            m++;
        }
        return m;
    }
}
