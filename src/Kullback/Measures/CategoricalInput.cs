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
        double sum = Validate(distribution, name, normalize, row);
        return PrepareValid(distribution, normalize, sum);
    }

    /// <summary>Throws when the distribution is not valid; returns Σ p for probabilities (NaN otherwise). Cheap for logits (no exp).</summary>
    public static double Validate<T>(CategoricalSpan<T> distribution, string name, bool normalize, int row = -1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        EnsureSupported<T>();
        if (distribution.Classes <= 0)
            throw new InvalidDistributionException($"{Where(name, row)} is empty: a distribution needs at least one class", name);
        switch (distribution.Form)
        {
            case CategoricalForm.ClassIndex:
                if ((uint)distribution.ClassIndex >= (uint)distribution.Classes)
                    throw new InvalidDistributionException(
                        $"{Where(name, row)}: class index {distribution.ClassIndex} is out of range for {distribution.Classes} classes", name);
                return double.NaN;
            case CategoricalForm.Logits:
                CheckLogits(distribution.Values, name, row);
                return double.NaN;
            default:
                return CheckProbabilities(distribution.Values, name, normalize, row);
        }
    }

    /// <summary>Prepares a distribution that passed <see cref="Validate{T}"/> (pass its returned sum, or NaN to recompute).</summary>
    public static CategoricalInput<T> PrepareValid<T>(CategoricalSpan<T> distribution, bool normalize, double sum = double.NaN)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (distribution.Form)
        {
            case CategoricalForm.ClassIndex:
                return new CategoricalInput<T>(distribution, 1.0, default);
            case CategoricalForm.Logits:
                var parts = typeof(T) == typeof(double)
                    ? LogSumExp.PartsOf(SpanCast.AsDouble(distribution.Values))
                    : LogSumExp.PartsOf(SpanCast.AsFloat(distribution.Values));
                return new CategoricalInput<T>(distribution, 1.0, parts);
            default:
                if (!normalize) return new CategoricalInput<T>(distribution, 1.0, default);
                if (double.IsNaN(sum)) sum = Sum(distribution.Values);
                return new CategoricalInput<T>(distribution, sum == 1.0 ? 1.0 : 1.0 / sum, default);
        }
    }

    private static double Sum<T>(ReadOnlySpan<T> values) where T : unmanaged =>
        typeof(T) == typeof(double) ? Lanes.Sum(SpanCast.AsDouble(values)) : Lanes.Sum(SpanCast.AsFloat(values));

    /// <summary>Checks that two distributions have the same number of classes.</summary>
    public static void EnsureSameLength(int pClasses, int qClasses, int row = -1)
    {
        if (pClasses != qClasses)
            throw new InvalidDistributionException($"{Where("q", row)} has {qClasses} classes but {Where("p", row)} has {pClasses}: lengths must match", "q");
    }

    /// <summary>Probabilities: finite, ≥ 0, Σ within <see cref="CategoricalSpan.SumTolerance"/> of 1 (or normalisable). Returns Σ.</summary>
    private static double CheckProbabilities<T>(ReadOnlySpan<T> values, string name, bool normalize, int row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sum = Lanes.SumOfValidProbabilities(values, out int bad);
        if (bad >= 0)
        {
            double v = double.CreateTruncating(values[bad]);
            string rule = double.IsFinite(v) ? "probabilities must be ≥ 0" : "probabilities must be finite";
            throw new InvalidDistributionException($"{Where(name, row, bad)} = {Format(values[bad])}: {rule}", name);
        }
        if (normalize)
        {
            if (!(sum > 0) || !double.IsFinite(sum))
                throw new InvalidDistributionException($"{Where(name, row)} sums to {Format(sum)}: cannot normalise", name);
            return sum;
        }
        if (!(Math.Abs(sum - 1.0) <= CategoricalSpan.SumTolerance))
            throw new InvalidDistributionException(
                $"{Where(name, row)} sums to {Format(sum)}: probabilities must sum to 1 within 1e-6 (or normalise: normalize: true, --normalize)", name);
        return sum;
    }

    /// <summary>Logits: finite or −∞, not all −∞.</summary>
    private static void CheckLogits<T>(ReadOnlySpan<T> logits, string name, int row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int bad = Lanes.IndexOfInvalidLogit(logits, out bool anyFinite);
        if (bad >= 0)
            throw new InvalidDistributionException($"{Where(name, row, bad)} = {Format(logits[bad])}: logits must be finite or -∞", name);
        if (!anyFinite)
            throw new InvalidDistributionException($"{Where(name, row)}: every logit is -∞, which is no distribution", name);
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

/// <summary>
/// A bad distribution argument: an <see cref="ArgumentException"/> whose <see cref="Message"/> is the plain sentence
/// (argument, index, value, rule) without the "(Parameter 'q')" suffix; <see cref="ArgumentException.ParamName"/> is set.
/// </summary>
internal sealed class InvalidDistributionException(string message, string paramName) : ArgumentException(message, paramName)
{
    private readonly string _message = message;

    /// <inheritdoc/>
    public override string Message => _message;
}
