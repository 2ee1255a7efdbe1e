using System.Runtime.Intrinsics;
using Kullback.Kernels;

namespace Kullback.Estimation;

/// <summary>
/// An exact k-d tree over n points in d dimensions (Euclidean distance √Σ(pⱼ − qⱼ)², or the max-norm maxⱼ |pⱼ − qⱼ|
/// of <see cref="NeighbourMetric.Chebyshev"/>), built once and queried for the distance to the k-th nearest
/// neighbour and for the number of points strictly within a radius. Splits are at the median of the widest dimension; leaves hold up to
/// <see cref="LeafSize"/> points; a query visits the far side of a split only when the squared distance from the query
/// to that cell (kept incrementally per dimension, Arya &amp; Mount 1993) is within the current k-th distance; leaves are
/// scanned four points at a time from a column-major copy. The answer equals brute force exactly.
/// </summary>
public sealed partial class KdTree
{
    /// <summary>Maximum number of points in a leaf.</summary>
    public const int LeafSize = 16;

    private readonly double[] _points;   // permuted copy, row-major (Count × Dimensions)
    private readonly double[] _columns;  // the same, column-major with a stride of Count + 4 (padding for whole vectors)
    private readonly int _stride;
    private readonly int[] _index;       // original index of each permuted point
    private readonly Node[] _nodes;
    private int _nodeCount;
    private readonly NeighbourMetric _metric;

    private struct Node
    {
        public int Start, End, Dim, Left, Right;
        public double Split;
    }

    /// <summary>Builds the tree over <paramref name="points"/>, a row-major n × <paramref name="dimensions"/> matrix (copied).</summary>
    /// <param name="points">Row-major n × d coordinates.</param>
    /// <param name="dimensions">d ≥ 1.</param>
    /// <param name="metric">Euclidean (default) or the max-norm (Chebyshev) distance of the KSG estimators.</param>
    /// <exception cref="ArgumentException">Dimensions &lt; 1, a length that is not a multiple of it, or a non-finite coordinate (named by row and column).</exception>
    public KdTree(ReadOnlySpan<double> points, int dimensions, NeighbourMetric metric = NeighbourMetric.Euclidean)
    {
        if (metric is not (NeighbourMetric.Euclidean or NeighbourMetric.Chebyshev))
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "metric must be Euclidean or Chebyshev");
        _metric = metric;
        if (dimensions < 1) throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "dimensions must be ≥ 1");
        if (points.Length % dimensions != 0)
            throw new ArgumentException($"points has {points.Length} values, not a multiple of {dimensions} dimensions", nameof(points));
        for (int i = 0; i < points.Length; i++)
            if (!double.IsFinite(points[i]))
                throw new ArgumentException($"points[{i / dimensions}, {i % dimensions}] = {points[i]}: coordinates must be finite", nameof(points));
        Dimensions = dimensions;
        Count = points.Length / dimensions;
        _points = points.ToArray();
        _index = new int[Count];
        for (int i = 0; i < Count; i++) _index[i] = i;
        _nodes = new Node[Math.Max(1, 2 * (Count / LeafSize + 1) * 2)];
        if (Count > 0) Build(0, Count);
        _stride = Count + Vector256<double>.Count;
        _columns = new double[_stride * dimensions];
        for (int i = 0; i < Count; i++)
            for (int j = 0; j < dimensions; j++) _columns[j * _stride + i] = _points[i * dimensions + j];
    }

    /// <summary>Number of points.</summary>
    public int Count { get; }

    /// <summary>Dimensions of each point.</summary>
    public int Dimensions { get; }

    /// <summary>The distance the tree measures.</summary>
    public NeighbourMetric Metric => _metric;

    /// <summary>
    /// The Euclidean distance from <paramref name="query"/> to its <paramref name="k"/>-th nearest point of the tree,
    /// ignoring the tree point whose original index is <paramref name="exclude"/> (use −1 to ignore none).
    /// </summary>
    /// <param name="query">A point with <see cref="Dimensions"/> coordinates.</param>
    /// <param name="k">Which neighbour: 1 is the nearest. Range: 1 ≤ k ≤ number of candidate points.</param>
    /// <param name="exclude">Original index of a tree point to skip (the query itself), or −1.</param>
    /// <param name="scratch">Work space of length ≥ k + <see cref="Dimensions"/> (sorted squared distances, cell offsets).</param>
    /// <exception cref="ArgumentOutOfRangeException">k outside its range, or scratch too short.</exception>
    public double KthNeighbourDistance(ReadOnlySpan<double> query, int k, int exclude, Span<double> scratch)
    {
        int candidates = Count - (exclude >= 0 && exclude < Count ? 1 : 0);
        if (k < 1 || k > candidates)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in [1, {candidates}]");
        if (query.Length != Dimensions)
            throw new ArgumentException($"query has {query.Length} coordinates; the tree has {Dimensions}", nameof(query));
        if (scratch.Length < k + Dimensions)
            throw new ArgumentOutOfRangeException(nameof(scratch), scratch.Length, $"scratch must hold k + dimensions = {k + Dimensions} values");
        var best = scratch[..k];
        best.Fill(double.PositiveInfinity);
        var offsets = scratch.Slice(k, Dimensions);
        offsets.Clear();
        if (_metric == NeighbourMetric.Chebyshev)
        {
            Search<MaxNorm>(0, query, exclude, best, offsets, 0);
            return best[k - 1];
        }
        Search<SquaredEuclidean>(0, query, exclude, best, offsets, 0);
        return Math.Sqrt(best[k - 1]);
    }

    /// <summary>
    /// Distances to the <paramref name="k"/>-th nearest tree point for every row of <paramref name="queries"/>
    /// (row-major m × <see cref="Dimensions"/>), in parallel. With <paramref name="queriesAreTreePoints"/> the query
    /// row i is tree point i and is skipped as its own neighbour (leave-one-out).
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree, or k is outside [1, candidates].</exception>
    public void KthNeighbourDistances(ReadOnlySpan<double> queries, int k, bool queriesAreTreePoints, Span<double> distances) =>
        KthNeighbourDistances(queries, k, queriesAreTreePoints, distances, queriesAreTreePoints ? _index : null);

    /// <summary>The original indices of the points in tree order: neighbouring positions are close in space.</summary>
    internal int[] TreeOrder => _index;

    /// <summary>As the public overload, visiting the queries in <paramref name="order"/> (e.g. another tree's
    /// <see cref="TreeOrder"/>) so that consecutive searches touch the same cells; results are unchanged.</summary>
    internal void KthNeighbourDistances(ReadOnlySpan<double> queries, int k, bool queriesAreTreePoints, Span<double> distances, int[]? order)
    {
        if (queries.Length % Dimensions != 0)
            throw new ArgumentException($"queries has {queries.Length} values, not a multiple of {Dimensions} dimensions", nameof(queries));
        int m = queries.Length / Dimensions;
        if (distances.Length < m) throw new ArgumentException($"distances holds {distances.Length}; {m} are needed", nameof(distances));
        if (queriesAreTreePoints && m != Count)
            throw new ArgumentException($"{m} queries cannot be the tree's {Count} points", nameof(queries));
        int candidates = Count - (queriesAreTreePoints ? 1 : 0);
        if (k < 1 || k > candidates)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in [1, {candidates}] (number of points{(queriesAreTreePoints ? " − 1" : "")})");
        var q = queries.ToArray();
        var result = new double[m];
        int d = Dimensions;
        RowPartition.RunWithScratch((m + 255) / 256, RowPartition.ResolveThreads(-1), () => new double[k + d], (block, scratch) =>
        {
            int end = Math.Min(m, (block + 1) * 256);
            for (int j = block * 256; j < end; j++)
            {
                int i = order is null ? j : order[j];
                result[i] = KthNeighbourDistance(q.AsSpan(i * d, d), k, queriesAreTreePoints ? i : -1, scratch);
            }
        });
        result.CopyTo(distances);
    }

    private int Build(int start, int end)
    {
        int id = _nodeCount++;
        ref var node = ref _nodes[id];
        node.Start = start;
        node.End = end;
        node.Left = node.Right = -1;
        if (end - start <= LeafSize) return id;
        int d = Dimensions;
        int dim = 0;
        double widest = -1;
        for (int j = 0; j < d; j++)
        {
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            for (int i = start; i < end; i++)
            {
                double v = _points[i * d + j];
                if (v < lo) lo = v;
                if (v > hi) hi = v;
            }
            if (hi - lo > widest) { widest = hi - lo; dim = j; }
        }
        if (widest <= 0) return id; // all points equal: keep as one leaf
        int mid = (start + end) / 2;
        Select(start, end - 1, mid, dim);
        _nodes[id].Dim = dim;
        _nodes[id].Split = _points[mid * d + dim];
        int left = Build(start, mid);
        int right = Build(mid, end);
        _nodes[id].Left = left;
        _nodes[id].Right = right;
        return id;
    }

    // Quickselect on coordinate `dim`: afterwards points [lo, k) ≤ point k ≤ points (k, hi].
    private void Select(int lo, int hi, int k, int dim)
    {
        int d = Dimensions;
        while (hi > lo)
        {
            double pivot = Median3(_points[lo * d + dim], _points[((lo + hi) / 2) * d + dim], _points[hi * d + dim]);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (_points[i * d + dim] < pivot) i++;
                while (_points[j * d + dim] > pivot) j--;
                if (i <= j) { Swap(i, j); i++; j--; }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }

    private static double Median3(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

    private void Swap(int a, int b)
    {
        int d = Dimensions;
        (_index[a], _index[b]) = (_index[b], _index[a]);
        for (int j = 0; j < d; j++) (_points[a * d + j], _points[b * d + j]) = (_points[b * d + j], _points[a * d + j]);
    }

    // The k nearest by the metric's accumulated distance (squared for Euclidean); `cellDistance` is the same measure
    // from q to the current cell, kept incrementally from the per-dimension offsets.
    private void Search<TM>(int id, ReadOnlySpan<double> q, int exclude, Span<double> best, Span<double> offsets, double cellDistance)
        where TM : IKdMetric
    {
        ref readonly var node = ref _nodes[id];
        if (node.Left < 0)
        {
            ScanLeaf<TM>(node.Start, node.End, q, exclude, best);
            return;
        }
        int dim = node.Dim;
        double diff = q[dim] - node.Split;
        int near = diff < 0 ? node.Left : node.Right;
        int far = diff < 0 ? node.Right : node.Left;
        Search<TM>(near, q, exclude, best, offsets, cellDistance);
        double old = offsets[dim];
        double farDistance = TM.FarCell(cellDistance, old, diff);
        if (farDistance <= best[^1])
        {
            offsets[dim] = diff;
            Search<TM>(far, q, exclude, best, offsets, farDistance);
            offsets[dim] = old;
        }
    }

    // Distances to the leaf's points, a vector of them at a time from the column-major copy (4 with AVX2 or AVX-512,
    // 2 with Vector128/NEON; the width from the one dispatcher, SimdWidth); lanes past the leaf are +∞. Each distance
    // is accumulated over j in order (Euclidean: Σ (p_j − q_j)² by FMA; max-norm: max |p_j − q_j|), at every width
    // and in the scalar loop, so the neighbours (and the estimates) are the same on any CPU.
    private void ScanLeaf<TM>(int start, int end, ReadOnlySpan<double> q, int exclude, Span<double> best) where TM : IKdMetric
    {
        switch (SimdWidth.For<double>(Vector256<double>.Count))
        {
            case VectorWidth.V512 or VectorWidth.V256: ScanLeaf<TM, Vector256<double>, Simd256>(start, end, q, exclude, best); return;
            case VectorWidth.V128: ScanLeaf<TM, Vector128<double>, Simd128>(start, end, q, exclude, best); return;
        }
        int d = Dimensions;
        for (int i = start; i < end; i++)
        {
            if (_index[i] == exclude) continue;
            var p = _points.AsSpan(i * d, d);
            double worst = best[^1], s = 0;
            for (int j = 0; j < d && s < worst; j++) s = TM.Accumulate(s, p[j] - q[j]);
            if (s < worst) Insert(best, s);
        }
    }

    private void ScanLeaf<TM, TV, TS>(int start, int end, ReadOnlySpan<double> q, int exclude, Span<double> best)
        where TM : IKdMetric where TV : struct where TS : ISimd<TV>
    {
        int n = TS.Count;
        TV infinity = TS.Broadcast(double.PositiveInfinity);
        for (int i = start; i < end; i += n)
        {
            TV s = TS.Select(TS.LessThan(TS.Add(TS.Indices, TS.Broadcast(i)), TS.Broadcast(end)), LeafDistances<TM, TV, TS>(i, q), infinity);
            if (TS.Any(TS.LessThan(s, TS.Broadcast(best[^1]))))
                for (int l = 0; l < n; l++)
                    if (TS.Lane(s, l) < best[^1] && _index[i + l] != exclude) Insert(best, TS.Lane(s, l));
        }
    }

    // The metric's accumulated distances from q to tree points i … i + Count − 1 (the padding lanes hold garbage).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private TV LeafDistances<TM, TV, TS>(int i, ReadOnlySpan<double> q) where TM : IKdMetric where TV : struct where TS : ISimd<TV>
    {
        ReadOnlySpan<double> columns = _columns;   // padded by 4 per column: whole vectors never leave it
        TV s = TS.Zero;
        for (int j = 0; j < Dimensions; j++)
            s = TM.Accumulate<TV, TS>(s, TS.Subtract(TS.Load(columns, j * _stride + i), TS.Broadcast(q[j])));
        return s;
    }

    private static void Insert(Span<double> best, double s)
    {
        int i = best.Length - 1;
        while (i > 0 && best[i - 1] > s)
        {
            best[i] = best[i - 1];
            i--;
        }
        best[i] = s;
    }
}
