using System.Numerics;

namespace Kullback.Learning.Optimizers;

/// <summary>Argument checks shared by the optimisers: raised before any work, naming the argument and value.</summary>
internal static class OptimizerGuards
{
    public static void Lengths<T>(int expected, ReadOnlySpan<T> parameters, ReadOnlySpan<T> gradient)
    {
        if (parameters.Length != expected)
            throw new ArgumentException($"parameters.Length = {parameters.Length}, but the optimiser was built for {expected} parameters", "parameters");
        if (gradient.Length != expected)
            throw new ArgumentException($"gradient.Length = {gradient.Length}, but the optimiser was built for {expected} parameters", "gradient");
    }

    public static void Length(int length)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "length must be ≥ 0");
    }

    public static T Positive<T>(T value, string name) where T : IFloatingPointIeee754<T>
    {
        if (!(value > T.Zero) || !T.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {value}: must be finite and > 0");
        return value;
    }

    public static T NonNegative<T>(T value, string name) where T : IFloatingPointIeee754<T>
    {
        if (!(value >= T.Zero) || !T.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {value}: must be finite and ≥ 0");
        return value;
    }

    public static T UnitInterval<T>(T value, string name) where T : IFloatingPointIeee754<T>
    {
        if (!(value >= T.Zero) || !(value < T.One))
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {value}: must be in [0, 1)");
        return value;
    }
}
