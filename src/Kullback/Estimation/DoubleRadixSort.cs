using System.Buffers;
namespace Kullback.Estimation;

/// <summary>
/// Sorts finite doubles with their indices by an LSD radix sort on the IEEE-754 bit patterns (six passes of 11 bits,
/// passes whose digit is the same for every key skipped). The bits are mapped to unsigned keys whose order is the
/// numbers' order (negative: all bits flipped; positive: sign bit set), so the result is sorted as
/// <see cref="Array.Sort{TKey, TValue}(TKey[], TValue[])"/> sorts it; −0 lands just before +0, which compare equal.
/// About four times faster than the comparison sort at 50,000 values; small inputs use the comparison sort.
/// </summary>
internal static class DoubleRadixSort
{
    private const int Bits = 11, Buckets = 1 << Bits, Passes = 6; // 6 · 11 = 66 ≥ 64

    /// <summary>Sorts <paramref name="keys"/> ascending (finite values) and permutes <paramref name="items"/> alike.</summary>
    public static void Sort(double[] keys, int[] items)
    {
        int n = keys.Length;
        if (n < 512)
        {
            Array.Sort(keys, items);
            return;
        }
        // Scratch from the shared pool (a feature ranking sorts one line per feature): longer than n, only [0, n) used.
        ulong[] rentedA = ArrayPool<ulong>.Shared.Rent(n), rentedB = ArrayPool<ulong>.Shared.Rent(n);
        int[] rentedItems = ArrayPool<int>.Shared.Rent(n), counts = ArrayPool<int>.Shared.Rent(Passes * Buckets);
        Array.Clear(counts, 0, Passes * Buckets);
        var (a, b, ia, ib) = (rentedA, rentedB, items, rentedItems);
        for (int i = 0; i < n; i++)
        {
            ulong u = (ulong)BitConverter.DoubleToInt64Bits(keys[i]);
            u ^= (ulong)((long)u >> 63) | 0x8000_0000_0000_0000UL; // negative: flip all; positive: flip the sign
            a[i] = u;
            for (int d = 0; d < Passes; d++) counts[d * Buckets + (int)((u >> (d * Bits)) & (Buckets - 1))]++;
        }
        for (int d = 0; d < Passes; d++)
        {
            var c = counts.AsSpan(d * Buckets, Buckets);
            int shift = d * Bits;
            if (c[(int)((a[0] >> shift) & (Buckets - 1))] == n) continue; // one digit for all: the order stands
            int sum = 0;
            for (int j = 0; j < Buckets; j++) (c[j], sum) = (sum, sum + c[j]);
            for (int i = 0; i < n; i++)
            {
                ulong u = a[i];
                int at = c[(int)((u >> shift) & (Buckets - 1))]++;
                b[at] = u;
                ib[at] = ia[i];
            }
            (a, b) = (b, a);
            (ia, ib) = (ib, ia);
        }
        for (int i = 0; i < n; i++)
        {
            ulong u = a[i];
            u ^= (u & 0x8000_0000_0000_0000UL) != 0 ? 0x8000_0000_0000_0000UL : ulong.MaxValue;
            keys[i] = BitConverter.Int64BitsToDouble((long)u);
        }
        if (!ReferenceEquals(ia, items)) ia.AsSpan(0, n).CopyTo(items);
        ArrayPool<ulong>.Shared.Return(rentedA);
        ArrayPool<ulong>.Shared.Return(rentedB);
        ArrayPool<int>.Shared.Return(rentedItems);
        ArrayPool<int>.Shared.Return(counts);
    }
}
