using System.Runtime.Intrinsics;
using Kullback.Kernels;

namespace Kullback.Estimation;

/// <summary>
/// The k largest entries of a logit row, for the top-k overlap of <c>compare --logits</c>: indices in decreasing order of
/// value, ties broken by the lower index (the order of a stable sort on −z). One pass: the current k-th value is a
/// threshold, and a vector of floats (8, or 4 with Vector128 only) is only looked at lane by lane when one of them beats it.
/// </summary>
public static class TopK
{
    /// <summary>Fills <paramref name="indices"/> (length k ≤ C) with the indices of the k largest of <paramref name="z"/>, largest first, ties by lower index.</summary>
    /// <param name="z">A row of C ≥ 1 values (NaN is outside the contract: the callers reject it first).</param>
    /// <param name="indices">k slots, 1 ≤ k ≤ C.</param>
    /// <param name="values">k floats of scratch (the values at those indices on return).</param>
    /// <exception cref="ArgumentException">k is 0 or above C, or the scratch lengths differ.</exception>
    public static void Largest(ReadOnlySpan<float> z, Span<int> indices, Span<float> values)
    {
        int k = indices.Length;
        if (k < 1 || k > z.Length) throw new ArgumentException($"k = {k} must be in [1, {z.Length}]", nameof(indices));
        if (values.Length != k) throw new ArgumentException($"values has {values.Length} slots for k = {k}", nameof(values));
        int filled = 0;
        for (int i = 0; i < k; i++) Insert(z[i], i, indices, values, ref filled);
        int c = k;
        if (Vector256.IsHardwareAccelerated) c = Scan<Vector256<float>, FloatSimd256>(z, c, indices, values, ref filled);
        else if (Vector128.IsHardwareAccelerated) c = Scan<Vector128<float>, FloatSimd128>(z, c, indices, values, ref filled);
        for (; c < z.Length; c++)
            if (z[c] > values[k - 1]) Insert(z[c], c, indices, values, ref filled);
    }

    /// <summary>
    /// From <paramref name="c"/> on, whole vectors of the row, four at a time: a group is looked at lane by lane only
    /// when the lane-wise max of its vectors beats the current k-th value. Returns the first index not scanned. (256 bits
    /// even where 512 are there: a wider vector beats the threshold more often, and the lane-by-lane look dominates.)
    /// </summary>
    /// <remarks>
    /// "Some lane beats t" is asked as "some lane of t − z is negative or NaN": the sign of a rounded difference is
    /// exact, and NaN (t and z the same infinity) only sends that vector to the exact lane-by-lane test.
    /// </remarks>
    private static unsafe int Scan<TV, TS>(ReadOnlySpan<float> z, int c, Span<int> indices, Span<float> values, ref int filled)
        where TV : struct where TS : struct, ISimdFloat<TV>
    {
        int k = indices.Length;
        fixed (float* pz = z)
        {
            // four vectors per test: their lane-wise max beats the threshold exactly when one of them does
            for (; c <= z.Length - 4 * TS.Count; c += 4 * TS.Count)
            {
                TV m = TS.Max(TS.Max(TS.Load(pz + c), TS.Load(pz + c + TS.Count)), TS.Max(TS.Load(pz + c + 2 * TS.Count), TS.Load(pz + c + 3 * TS.Count)));
                if (TS.AnyBitSet(TS.NegativeOrNaNMask(TS.Subtract(TS.Broadcast(values[k - 1]), m))))
                    for (int j = 0; j < 4 * TS.Count; j++)
                        if (z[c + j] > values[k - 1]) Insert(z[c + j], c + j, indices, values, ref filled);
            }
            for (; c <= z.Length - TS.Count; c += TS.Count)
                if (TS.AnyBitSet(TS.NegativeOrNaNMask(TS.Subtract(TS.Broadcast(values[k - 1]), TS.Load(pz + c)))))
                    for (int j = 0; j < TS.Count; j++)
                        if (z[c + j] > values[k - 1]) Insert(z[c + j], c + j, indices, values, ref filled);
        }
        return c;
    }

    /// <summary>Inserts (v, i) into the sorted list; i is above every index already there, so it goes after equal values.</summary>
    private static void Insert(float v, int i, Span<int> indices, Span<float> values, ref int filled)
    {
        int k = indices.Length;
        int at = filled < k ? filled : k - 1;
        if (filled < k) filled++;
        while (at > 0 && values[at - 1] < v)
        {
            values[at] = values[at - 1];
            indices[at] = indices[at - 1];
            at--;
        }
        values[at] = v;
        indices[at] = i;
    }

    /// <summary>|x ∩ y| for two small index sets without repeats.</summary>
    /// <param name="x">Indices.</param>
    /// <param name="y">Indices.</param>
    public static int Overlap(ReadOnlySpan<int> x, ReadOnlySpan<int> y)
    {
        int n = 0;
        foreach (int i in x)
            if (y.Contains(i)) n++;
        return n;
    }
}
