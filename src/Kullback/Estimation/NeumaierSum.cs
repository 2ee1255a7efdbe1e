namespace Kullback.Estimation;

/// <summary>Neumaier-compensated running sum: s + c carries the exact sum to within one rounding for any term order.</summary>
internal struct NeumaierSum
{
    private double _sum, _compensation;

    /// <summary>Adds x: t = s + x; c += (|s| ≥ |x|) ? (s − t) + x : (x − t) + s; s = t.</summary>
    public void Add(double x)
    {
        double t = _sum + x;
        _compensation += Math.Abs(_sum) >= Math.Abs(x) ? (_sum - t) + x : (x - t) + _sum;
        _sum = t;
    }

    /// <summary>The compensated total s + c (infinite when any term was infinite).</summary>
    public readonly double Value => double.IsFinite(_sum) ? _sum + _compensation : _sum;
}
