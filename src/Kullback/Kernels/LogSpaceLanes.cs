using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kullback.Kernels;

/// <summary>Turns raw lanes (probabilities or logits) into p and log p, in scalar and vector form.</summary>
internal interface ILaneReader
{
    /// <summary>An ordinary raw value (probability 1, logit = max) that pads partial blocks; those lanes are masked out.</summary>
    double Pad { get; }

    /// <summary>p of one raw value, and log p.</summary>
    double Read(double raw, out double logProbability);

    /// <summary>p of one raw value.</summary>
    double ReadProbability(double raw);

    /// <summary>p on Count lanes, and log p.</summary>
    TV Read<TV, TS>(TV raw, out TV logProbability) where TV : struct where TS : ISimd<TV>;

    /// <summary>p on Count lanes.</summary>
    TV ReadProbability<TV, TS>(TV raw) where TV : struct where TS : ISimd<TV>;
}

/// <summary>Probabilities scale·x: p = scale·x, log p = log(scale·x).</summary>
internal readonly struct ProbabilityLanes(double scale) : ILaneReader
{
    public double Pad => 1.0;

    public double Read(double raw, out double logProbability)
    {
        double p = raw * scale;
        logProbability = Math.Log(p);
        return p;
    }

    public double ReadProbability(double raw) => raw * scale;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Read<TV, TS>(TV raw, out TV logProbability) where TV : struct where TS : ISimd<TV>
    {
        TV p = TS.Multiply(raw, TS.Broadcast(scale));
        logProbability = TS.Log(p);
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV ReadProbability<TV, TS>(TV raw) where TV : struct where TS : ISimd<TV> => TS.Multiply(raw, TS.Broadcast(scale));
}

/// <summary>
/// Logits z with log-sum-exp parts (m, S, log S): d + e = z − m exactly (TwoSum), log p = (d − log S) + e,
/// p = exp(d)·(1 + e) / S; a −∞ logit gives p = 0, log p = −∞.
/// </summary>
internal readonly struct LogitLanes(LogSumExp.Parts parts) : ILaneReader
{
    public double Pad => parts.Max;

    public double Read(double raw, out double logProbability)
    {
        if (double.IsNegativeInfinity(raw))
        {
            logProbability = double.NegativeInfinity;
            return 0.0;
        }
        double d = LogRatio.TwoDifference(raw, parts.Max, out double e);
        logProbability = (d - parts.LogSum) + e;
        return LogRatio.ExpCorrected(d, e) / parts.Sum;
    }

    public double ReadProbability(double raw) => LogSumExp.ShiftedExp(raw, parts.Max) / parts.Sum;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Read<TV, TS>(TV raw, out TV logProbability) where TV : struct where TS : ISimd<TV>
    {
        TV masked = TS.Equal(raw, TS.Broadcast(double.NegativeInfinity));
        TV d = Shift<TV, TS>(raw, out TV e);
        logProbability = TS.Select(masked, raw, TS.Add(TS.Subtract(d, TS.Broadcast(parts.LogSum)), e));
        TV t = TS.Exp(d);
        return TS.Select(masked, TS.Zero, TS.Divide(TS.FusedMultiplyAdd(t, e, t), TS.Broadcast(parts.Sum)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV ReadProbability<TV, TS>(TV raw) where TV : struct where TS : ISimd<TV>
    {
        TV masked = TS.Equal(raw, TS.Broadcast(double.NegativeInfinity));
        TV d = Shift<TV, TS>(raw, out TV e);
        TV t = TS.Exp(d);
        return TS.Select(masked, TS.Zero, TS.Divide(TS.FusedMultiplyAdd(t, e, t), TS.Broadcast(parts.Sum)));
    }

    /// <summary>d = z − m and its exact rounding error e (NaN lanes where z = −∞; callers mask them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TV Shift<TV, TS>(TV z, out TV e) where TV : struct where TS : ISimd<TV>
    {
        TV m = TS.Broadcast(parts.Max);
        TV d = TS.Subtract(z, m);
        TV bb = TS.Subtract(d, z);
        e = TS.Add(TS.Subtract(z, TS.Subtract(d, bb)), TS.Subtract(TS.Broadcast(-parts.Max), bb));
        // z − m overflowed to −∞ (finite z far below m): p = 0 and log p = −∞ exactly as rounded; no error term (∞ − ∞).
        e = TS.Select(TS.Equal(d, TS.Broadcast(double.NegativeInfinity)), TS.Zero, e);
        return d;
    }
}

/// <summary>A term of p, log p, q, log q (as read by <see cref="ILaneReader"/>s), in scalar and vector form.</summary>
internal interface ILogSpaceTerm
{
    /// <summary>False when the term needs only p and q (the readers then skip the logarithms).</summary>
    static abstract bool NeedsLogs { get; }

    /// <summary>The exact-convention scalar term (may be +∞).</summary>
    static abstract double Scalar(double p, double logP, double q, double logQ);

    /// <summary>The term on Count lanes; lanes set in <paramref name="special"/> are recomputed with <see cref="Scalar"/>.</summary>
    static abstract TV Vector<TV, TS>(TV p, TV logP, TV q, TV logQ, out TV special) where TV : struct where TS : ISimd<TV>;
}

/// <summary>Drivers of log-space sums Σ t(p_i, log p_i, q_i, log q_i) over inputs read by lane readers (logits, scaled probabilities).</summary>
internal static class LogSpaceLanes
{
    /// <summary>Σ_i t(p_i, log p_i, q_i, log q_i), compensated; x and y are the raw values of P and Q.</summary>
    public static double Sum<TOp, T, TRP, TRQ>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, TRP readP, TRQ readQ, VectorWidth width = VectorWidth.Best)
        where TOp : ILogSpaceTerm
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRP : struct, ILaneReader
        where TRQ : struct, ILaneReader
    {
        var total = new CompensatedSum();
        int i = Lanes.Resolve(width, x.Length) switch
        {
            VectorWidth.V512 => Loop<TOp, T, TRP, TRQ, Vector512<double>, Simd512>(x, y, readP, readQ, ref total),
            VectorWidth.V256 => Loop<TOp, T, TRP, TRQ, Vector256<double>, Simd256>(x, y, readP, readQ, ref total),
            VectorWidth.V128 => Loop<TOp, T, TRP, TRQ, Vector128<double>, Simd128>(x, y, readP, readQ, ref total),
            _ => 0,
        };
        for (; i < x.Length; i++) total.Add(ScalarTerm<TOp, TRP, TRQ>(double.CreateTruncating(x[i]), double.CreateTruncating(y[i]), readP, readQ));
        return total.Value;
    }

    /// <summary>Σ_i t(p_i, log p_i, p_i, log p_i) over one distribution (terms of P alone, e.g. entropy).</summary>
    public static double Sum<TOp, T, TR>(ReadOnlySpan<T> x, TR read, VectorWidth width = VectorWidth.Best)
        where TOp : ILogSpaceTerm
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TR : struct, ILaneReader
    {
        var total = new CompensatedSum();
        int i = Lanes.Resolve(width, x.Length) switch
        {
            VectorWidth.V512 => Loop<TOp, T, TR, Vector512<double>, Simd512>(x, read, ref total),
            VectorWidth.V256 => Loop<TOp, T, TR, Vector256<double>, Simd256>(x, read, ref total),
            VectorWidth.V128 => Loop<TOp, T, TR, Vector128<double>, Simd128>(x, read, ref total),
            _ => 0,
        };
        for (; i < x.Length; i++) total.Add(ScalarTerm<TOp, TR>(double.CreateTruncating(x[i]), read));
        return total.Value;
    }

    private static double ScalarTerm<TOp, TR>(double x, TR read)
        where TOp : ILogSpaceTerm
        where TR : struct, ILaneReader
    {
        double p = read.Read(x, out double logP);
        return TOp.Scalar(p, logP, p, logP);
    }

    private static int Loop<TOp, T, TR, TV, TS>(ReadOnlySpan<T> x, TR read, ref CompensatedSum total)
        where TOp : ILogSpaceTerm
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TR : struct, ILaneReader
        where TV : struct
        where TS : ISimd<TV>
    {
        int n = TS.Count, i = 0;
        TV sum = TS.Zero, compensation = TS.Zero;
        for (; i < x.Length; i += n)
        {
            bool whole = i <= x.Length - n;
            TV raw = whole ? TS.Load(x, i) : Lanes.Tail<T, TV, TS>(x, i, read.Pad);
            TV p = read.Read<TV, TS>(raw, out TV logP);
            TV term = TOp.Vector<TV, TS>(p, logP, p, logP, out TV special);
            if (!whole) term = TS.Select(Lanes.TailMask<TV, TS>(x.Length - i), term, TS.Zero);
            if (TS.Any(special))
            {
                term = TS.Select(special, TS.Zero, term);
                for (int j = 0; j < n && i + j < x.Length; j++)
                    if (TS.LaneSet(special, j)) total.Add(ScalarTerm<TOp, TR>(double.CreateTruncating(x[i + j]), read));
            }
            Lanes.Accumulate<TV, TS>(ref sum, ref compensation, term);
        }
        Lanes.Combine<TV, TS>(sum, compensation, ref total);
        return x.Length;
    }

    private static double ScalarTerm<TOp, TRP, TRQ>(double x, double y, TRP readP, TRQ readQ)
        where TOp : ILogSpaceTerm
        where TRP : struct, ILaneReader
        where TRQ : struct, ILaneReader
    {
        if (!TOp.NeedsLogs) return TOp.Scalar(readP.ReadProbability(x), 0.0, readQ.ReadProbability(y), 0.0);
        double p = readP.Read(x, out double logP);
        double q = readQ.Read(y, out double logQ);
        return TOp.Scalar(p, logP, q, logQ);
    }

    private static int Loop<TOp, T, TRP, TRQ, TV, TS>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, TRP readP, TRQ readQ, ref CompensatedSum total)
        where TOp : ILogSpaceTerm
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRP : struct, ILaneReader
        where TRQ : struct, ILaneReader
        where TV : struct
        where TS : ISimd<TV>
    {
        int n = TS.Count, i = 0;
        TV sum = TS.Zero, compensation = TS.Zero;
        for (; i < x.Length; i += n)
        {
            bool whole = i <= x.Length - n;
            TV rawX = whole ? TS.Load(x, i) : Lanes.Tail<T, TV, TS>(x, i, readP.Pad);
            TV rawY = whole ? TS.Load(y, i) : Lanes.Tail<T, TV, TS>(y, i, readQ.Pad);
            TV p, q, logP, logQ;
            if (TOp.NeedsLogs)
            {
                p = readP.Read<TV, TS>(rawX, out logP);
                q = readQ.Read<TV, TS>(rawY, out logQ);
            }
            else
            {
                p = readP.ReadProbability<TV, TS>(rawX);
                q = readQ.ReadProbability<TV, TS>(rawY);
                logP = logQ = TS.Zero;
            }
            TV term = TOp.Vector<TV, TS>(p, logP, q, logQ, out TV special);
            if (!whole) term = TS.Select(Lanes.TailMask<TV, TS>(x.Length - i), term, TS.Zero);
            if (TS.Any(special))
            {
                term = TS.Select(special, TS.Zero, term);
                for (int j = 0; j < n && i + j < x.Length; j++)
                    if (TS.LaneSet(special, j))
                        total.Add(ScalarTerm<TOp, TRP, TRQ>(double.CreateTruncating(x[i + j]), double.CreateTruncating(y[i + j]), readP, readQ));
            }
            Lanes.Accumulate<TV, TS>(ref sum, ref compensation, term);
        }
        Lanes.Combine<TV, TS>(sum, compensation, ref total);
        return x.Length;
    }
}
