using Kullback.Kernels;
namespace Kullback.Estimation;

/// <summary>
/// One-dimensional points sorted once, for range counts in O(log n): the number of points x_j with |x_j − v| &lt; r.
/// Because fl(x_j − v) is monotone in x_j, the points inside form one run of the sorted order, found by two binary
/// searches on the very comparison brute force (and the max-norm <see cref="KdTree"/>) makes, so counts are exact.
/// In one dimension the Euclidean tree's √(fl(t²)) equals |t| (for |t| above 2⁻⁵¹¹, where t² does not underflow),
/// so the same counts serve both metrics.
/// </summary>
internal sealed class SortedLine
{
    // A copy of the points, sorted in place (with the permutation that sorts them) on first use.
    private readonly double[] _values;
    // Made once on first use and published by one reference write, so threads sharing a line (a target scored against
    // many features at once) see either nothing or the whole of it.
    private Ranking? _ranking;
    private AxisGrid? _axisCells;
    private Buckets? _buckets;

    private sealed record Ranking(double[] Sorted, int[] Order);

    private sealed record AxisGrid(int Cells, int[] CellOf);

    // Equal-width buckets over the sorted values [min, max], a guess of where a value falls among them:
    // bucket(t) = ⌊fl(fl(t − min)·scale)⌋ clamped to [0, count] (monotone in t), firstAt[b] = the first sorted position
    // whose bucket is ≥ b, firstAt[count + 1] = n. Only a guess: every answer is checked with the exact comparison.
    private sealed record Buckets(int[] FirstAt, double Min, double Scale, int Count)
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public int Of(double t)
        {
            double u = (t - Min) * Scale;
            return u >= Count ? Count : u > 0 ? (int)u : 0;
        }

        public static Buckets Over(double[] sorted)
        {
            int n = sorted.Length, count = Math.Max(1, n);
            double min = n > 0 ? sorted[0] : 0, width = n > 0 ? sorted[^1] - min : 0, scale = count / width;
            if (!(width > 0) || !double.IsFinite(scale)) scale = 0; // one value, or a range too wide to scale: one bucket
            var buckets = new Buckets(new int[count + 2], min, scale, count);
            var firstAt = buckets.FirstAt;
            int next = 0; // firstAt[b] is set for every b < next
            for (int j = 0; j < n; j++)
                for (int b = buckets.Of(sorted[j]); next <= b; next++) firstAt[next] = j;
            for (; next <= count + 1; next++) firstAt[next] = n;
            return buckets;
        }
    }

    // A bucket holding more points than this is not searched (skewed values): the windowed search takes over.
    private const int MaxBucketRun = 64;

    // An end of the run of points within r of v, as the first sorted position where a predicate turns true (it is
    // false, then true, along the sorted order). Left: fl(v − x_j) &lt; r (inside on the left, or right of v); right:
    // not fl(x_j − v) &lt; r (outside on the right), the two predicates of Within.
    private interface IRunEnd
    {
        static abstract bool Past(double xj, double v, double r);
    }

    private readonly struct LeftEnd : IRunEnd
    {
        public static bool Past(double xj, double v, double r) => v - xj < r;
    }

    private readonly struct RightEnd : IRunEnd
    {
        public static bool Past(double xj, double v, double r) => !(xj - v < r);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int NotPast<TEnd>(double xj, double v, double r) where TEnd : IRunEnd =>
        System.Runtime.CompilerServices.Unsafe.BitCast<bool, byte>(!TEnd.Past(xj, v, r));

    // The run end looked for inside the bucket of t (v − r for the left end, v + r for the right): when the point just
    // before the bucket is not past and the point just after it is, the end lies in the bucket, found by a branch-free
    // search of log₂(its size) steps; else −1 (the guess was off: rounding at a bucket edge, or a crowded bucket).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int EndInBucket<TEnd>(ReadOnlySpan<double> x, Buckets buckets, double t, double v, double r) where TEnd : IRunEnd
    {
        int b = buckets.Of(t);
        int a = buckets.FirstAt[b], c = buckets.FirstAt[b + 1];
        if (c - a > MaxBucketRun || a > 0 && TEnd.Past(x[a - 1], v, r) || c < x.Length && !TEnd.Past(x[c], v, r)) return -1;
        if (c - a <= 4 && a + 4 <= x.Length)
        {
            // The end is a plus the points of [a, a + 4) not past it (those from c on are past): four independent
            // comparisons, no branch on the data, so the searches of consecutive points overlap in the pipeline.
            return a + NotPast<TEnd>(x[a], v, r) + NotPast<TEnd>(x[a + 1], v, r) + NotPast<TEnd>(x[a + 2], v, r) + NotPast<TEnd>(x[a + 3], v, r);
        }
        if (c == a) return a;
        int at = a;
        for (int m = c - a; m > 1; m -= m >>> 1)
        {
            int half = m >>> 1;
            at += half & ~Mask(TEnd.Past(x[at + half], v, r));
        }
        return at + (1 & ~Mask(TEnd.Past(x[at], v, r)));
    }

    /// <summary>Copies <paramref name="values"/>; the copy is sorted when a count first needs it.</summary>
    public SortedLine(ReadOnlySpan<double> values) => _values = values.ToArray();

    /// <summary>#{j : |x_j − v| &lt; r}, every point counted (v itself too, when it is a point and r &gt; 0).</summary>
    public int CountWithin(double v, double r) => r > 0 ? Within(Ranks().Sorted, v, r) : 0;

    // #{j : |x_j − v| < r} in the sorted x, r > 0, by two interleaved branch-free binary searches (the step halves,
    // the base moves by a mask, no branches): left = first index whose point is ≥ v or already inside on the left,
    // i.e. fl(v − x_j) < r (for r > 0, x_j ≥ v or −r < fl(x_j − v), and fl(v − x_j) = −fl(x_j − v)); right = first index
    // right of v and outside, i.e. not fl(x_j − v) < r. Both predicates are monotone along the sorted order because
    // fl(x_j − v) is monotone in x_j.
    private static int Within(ReadOnlySpan<double> x, double v, double r)
    {
        if (x.Length == 0) return 0;
        int left = 0, right = 0;
        for (int n = x.Length; n > 1; n -= n >>> 1)
        {
            int half = n >>> 1;
            double a = x[left + half], b = x[right + half];
            left += half & ~Mask(v - a < r);
            right += half & Mask(b - v < r);
        }
        left += 1 & ~Mask(v - x[left] < r);
        right += 1 & Mask(x[right] - v < r);
        return right - left;
    }

    // −1 for true, 0 for false: a comparison turned into a mask (a flag set, not a branch, so a search step costs no
    // misprediction; the JIT does not turn a conditional add inside a loop into a conditional move).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Mask(bool b) => -System.Runtime.CompilerServices.Unsafe.BitCast<bool, byte>(b);

    // #{j ≠ p : |x_j − x_p| < r} in the sorted x, r > 0. First a window of w points on each side: when the points w
    // away on both sides are outside, both ends of the run lie inside the windows and two interleaved branch-free
    // searches of log₂ w steps over cache-hot points find them; else the whole-line search of Within. Same
    // comparison, same monotonicity, so the same count either way.
    private static int OthersWithin(ReadOnlySpan<double> x, int p, double r, int w)
    {
        double v = x[p];
        int hi = p + w, lo = p - w;
        if (lo < 0 || hi >= x.Length || Math.Abs(x[hi] - v) < r || Math.Abs(x[lo] - v) < r) return Within(x, v, r) - 1;
        // right = first index in [p + 1, p + w] outside (x[p + w] is); left = first index in [p − w, p] inside (x[p] is).
        int right = p + 1, left = lo;
        for (int m = w; m > 1; m -= m >>> 1)
        {
            int half = m >>> 1;
            right += half & Mask(Math.Abs(x[right + half] - v) < r);
            left += half & ~Mask(Math.Abs(x[left + half] - v) < r);
        }
        right += 1 & Mask(Math.Abs(x[right] - v) < r);
        left += 1 & ~Mask(Math.Abs(x[left] - v) < r);
        return right - left - 1; // the run is [left, right), less point p itself
    }

    /// <summary>
    /// For each i, the other points strictly within rᵢ of point i: #{j ≠ i : |x_j − x_i| &lt; rᵢ}
    /// (<paramref name="values"/> must be the points the line was built from, in their original order).
    /// The points are taken in sorted order (consecutive searches share cache lines) and each end of the run is found
    /// by a branch-free binary search, first in the equal-width bucket where xᵢ ∓ rᵢ falls (one or two points, for
    /// spread-out values), else in a window around the point sized from the previous point's count, else over the
    /// whole line, with the comparisons of <c>Within</c>; the point itself (|0| &lt; rᵢ) is taken off.
    /// </summary>
    public void CountOthersWithin(ReadOnlySpan<double> values, double[] radii, int[] counts, int threads)
    {
        int n = values.Length;
        if (n != _values.Length) throw new ArgumentException($"values holds {n}; the line was built from {_values.Length}", nameof(values));
        if (radii.Length != n || counts.Length != n) throw new ArgumentException($"{radii.Length} radii and {counts.Length} counts for {n} points", nameof(radii));
        var ranking = Ranks();
        var (sorted, order) = (ranking.Sorted, ranking.Order);
        var buckets = _buckets ??= Buckets.Over(sorted);
        var (r, result) = (radii, counts);
        RowPartition.Blocks(n, 256, RowPartition.ResolveThreads(threads, nameof(threads)), (from, to) =>
        {
            int window = 16;
            for (int p = from; p < to; p++)
            {
                int i = order[p];
                double ri = r[i];
                if (!(ri > 0)) { result[i] = 0; continue; }
                double v = sorted[p];
                int left = EndInBucket<LeftEnd>(sorted, buckets, v - ri, v, ri), right = EndInBucket<RightEnd>(sorted, buckets, v + ri, v, ri);
                int c = left >= 0 && right >= 0 ? right - left - 1 : OthersWithin(sorted, p, ri, window);
                result[i] = c;
                window = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)c + 2); // the next point's guess
            }
        });
    }

    // The sorted values, computed once and kept, so one line (e.g. the target's) serves many calls.
    internal double[] Ranked() => Ranks().Sorted;

    private Ranking Ranks()
    {
        if (_ranking is { } done) return done;
        lock (_values) // the copy is sorted in place: once, by one thread
        {
            if (_ranking is { } raced) return raced;
            int n = _values.Length;
            var order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            DoubleRadixSort.Sort(_values, order);
            var ranking = new Ranking(_values, order);
            _ranking = ranking;
            return ranking;
        }
    }

    /// <summary>cellOf[i] = the c with ⌊c n / g⌋ ≤ p &lt; ⌊(c + 1) n / g⌋ where p is point i's position in the sorted
    /// order (ties in the sort's order): point i's rank-quantile cell among
    /// <paramref name="g"/> along this axis (kept for the last g asked for; a target's serves every feature).</summary>
    internal int[] AxisCells(int g)
    {
        if (_axisCells is { } done && done.Cells == g) return done.CellOf;
        var order = Ranks().Order;
        int n = order.Length;
        var cellOf = new int[n];
        for (int c = 0; c < g; c++)
        {
            int to = (int)((long)(c + 1) * n / g);
            for (int p = (int)((long)c * n / g); p < to; p++) cellOf[order[p]] = c;
        }
        _axisCells = new AxisGrid(g, cellOf);
        return cellOf;
    }
}
