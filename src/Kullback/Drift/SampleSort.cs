using System.Buffers;
using System.Runtime.InteropServices;

namespace Kullback.Drift;

/// <summary>Sorting of large samples before ECDF-based statistics (KS, Wasserstein).</summary>
public static class SampleSort
{
    private const int Bits = 11, Buckets = 1 << Bits, Passes = 6; // 6 × 11 ≥ 64 bits

    /// <summary>
    /// Sorts ascending in place. Large spans first try a bucket sort on equal-width buckets over the finite range
    /// (about 4 values per bucket; bucket index ⌊(x − min)·scale⌋ is monotone in x, so the buckets are in order; each bucket
    /// is then sorted by insertion, or by <see cref="MemoryExtensions.Sort{T}(Span{T})"/> when large). When the values crowd
    /// into few buckets (many ties, heavy tails, a constant) it falls back to an LSD radix sort on the IEEE-754 bits mapped
    /// to an unsigned order (negative: all bits flipped; positive: sign bit set), 6 passes of 11 bits, skipping passes where
    /// every key has the same digit. Small spans use <see cref="MemoryExtensions.Sort{T}(Span{T})"/>. NaN must not occur.
    /// </summary>
    /// <param name="values">Finite values (±∞ allowed).</param>
    public static void Sort(Span<double> values)
    {
        if (values.Length < 4096)
        {
            values.Sort();
            return;
        }
        if (!BucketSort(values)) RadixSort(values);
    }

    /// <summary>Values per bucket on average in <see cref="BucketSort"/>.</summary>
    private const int ValuesPerBucket = 4;

    /// <summary>Buckets up to this size are sorted by insertion.</summary>
    private const int InsertionLimit = 48;

    /// <summary>
    /// Bucket sort over the finite range [min, max]: −∞ goes to the first bucket, +∞ to the last. Returns false, with
    /// <paramref name="values"/> untouched, when more than 1/16 of the values fall in buckets larger than
    /// <see cref="InsertionLimit"/> (the radix sort is then the faster one).
    /// </summary>
    private static bool BucketSort(Span<double> values)
    {
        int n = values.Length;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (v < lo && v != double.NegativeInfinity) lo = v;
            if (v > hi && v != double.PositiveInfinity) hi = v;
        }
        int buckets = n / ValuesPerBucket;
        double scale = buckets / (hi - lo);
        if (!(lo < hi) || !double.IsFinite(scale) || !(scale > 0)) return false;
        int[] counts = ArrayPool<int>.Shared.Rent(buckets + 1);
        double[]? sorted = null;
        try
        {
            var count = counts.AsSpan(0, buckets + 1);
            count.Clear();
            foreach (double v in values) count[Bucket(v, lo, scale, buckets) + 1]++;
            long crowded = 0;
            foreach (int c in count) if (c > InsertionLimit) crowded += c;
            if (crowded > n / 16) return false;
            for (int b = 1; b <= buckets; b++) count[b] += count[b - 1]; // count[b] = start of bucket b
            sorted = ArrayPool<double>.Shared.Rent(n);
            var next = count[..buckets];
            foreach (double v in values) sorted[next[Bucket(v, lo, scale, buckets)]++] = v;
            // Now next[b] is the end of bucket b (= the start of bucket b + 1).
            for (int b = 0, start = 0; b < buckets; b++)
            {
                int end = next[b];
                var bucket = sorted.AsSpan(start, end - start);
                if (bucket.Length > InsertionLimit) bucket.Sort();
                else if (bucket.Length > 1) InsertionSort(bucket);
                start = end;
            }
            sorted.AsSpan(0, n).CopyTo(values);
            return true;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(counts);
            if (sorted is not null) ArrayPool<double>.Shared.Return(sorted);
        }
    }

    /// <summary>⌊(v − lo)·scale⌋ clamped to [0, buckets − 1]: monotone (non-decreasing) in v, ±∞ included.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Bucket(double v, double lo, double scale, int buckets)
    {
        double t = (v - lo) * scale;
        return t < 0 ? 0 : t < buckets ? (int)t : buckets - 1;
    }

    private static void InsertionSort(Span<double> x)
    {
        for (int i = 1; i < x.Length; i++)
        {
            double v = x[i];
            int j = i - 1;
            while (j >= 0 && x[j] > v)
            {
                x[j + 1] = x[j];
                j--;
            }
            x[j + 1] = v;
        }
    }

    /// <summary>LSD radix sort (see <see cref="Sort"/>).</summary>
    private static void RadixSort(Span<double> values)
    {
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
