using System.Runtime.Intrinsics;
using Kullback.Kernels;

namespace Kullback.Drift;

/// <summary>
/// Σ x_i fed in batches, bit for bit the compensated sum <c>CompensatedSum.Of</c> (<see cref="Lanes.Sum(ReadOnlySpan{double}, VectorWidth)"/>)
/// gives for all the values at once, provided they number ≥ 8 (then that sum runs at the widest accelerated width, fixed
/// here at construction): value i goes to lane i mod W, each lane adds by Knuth's TwoSum (s ← s + x, c ← c + the
/// rounding error, <see cref="Lanes.Accumulate{TV, TS}"/>), a last partial vector is padded with +0 as the kernel masks it, and
/// the lanes fold into one <see cref="CompensatedSum"/> (<see cref="Lanes.Combine{TV, TS}"/>). Without vector hardware the
/// kernel adds every value to one <see cref="CompensatedSum"/>, and so does this.
/// </summary>
internal abstract class StreamedSum
{
    /// <summary>The fewest values for which the result equals <c>CompensatedSum.Of</c> of them all (Vector512&lt;double&gt;.Count).</summary>
    public const int MinimumCount = 8;

    /// <summary>A sum at the width <c>CompensatedSum.Of</c> uses for ≥ <see cref="MinimumCount"/> values on this machine and ISA level.</summary>
    public static StreamedSum Create() => SimdWidth.For<double>(MinimumCount) switch
    {
        VectorWidth.V512 => new Vectors<Vector512<double>, Simd512>(),
        VectorWidth.V256 => new Vectors<Vector256<double>, Simd256>(),
        VectorWidth.V128 => new Vectors<Vector128<double>, Simd128>(),
        _ => new Scalar(),
    };

    /// <summary>Adds the next values, in order.</summary>
    public abstract void Add(ReadOnlySpan<double> values);

    /// <summary>The sum of every value added so far (the state is left as it is: more may follow).</summary>
    public abstract double Value { get; }

    private sealed class Scalar : StreamedSum
    {
        private CompensatedSum _total;

        public override void Add(ReadOnlySpan<double> values)
        {
            foreach (double v in values) _total.Add(v);
        }

        public override double Value => _total.Value;
    }

    private sealed class Vectors<TV, TS> : StreamedSum
        where TV : struct
        where TS : ISimd<TV>
    {
        private TV _sum = TS.Zero, _compensation = TS.Zero;
        private readonly double[] _pending = new double[TS.Count];
        private int _pendingCount;

        public override void Add(ReadOnlySpan<double> values)
        {
            int n = TS.Count;
            if (_pendingCount > 0)
            {
                int take = Math.Min(n - _pendingCount, values.Length);
                values[..take].CopyTo(_pending.AsSpan(_pendingCount));
                _pendingCount += take;
                values = values[take..];
                if (_pendingCount < n) return;
                Lanes.Accumulate<TV, TS>(ref _sum, ref _compensation, TS.Load<double>(_pending, 0));
                _pendingCount = 0;
            }
            int i = 0;
            for (; i <= values.Length - n; i += n) Lanes.Accumulate<TV, TS>(ref _sum, ref _compensation, TS.Load(values, i));
            values[i..].CopyTo(_pending);
            _pendingCount = values.Length - i;
        }

        public override double Value
        {
            get
            {
                TV sum = _sum, compensation = _compensation;
                if (_pendingCount > 0)
                {
                    Span<double> tail = stackalloc double[TS.Count];
                    tail.Clear(); // the kernel's masked lanes: +0
                    _pending.AsSpan(0, _pendingCount).CopyTo(tail);
                    Lanes.Accumulate<TV, TS>(ref sum, ref compensation, TS.Load<double>(tail, 0));
                }
                var total = new CompensatedSum();
                Lanes.Combine<TV, TS>(sum, compensation, ref total);
                return total.Value;
            }
        }
    }
}
