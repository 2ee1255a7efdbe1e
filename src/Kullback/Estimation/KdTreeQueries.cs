using System.Runtime.Intrinsics;
using Kullback.Kernels;

namespace Kullback.Estimation;

// Range counts and thread-bounded batch queries of the k-d tree (the KSG / Ross / Frenzel–Pompe estimators' searches).
public sealed partial class KdTree
{
    /// <summary>
    /// The number of tree points at distance strictly below <paramref name="radius"/> from <paramref name="query"/>,
    /// not counting the point whose original index is <paramref name="exclude"/> (−1: count all). Equals brute force
    /// exactly: the distance of each candidate is computed as <see cref="KthNeighbourDistance"/> computes it.
    /// </summary>
    /// <param name="query">A point with <see cref="Dimensions"/> coordinates.</param>
    /// <param name="radius">r; a point counts when its distance d &lt; r (r ≤ 0 counts nothing; +∞ counts every finite point).</param>
    /// <param name="exclude">Original index of a tree point to skip, or −1.</param>
    /// <exception cref="ArgumentException">A query of the wrong length, or a NaN radius.</exception>
    public int CountWithin(ReadOnlySpan<double> query, double radius, int exclude = -1)
    {
        if (query.Length != Dimensions)
            throw new ArgumentException($"query has {query.Length} coordinates; the tree has {Dimensions}", nameof(query));
        if (double.IsNaN(radius)) throw new ArgumentException("radius is NaN", nameof(radius));
        if (!(radius > 0) || Count == 0) return 0;
        Span<double> offsets = Dimensions <= 64 ? stackalloc double[Dimensions] : new double[Dimensions];
        offsets.Clear();
        return _metric == NeighbourMetric.Chebyshev
            ? CountIn<MaxNorm>(0, query, radius, MaxNorm.Bound(radius), exclude, offsets, 0)
            : CountIn<SquaredEuclidean>(0, query, radius, SquaredEuclidean.Bound(radius), exclude, offsets, 0);
    }

    /// <summary>
    /// <see cref="CountWithin(ReadOnlySpan{double}, double, int)"/> for every row i of <paramref name="queries"/> (row-major m × <see cref="Dimensions"/>)
    /// with its own radius rᵢ; with <paramref name="queriesAreTreePoints"/> query i is tree point i and is not counted.
    /// </summary>
    /// <param name="queries">Row-major m × d query points.</param>
    /// <param name="radii">m radii.</param>
    /// <param name="queriesAreTreePoints">Leave each query's own tree point out (m must equal <see cref="Count"/>).</param>
    /// <param name="counts">m counts, written.</param>
    /// <param name="threads">Most threads to use: T ≥ 1, or −1 for every processor.</param>
    /// <exception cref="ArgumentException">Shapes disagree or threads is 0 or below −1.</exception>
    public void CountWithin(ReadOnlySpan<double> queries, ReadOnlySpan<double> radii, bool queriesAreTreePoints, Span<int> counts, int threads = 1)
    {
        threads = RowPartition.ResolveThreads(threads, nameof(threads));
        int m = Queries(queries, queriesAreTreePoints);
        if (radii.Length != m) throw new ArgumentException($"radii holds {radii.Length}; {m} queries need {m}", nameof(radii));
        if (counts.Length < m) throw new ArgumentException($"counts holds {counts.Length}; {m} are needed", nameof(counts));
        var q = queries.ToArray();
        var r = radii.ToArray();
        var result = new int[m];
        int d = Dimensions;
        Blocks(m, threads, (from, to) =>
        {
            for (int j = from; j < to; j++)
            {
                int i = queriesAreTreePoints ? _index[j] : j; // tree order: consecutive queries touch the same cells
                result[i] = CountWithin(q.AsSpan(i * d, d), r[i], queriesAreTreePoints ? i : -1);
            }
        });
        result.CopyTo(counts);
    }

    /// <summary>
    /// <see cref="KthNeighbourDistances(ReadOnlySpan{double}, int, bool, Span{double})"/> on at most
    /// <paramref name="threads"/> threads (1: on the calling thread, no task machinery).
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree, k outside [1, candidates], or threads is 0 or below −1.</exception>
    public void KthNeighbourDistances(ReadOnlySpan<double> queries, int k, bool queriesAreTreePoints, Span<double> distances, int threads)
    {
        threads = RowPartition.ResolveThreads(threads, nameof(threads));
        int m = Queries(queries, queriesAreTreePoints);
        if (distances.Length < m) throw new ArgumentException($"distances holds {distances.Length}; {m} are needed", nameof(distances));
        int candidates = Count - (queriesAreTreePoints ? 1 : 0);
        if (k < 1 || k > candidates)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in [1, {candidates}] (number of points{(queriesAreTreePoints ? " − 1" : "")})");
        var q = queries.ToArray();
        var result = new double[m];
        int d = Dimensions;
        Blocks(m, threads, (from, to) =>
        {
            var scratch = new double[k + d];
            for (int j = from; j < to; j++)
            {
                int i = queriesAreTreePoints ? _index[j] : j;
                result[i] = KthNeighbourDistance(q.AsSpan(i * d, d), k, queriesAreTreePoints ? i : -1, scratch);
            }
        });
        result.CopyTo(distances);
    }

    private int Queries(ReadOnlySpan<double> queries, bool queriesAreTreePoints)
    {
        if (queries.Length % Dimensions != 0)
            throw new ArgumentException($"queries has {queries.Length} values, not a multiple of {Dimensions} dimensions", nameof(queries));
        int m = queries.Length / Dimensions;
        if (queriesAreTreePoints && m != Count)
            throw new ArgumentException($"{m} queries cannot be the tree's {Count} points", nameof(queries));
        return m;
    }

    // Runs body over [0, m) in blocks of 256 on ≤ threads threads (the one harness); one thread runs inline.
    private static void Blocks(int m, int threads, Action<int, int> body) => RowPartition.Blocks(m, 256, threads, body);

    private int CountIn<TM>(int id, ReadOnlySpan<double> q, double r, double bound, int exclude, Span<double> offsets, double cellDistance)
        where TM : IKdMetric
    {
        ref readonly var node = ref _nodes[id];
        if (node.Left < 0) return CountLeaf<TM>(node.Start, node.End, q, r, bound, exclude);
        int dim = node.Dim;
        double diff = q[dim] - node.Split;
        int near = diff < 0 ? node.Left : node.Right;
        int far = diff < 0 ? node.Right : node.Left;
        int count = CountIn<TM>(near, q, r, bound, exclude, offsets, cellDistance);
        double old = offsets[dim];
        double farDistance = TM.FarCell(cellDistance, old, diff);
        if (farDistance < bound)
        {
            offsets[dim] = diff;
            count += CountIn<TM>(far, q, r, bound, exclude, offsets, farDistance);
            offsets[dim] = old;
        }
        return count;
    }

    private int CountLeaf<TM>(int start, int end, ReadOnlySpan<double> q, double r, double bound, int exclude) where TM : IKdMetric
    {
        switch (SimdWidth.For<double>(Vector256<double>.Count))
        {
            case VectorWidth.V512 or VectorWidth.V256: return CountLeaf<TM, Vector256<double>, Simd256>(start, end, q, r, bound, exclude);
            case VectorWidth.V128: return CountLeaf<TM, Vector128<double>, Simd128>(start, end, q, r, bound, exclude);
        }
        int d = Dimensions, count = 0;
        for (int i = start; i < end; i++)
        {
            var p = _points.AsSpan(i * d, d);
            double s = 0;
            for (int j = 0; j < d && s < bound; j++) s = TM.Accumulate(s, p[j] - q[j]);
            if (s < bound && TM.Within(s, r) && _index[i] != exclude) count++;
        }
        return count;
    }

    // A vector of candidates at a time: lanes under the bound (and inside the leaf) are confirmed by the exact test.
    private int CountLeaf<TM, TV, TS>(int start, int end, ReadOnlySpan<double> q, double r, double bound, int exclude)
        where TM : IKdMetric where TV : struct where TS : ISimd<TV>
    {
        int n = TS.Count, count = 0;
        TV last = TS.Broadcast(end), b = TS.Broadcast(bound);
        for (int i = start; i < end; i += n)
        {
            TV s = LeafDistances<TM, TV, TS>(i, q);
            TV hit = TS.AndNot(TS.LessThan(s, b), TS.LessThan(last, TS.Add(TS.Indices, TS.Broadcast(i + 1))));
            if (!TS.Any(hit)) continue;
            for (int l = 0; l < n; l++)
                if (TS.LaneSet(hit, l) && TM.Within(TS.Lane(s, l), r) && _index[i + l] != exclude) count++;
        }
        return count;
    }
}
