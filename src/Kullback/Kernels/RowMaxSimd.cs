namespace Kullback.Kernels;

/// <summary>m = max_c z_c over a float row of n ≥ Count elements, vectorised, with NaN/+∞/all −∞ detection.</summary>
internal static unsafe class RowMaxSimd
{
    public static RowFault Max<TV, TOps>(float* z, int n, out float m) where TV : struct where TOps : ISimdFloat<TV>
    {
        int k = TOps.Count;
        TV max = TOps.Load(z), bad = TOps.NaNMask(max);
        int i = k;
        for (; i + k <= n; i += k)
        {
            TV v = TOps.Load(z + i);
            max = TOps.Max(max, v);
            bad = TOps.Or(bad, TOps.NaNMask(v));
        }
        if (i < n)
        {
            TV v = TOps.Load(z + n - k);                // overlapping tail: max is idempotent
            max = TOps.Max(max, v);
            bad = TOps.Or(bad, TOps.NaNMask(v));
        }
        m = TOps.MaxAcross(max);
        if (TOps.AnyBitSet(bad) || m == float.PositiveInfinity) return RowFault.LogitNotFinite;
        return m == float.NegativeInfinity ? RowFault.AllLogitsMasked : RowFault.None;
    }
}
