using System.Buffers;
using System.Runtime.InteropServices;

namespace Kullback.Drift;

/// <summary>Sorting of large samples before ECDF-based statistics (KS, Wasserstein).</summary>
public static class SampleSort
{
    private const int Bits = 11, Buckets = 1 << Bits, Passes = 6; // 6 × 11 ≥ 64 bits

    /// <summary>
    /// Sorts ascending in place. Large spans use an LSD radix sort on the IEEE-754 bits mapped to an unsigned order
    /// (negative: all bits flipped; positive: sign bit set), 6 passes of 11 bits, skipping passes where every key has
    /// the same digit; small spans use <see cref="MemoryExtensions.Sort{T}(Span{T})"/>. NaN must not occur.
    /// </summary>
    /// <param name="values">Finite values (±∞ allowed).</param>
    public static void Sort(Span<double> values)
    {
        if (values.Length < 4096)
        {
            values.Sort();
            return;
        }
        var keys = MemoryMarshal.Cast<double, ulong>(values);
        for (int i = 0; i < keys.Length; i++)
        {
            ulong k = keys[i];
            keys[i] = (k & 0x8000_0000_0000_0000UL) != 0 ? ~k : k | 0x8000_0000_0000_0000UL;
        }
        var counts = new int[Passes * Buckets];
        foreach (ulong k in keys)
            for (int p = 0; p < Passes; p++) counts[p * Buckets + (int)((k >> (p * Bits)) & (Buckets - 1))]++;
        ulong[] rented = ArrayPool<ulong>.Shared.Rent(keys.Length);
        try
        {
            Span<ulong> src = keys, dst = rented.AsSpan(0, keys.Length);
            bool inOriginal = true;
            var offsets = new int[Buckets];
            for (int p = 0; p < Passes; p++)
            {
                var c = counts.AsSpan(p * Buckets, Buckets);
                if (c.Contains(keys.Length)) continue; // every key has the same digit here
                int sum = 0;
                for (int b = 0; b < Buckets; b++) { offsets[b] = sum; sum += c[b]; }
                int shift = p * Bits;
                foreach (ulong k in src) dst[offsets[(int)((k >> shift) & (Buckets - 1))]++] = k;
                var t = src; src = dst; dst = t;
                inOriginal = !inOriginal;
            }
            if (!inOriginal) src.CopyTo(keys);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
        for (int i = 0; i < keys.Length; i++)
        {
            ulong k = keys[i];
            keys[i] = (k & 0x8000_0000_0000_0000UL) != 0 ? k & 0x7FFF_FFFF_FFFF_FFFFUL : ~k;
        }
    }
}
