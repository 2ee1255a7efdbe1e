namespace Kullback.Drift;

public sealed partial class QuantileSketch
{
    /// <summary>
    /// Builds a sketch from values read twice in batches (a file too large to hold), giving the sketch that one
    /// <see cref="AddRange"/> of all the values in the same order gives, bit for bit. First pass (<see cref="Add"/>): the
    /// quantile levels (inserting in any batches is inserting one at a time), n, min, max and Σx — the same vectorised
    /// compensated sum, lane for lane. <see cref="EndFirstPass"/> fixes x̄ = Σx/n. Second pass (<see cref="Add"/> again,
    /// the same values in the same order): M₂ = Σ(x − x̄)², compensated in order, as <see cref="AddRange"/> does it.
    /// <see cref="Finish"/> then gives the sketch. Memory: the sketch, plus 8 values held until the 8th arrives.
    /// </summary>
    public sealed class TwoPassBuilder
    {
        private readonly QuantileSketch _sketch;
        private readonly double[] _first = new double[StreamedSum.MinimumCount];
        private StreamedSum? _sum;
        private double _min = double.PositiveInfinity, _max = double.NegativeInfinity, _mean;
        private Kernels.CompensatedSum _squares;
        private long _seen;

        /// <summary>Starts an empty build.</summary>
        /// <param name="capacity">The sketch's level capacity k ≥ 2.</param>
        /// <exception cref="ArgumentOutOfRangeException">k &lt; 2.</exception>
        public TwoPassBuilder(int capacity = DefaultCapacity) => _sketch = new QuantileSketch(capacity);

        /// <summary>Values added in the first pass.</summary>
        public long Count { get; private set; }

        /// <summary>True until <see cref="EndFirstPass"/>.</summary>
        public bool InFirstPass { get; private set; } = true;

        /// <summary>Adds the next batch: in the first pass to the levels, count, min, max and Σx; in the second to M₂.</summary>
        /// <param name="values">Values, none NaN; the second pass must give the first pass's values in the same order.</param>
        /// <exception cref="ArgumentException">A NaN value.</exception>
        /// <exception cref="InvalidOperationException">The second pass gives more values than the first.</exception>
        public void Add(ReadOnlySpan<double> values)
        {
            if (values.IsEmpty) return;
            CheckNoNaN(values);
            if (!InFirstPass)
            {
                if (_seen + values.Length > Count) throw new InvalidOperationException($"the second pass gives more than the first pass's {Count} values");
                _squares.AddSquaredDeviations(values, _mean);
                _seen += values.Length;
                return;
            }
            MinMax(values, ref _min, ref _max);
            _sketch.InsertItems(values);
            if (_sum is null)
            {
                // Σx of fewer than 8 values runs at a narrower width: hold the first 8 until the width is known.
                int take = (int)Math.Min(values.Length, _first.Length - Count);
                values[..take].CopyTo(_first.AsSpan((int)Count));
                Count += take;
                values = values[take..];
                if (Count < _first.Length) return;
                _sum = StreamedSum.Create();
                _sum.Add(_first);
            }
            _sum.Add(values);
            Count += values.Length;
        }

        /// <summary>Ends the first pass: x̄ = Σx/n, as <see cref="AddRange"/> computes it. Then give the same values again.</summary>
        /// <exception cref="InvalidOperationException">Called twice.</exception>
        public void EndFirstPass()
        {
            if (!InFirstPass) throw new InvalidOperationException("the first pass has ended already");
            InFirstPass = false;
            if (Count == 0) return;
            double sum = _sum?.Value ?? Kernels.CompensatedSum.Of(_first.AsSpan(0, (int)Count));
            _mean = sum / Count;
        }

        /// <summary>The sketch: what <see cref="AddRange"/> of all the values, in order, gives an empty sketch.</summary>
        /// <exception cref="InvalidOperationException">The second pass has not given every value.</exception>
        public QuantileSketch Finish()
        {
            if (InFirstPass || _seen != Count) throw new InvalidOperationException($"the second pass gave {_seen} of the {Count} values");
            if (Count > 0) _sketch.CombineMoments(Count, _mean, _squares.Value, _min, _max);
            return _sketch;
        }
    }
}
