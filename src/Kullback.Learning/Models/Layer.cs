namespace Kullback.Learning.Models;

/// <summary>
/// One step of a feed-forward network on a batch of rows: output (rows, OutputSize) = f(input (rows, InputSize); θ),
/// with θ a slice of the network's flat parameter vector. Backward turns ∂L/∂output into ∂L/∂θ (overwritten) and,
/// when asked, ∂L/∂input.
/// </summary>
public abstract class Layer
{
    /// <summary>Features per input row.</summary>
    public abstract int InputSize { get; }

    /// <summary>Features per output row.</summary>
    public abstract int OutputSize { get; }

    /// <summary>Number of parameters this layer owns in the flat vector (0 for activations).</summary>
    public virtual int ParameterCount => 0;

    /// <summary>A short description such as <c>dense 784→256</c>.</summary>
    public abstract string Describe();

    /// <summary>Draws initial parameters into <paramref name="parameters"/> (length <see cref="ParameterCount"/>).</summary>
    public virtual void Initialize(Span<float> parameters, Random random) { }

    /// <summary>output = f(input; θ). input is (rows, InputSize), output (rows, OutputSize), both row-major.</summary>
    public abstract void Forward(ReadOnlySpan<float> input, Span<float> output, int rows, ReadOnlySpan<float> parameters, int threads);

    /// <summary>
    /// From ∂L/∂output (rows, OutputSize) writes ∂L/∂θ into <paramref name="parameterGradient"/> (overwritten) and,
    /// unless <paramref name="inputGradient"/> is empty, ∂L/∂input (rows, InputSize). input and output are those of
    /// the matching <see cref="Forward"/> call.
    /// </summary>
    public abstract void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient,
        Span<float> inputGradient, ReadOnlySpan<float> parameters, Span<float> parameterGradient, int rows, int threads);
}
