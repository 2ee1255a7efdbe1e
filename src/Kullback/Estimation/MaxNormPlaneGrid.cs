using System.Buffers;
using Kullback.Kernels;
namespace Kullback.Estimation;

/// <summary>
/// Exact max-norm k-th neighbour distances in the plane, εᵢ = k-th smallest of max(|x_j − x_i|, |y_j − y_i|) over
/// j ≠ i, from a grid whose cells are rank quantiles of x and of y (about two points a cell when x and y are
/// independent). A query scans its own cell, then grows a rectangle of cells one column or row at a time on the side
/// whose gap to the query is smallest, and stops when that gap is ≥ the current k-th distance: every point outside
/// the rectangle is at least that gap away, so the k-th distance cannot fall. Gaps are fl(x_i − b) against cell
/// boundary values b, which bound fl(x_i − x_j) by the monotonicity of rounding, and distances are the very
/// differences the max-norm <see cref="KdTree"/> takes, so the answers are the tree's (and brute force's) exactly.
/// </summary>
internal static class MaxNormPlaneGrid
{
    /// <summary>εᵢ for every point (xᵢ, yᵢ), i &lt; n, given both coordinates' <see cref="SortedLine"/>s (whose ranks
    /// place the points in cells). Range: 1 ≤ k &lt; n.</summary>
    public static double[] KthNeighbourDistances(ReadOnlySpan<double> x, ReadOnlySpan<double> y, SortedLine lineX, SortedLine lineY, int k, int threads)
    {
        int n = x.Length;
        var sortedX = lineX.Ranked();
        var sortedY = lineY.Ranked();
        int g = Math.Max(1, (int)Math.Sqrt(n / 2.0));
        // Cell c along an axis holds sorted positions [⌊c n / g⌋, ⌊(c + 1) n / g⌋); bound[c] is its first value, so points
        // of cells below c are ≤ bound[c] and points of cells c and above are ≥ bound[c].
        var boundX = new double[g + 1];
        var boundY = new double[g + 1];
        for (int c = 0; c < g; c++)
        {
            boundX[c] = sortedX[(int)((long)c * n / g)];
            boundY[c] = sortedY[(int)((long)c * n / g)];
        }
        var cellsX = lineX.AxisCells(g);
        var cellsY = lineY.AxisCells(g);
        // The grid's arrays are scratch from the shared pool (one grid per feature of a ranking), longer than needed;
        // start is cleared, the rest written before read.
        var cellOf = ArrayPool<int>.Shared.Rent(n);
        var start = ArrayPool<int>.Shared.Rent(g * g + 1);
        var fill = ArrayPool<int>.Shared.Rent(g * g + 1);
        var px = ArrayPool<double>.Shared.Rent(n);
        var py = ArrayPool<double>.Shared.Rent(n);
        var id = ArrayPool<int>.Shared.Rent(n);
        Array.Clear(start, 0, g * g + 1);
        for (int i = 0; i < n; i++)
        {
            cellOf[i] = cellsY[i] * g + cellsX[i];
            start[cellOf[i] + 1]++;
        }
        for (int c = 0; c < g * g; c++) start[c + 1] += start[c];
        Array.Copy(start, fill, g * g + 1);
        for (int i = 0; i < n; i++)
        {
            int at = fill[cellOf[i]]++;
            px[at] = x[i];
            py[at] = y[i];
            id[at] = i;
        }
        var eps = new double[n];
        int workers = RowPartition.ResolveThreads(threads, nameof(threads));
        var grid = new Grid(px, py, start, boundX, boundY, g);
        if (k <= FourSmallest.Most)
            RowPartition.Blocks(n, 256, workers, (from, to) => Positions(from, to, new FourSmallest(k)));
        else
            RowPartition.RunWithScratch((n + 255) / 256, workers, () => new double[k],
                (b, best) => Positions(b * 256, Math.Min(n, (b + 1) * 256), new KSmallest(best)));
        ArrayPool<int>.Shared.Return(cellOf);
        ArrayPool<int>.Shared.Return(start);
        ArrayPool<int>.Shared.Return(fill);
        ArrayPool<int>.Shared.Return(id);
        ArrayPool<double>.Shared.Return(px);
        ArrayPool<double>.Shared.Return(py);
        return eps;

        // Positions [from, to) in order: the cell is followed along (cells are laid out row by row), not looked up.
        void Positions<TBest>(int from, int to, TBest best) where TBest : struct, ISmallest
        {
            if (from >= to) return;
            int cell = cellOf[id[from]], cx = cell % g, cy = cell / g;
            for (int at = from; at < to; at++)
            {
                while (at >= start[cell + 1])
                {
                    cell++;
                    if (++cx == g) (cx, cy) = (0, cy + 1);
                }
                eps[id[at]] = Query(at, grid, cx, cy, ref best);
            }
        }
    }

    // The grid: the points by cell (px, py; cells of one row contiguous), start[c] the first position of cell c, the
    // cells' first values along each axis, g cells a side.
    private sealed record Grid(double[] Px, double[] Py, int[] Start, double[] BoundX, double[] BoundY, int G);

    private static double Query<TBest>(int at, Grid grid, int cx, int cy, ref TBest best) where TBest : struct, ISmallest
    {
        double[] px = grid.Px, py = grid.Py, boundX = grid.BoundX, boundY = grid.BoundY;
        int[] start = grid.Start;
        int g = grid.G;
        best.Reset();
        double qx = px[at], qy = py[at];
        // First the 3 × 3 block of cells around the query's (fewer at the edges), row by row (each row's cells are
        // contiguous), leaving out the query's own position (a duplicate point elsewhere still counts, at distance 0):
        // with about two points a cell it usually holds the k nearest, so the growth below mostly just checks the gap.
        int x0 = Math.Max(cx - 1, 0), x1 = Math.Min(cx + 1, g - 1), y0 = Math.Max(cy - 1, 0), y1 = Math.Min(cy + 1, g - 1);
        for (int row = y0; row <= y1; row++)
        {
            int from = start[row * g + x0], to = start[row * g + x1 + 1];
            if (row == cy)
            {
                best.Scan(from, at, qx, qy, px, py);
                best.Scan(at + 1, to, qx, qy, px, py);
            }
            else best.Scan(from, to, qx, qy, px, py);
        }
        while (true)
        {
            double left = x0 > 0 ? qx - boundX[x0] : double.PositiveInfinity;
            double right = x1 < g - 1 ? boundX[x1 + 1] - qx : double.PositiveInfinity;
            double down = y0 > 0 ? qy - boundY[y0] : double.PositiveInfinity;
            double up = y1 < g - 1 ? boundY[y1 + 1] - qy : double.PositiveInfinity;
            double gap = Math.Min(Math.Min(left, right), Math.Min(down, up));
            double kth = best.Kth;
            if (gap == double.PositiveInfinity || gap >= kth) return kth;
            if (gap == left) { x0--; for (int r = y0; r <= y1; r++) best.Scan(start[r * g + x0], start[r * g + x0 + 1], qx, qy, px, py); }
            else if (gap == right) { x1++; for (int r = y0; r <= y1; r++) best.Scan(start[r * g + x1], start[r * g + x1 + 1], qx, qy, px, py); }
            else if (gap == down) { y0--; int row = y0 * g; best.Scan(start[row + x0], start[row + x1 + 1], qx, qy, px, py); }
            else { y1++; int row = y1 * g; best.Scan(start[row + x0], start[row + x1 + 1], qx, qy, px, py); }
        }
    }

    // The k smallest max-norm distances from a query seen so far (k-th: +∞ until k points were seen).
    private interface ISmallest
    {
        double Kth { get; }

        void Reset();

        // The points at positions [from, to) into the k smallest distances (cells of one row are contiguous).
        void Scan(int from, int to, double qx, double qy, double[] px, double[] py);
    }

    // k ≤ 4: the four smallest in registers, each point merged by min/max (a sorting network's insertion, no branch on
    // the data): b₃ ← min(b₃, max(b₂, s)), b₂ ← min(b₂, max(b₁, s)), b₁ ← min(b₁, max(b₀, s)), b₀ ← min(b₀, s). The
    // distances are finite and ≥ 0, so min and max are exact and b_{k−1} is the k-th smallest exactly as an insertion
    // sort gives it.
    private struct FourSmallest(int k) : ISmallest
    {
        public const int Most = 4;
        private double _b0, _b1, _b2, _b3;

        public readonly double Kth => k switch { 1 => _b0, 2 => _b1, 3 => _b2, _ => _b3 };

        public void Reset() => _b0 = _b1 = _b2 = _b3 = double.PositiveInfinity;

        public void Scan(int from, int to, double qx, double qy, double[] px, double[] py)
        {
            double b0 = _b0, b1 = _b1, b2 = _b2, b3 = _b3;
            for (int j = from; j < to; j++)
            {
                double s = double.MaxNative(Math.Abs(px[j] - qx), Math.Abs(py[j] - qy));
                b3 = double.MinNative(b3, double.MaxNative(b2, s));
                b2 = double.MinNative(b2, double.MaxNative(b1, s));
                b1 = double.MinNative(b1, double.MaxNative(b0, s));
                b0 = double.MinNative(b0, s);
            }
            (_b0, _b1, _b2, _b3) = (b0, b1, b2, b3);
        }
    }

    // Any k: the k smallest sorted in an array, each closer point put in place by insertion.
    private readonly struct KSmallest(double[] best) : ISmallest
    {
        public double Kth => best[^1];

        public void Reset() => Array.Fill(best, double.PositiveInfinity);

        public void Scan(int from, int to, double qx, double qy, double[] px, double[] py)
        {
            double worst = best[^1];
            for (int j = from; j < to; j++)
            {
                double s = double.MaxNative(Math.Abs(px[j] - qx), Math.Abs(py[j] - qy));
                if (s < worst)
                {
                    int i = best.Length - 1;
                    while (i > 0 && best[i - 1] > s)
                    {
                        best[i] = best[i - 1];
                        i--;
                    }
                    best[i] = s;
                    worst = best[^1];
                }
            }
        }
    }
}
