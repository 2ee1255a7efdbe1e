using System.Numerics;

namespace Kullback.Learning.Optimizers;

/// <summary>
/// A first-order optimiser over one flat parameter vector θ of fixed length: each <see cref="Step"/> reads the
/// gradient g = ∇θ L and updates θ in place. State (moments, step count) belongs to the optimiser instance.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of parameters this optimiser steps (the length of θ and g).</summary>
    int Length { get; }

    /// <summary>The step size η; may be changed between steps (a schedule).</summary>
    T LearningRate { get; set; }

    /// <summary>The number of steps taken so far.</summary>
    long StepCount { get; }

    /// <summary>One update θ ← θ − η·direction(g), in place.</summary>
    /// <param name="parameters">θ, length <see cref="Length"/>, updated in place.</param>
    /// <param name="gradient">g = ∇θ L at θ, length <see cref="Length"/>.</param>
    /// <exception cref="ArgumentException">A length differs from <see cref="Length"/>.</exception>
    void Step(Span<T> parameters, ReadOnlySpan<T> gradient);

    /// <summary>Forgets all state (moments and step count), as if newly constructed.</summary>
    void Reset();
}
