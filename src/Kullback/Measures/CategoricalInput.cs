using System.Globalization;
using System.Numerics;
using Kullback.Kernels;

namespace Kullback.Measures;

/// <summary>A distribution that passed validation, with what its readers need (normalising scale or log-sum-exp).</summary>
internal readonly ref struct CategoricalInput<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public CategoricalInput(CategoricalSpan<T> distribution, double scale, LogSumExp.Parts parts)
    {
        Distribution = distribution;
        Scale = scale;
        Parts = parts;
    }

    public CategoricalSpan<T> Distribution { get; }

    /// <summary>1, or 1 / Σ p when probabilities are normalised.</summary>
    public double Scale { get; }

    /// <summary>Log-sum-exp parts of logits.</summary>
    public LogSumExp.Parts Parts { get; }

    public ReadOnlySpan<T> Values => Distribution.Values;

    public CategoricalForm Form => Distribution.Form;

    public int Classes => Distribution.Classes;

    public int ClassIndex => Distribution.ClassIndex;

    /// <summary>Probabilities used exactly as given (the vectorised fast paths apply).</summary>
    public bool IsPlainProbabilities => Form == CategoricalForm.Probabilities && Scale == 1.0;

    public ProbabilityReader<T> AsProbabilities() => new(Values, Scale);

    public LogitsReader<T> AsLogits() => new(Values, Parts);

    public OneHotReader AsOneHot() => new(ClassIndex);
}

/// <summary>Validation of every input, before any work; messages name the argument, the index and the value.</summary>
internal static class CategoricalValidation
{
    public static void EnsureSupported<T>()
    {
        if (typeof(T) != typeof(double) && typeof(T) != typeof(float))
            throw new NotSupportedException($"{typeof(T).Name}: measures support float and double");
    }

    /// <summary>Checks one distribution and prepares it (normalising scale, log-sum-exp of logits).</summary>
    /// <param name="distribution">The input.</param>
    /// <param name="name">The argument's name ("p" or "q").</param>
    /// <param name="normalize">Rescale probabilities by 1/Σp instead of rejecting a sum off by more than the tolerance.</param>
    /// <param name="row">The row of a matrix, or −1.</param>
    public static CategoricalInput<T> Prepare<T>(CategoricalSpan<T> distribution, string name, bool normalize, int row = -1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        EnsureSupported<T>();
        if (distribution.Classes <= 0)
            throw new ArgumentException($"{Where(name, row)} is empty: a distribution needs at least one class", name);
        switch (distribution.Form)
        {
            case CategoricalForm.ClassIndex:
                if ((uint)distribution.ClassIndex >= (uint)distribution.Classes)
                    throw new ArgumentOutOfRangeException(name, distribution.ClassIndex,
                        $"{Where(name, row)}: class index {distribution.ClassIndex} is out of range for {distribution.Classes} classes");
                return new CategoricalInput<T>(distribution, 1.0, default);
            case CategoricalForm.Logits:
                return new CategoricalInput<T>(distribution, 1.0, CheckLogits(distribution.Values, name, row));
            default:
                return new CategoricalInput<T>(distribution, CheckProbabilities(distribution.Values, name, normalize, row), default);
        }
    }

    /// <summary>Checks that two distributions have the same number of classes.</summary>
    public static void EnsureSameLength(int pClasses, int qClasses, int row = -1)
    {
        if (pClasses != qClasses)
            throw new ArgumentException($"{Where("q", row)} has {qClasses} classes but {Where("p", row)} has {pClasses}: lengths must match", "q");
    }

    /// <summary>Probabilities: finite, ≥ 0, Σ within <see cref="CategoricalSpan.SumTolerance"/> of 1 (or normalisable). Returns the scale.</summary>
    private static double CheckProbabilities<T>(ReadOnlySpan<T> values, string name, bool normalize, int row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int bad = Lanes.IndexOfInvalidProbability(values);
        if (bad >= 0)
        {
            double v = double.CreateTruncating(values[bad]);
            string rule = double.IsFinite(v) ? "probabilities must be ≥ 0" : "probabilities must be finite";
            throw new ArgumentException($"{Where(name, row, bad)} = {Format(values[bad])}: {rule}", name);
        }
        double sum = typeof(T) == typeof(double)
            ? Lanes.Sum(System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(values))
            : Lanes.Sum(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values));
        if (normalize)
        {
            if (!(sum > 0) || !double.IsFinite(sum))
                throw new ArgumentException($"{Where(name, row)} sums to {Format(sum)}: cannot normalise", name);
            return sum == 1.0 ? 1.0 : 1.0 / sum;
        }
        if (!(Math.Abs(sum - 1.0) <= CategoricalSpan.SumTolerance))
            throw new ArgumentException(
                $"{Where(name, row)} sums to {Format(sum)}: probabilities must sum to 1 within {Format(CategoricalSpan.SumTolerance)} (or ask to normalise)", name);
        return 1.0;
    }

    /// <summary>Logits: finite or −∞, not all −∞. Returns their log-sum-exp parts.</summary>
    private static LogSumExp.Parts CheckLogits<T>(ReadOnlySpan<T> logits, string name, int row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < logits.Length; i++)
        {
            T z = logits[i];
            if (T.IsNaN(z) || T.IsPositiveInfinity(z))
                throw new ArgumentException($"{Where(name, row, i)} = {Format(z)}: logits must be finite or -∞", name);
        }
        var parts = typeof(T) == typeof(double)
            ? LogSumExp.PartsOf(System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(logits))
            : LogSumExp.PartsOf(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(logits));
        if (double.IsNegativeInfinity(parts.Max))
            throw new ArgumentException($"{Where(name, row)}: every logit is -∞, which is no distribution", name);
        return parts;
    }

    /// <summary>"q", "q[17]", "q row 3", "q[3, 17]".</summary>
    public static string Where(string name, int row, int index = -1) =>
        (row, index) switch
        {
            ( < 0, < 0) => name,
            ( < 0, _) => $"{name}[{index}]",
            (_, < 0) => $"{name} row {row}",
            _ => $"{name}[{row}, {index}]",
        };

    public static string Format<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}
