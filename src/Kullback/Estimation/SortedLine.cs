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
    private readonly double[] _values;
    private double[]? _sorted;
    // Made once on first use and published by one reference write, so threads sharing a line (a target scored against
    // many features at once) see either nothing or the whole of it.
    private Ranking? _ranking;
    private AxisGrid? _axisCells;

    private sealed record Ranking(double[] Sorted, int[] Place, int[] Order);

    private sealed record AxisGrid(int Cells, int[] CellOf);

    /// <summary>Copies <paramref name="values"/>; they are sorted when <see cref="CountWithin"/> first needs them.</summary>
    public SortedLine(ReadOnlySpan<double> values) => _values = values.ToArray();

    /// <summary>#{j : |x_j − v| &lt; r}, every point counted (v itself too, when it is a point and r &gt; 0).</summary>
    public int CountWithin(double v, double r)
    {
        if (!(r > 0)) return 0;
        if (_sorted is null)
        {
            var sorted = (double[])_values.Clone();
            Array.Sort(sorted);
            _sorted = sorted;
        }
        return Within(_sorted, v, r);
    }

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
    /// The points are taken in sorted order (consecutive searches share cache lines) and each run is found by
    /// branch-free binary searches, first in a window around the point sized from the previous point's count, else
    /// over the whole line, with the same comparison |x_j − x_i| &lt; rᵢ; the point itself (|0| &lt; rᵢ) is taken off.
    /// </summary>
    public void CountOthersWithin(ReadOnlySpan<double> values, ReadOnlySpan<double> radii, Span<int> counts, int threads)
    {
        int n = values.Length;
        if (n != _values.Length) throw new ArgumentException($"values holds {n}; the line was built from {_values.Length}", nameof(values));
        var ranking = Ranks();
        var (sorted, order) = (ranking.Sorted, ranking.Order);
        var r = radii.ToArray();
        var result = new int[n];
        RowPartition.Blocks(n, 256, RowPartition.ResolveThreads(threads, nameof(threads)), (from, to) =>
        {
            int window = 16;
            for (int p = from; p < to; p++)
            {
                int i = order[p];
                double ri = r[i];
                if (!(ri > 0)) { result[i] = 0; continue; }
                int c = OthersWithin(sorted, p, ri, window);
                result[i] = c;
                window = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)c + 2); // the next point's guess
            }
        });
        result.CopyTo(counts);
    }

    // The sorted values with place[i], a position of point i in them (ties in any order: equal values count alike),
    // computed once and kept, so one line (e.g. the target's) serves many calls.
    internal (double[] Sorted, int[] Place) Ranked()
    {
        var r = Ranks();
        return (r.Sorted, r.Place);
    }

    private Ranking Ranks()
    {
        if (_ranking is { } done) return done;
        int n = _values.Length;
        var keys = (double[])_values.Clone();
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        DoubleRadixSort.Sort(keys, order);
        var place = new int[n];
        for (int p = 0; p < n; p++) place[order[p]] = p;
        var ranking = new Ranking(keys, place, order);
        _ranking = ranking;
        return ranking;
    }

    /// <summary>cellOf[i] = the c with ⌊c n / g⌋ ≤ place[i] &lt; ⌊(c + 1) n / g⌋: point i's rank-quantile cell among
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
