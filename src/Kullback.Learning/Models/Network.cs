namespace Kullback.Learning.Models;

/// <summary>
/// A feed-forward classifier network: a chain of layers over one flat parameter vector θ (and its gradient), with
/// buffers for a batch of up to <see cref="Capacity"/> rows. <see cref="Forward(int)"/> maps X (rows, inputs) to logits
/// (rows, classes); <see cref="Backward"/> maps ∂L/∂logits to ∂L/∂θ. Not thread-safe: one batch at a time.
/// </summary>
public sealed class Network
{
    private readonly Layer[] _layers;
    private readonly int[] _offsets;
    private float[][] _activations = [];
    private float[][] _gradients = [];

    /// <summary>Builds the layers of <paramref name="spec"/> and draws θ with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">The spec is inconsistent.</exception>
    public Network(ModelSpec spec, int seed) : this(spec, parameters: null)
    {
        var random = new Random(seed);
        for (int i = 0; i < _layers.Length; i++)
            _layers[i].Initialize(Parameters.AsSpan(_offsets[i], _layers[i].ParameterCount), random);
    }

    /// <summary>Builds the layers of <paramref name="spec"/> over the given θ (copied), or zeros when null.</summary>
    /// <exception cref="ArgumentException">θ has the wrong length for the spec.</exception>
    public Network(ModelSpec spec, float[]? parameters)
    {
        Spec = spec;
        _layers = [.. spec.BuildLayers()];
        _offsets = new int[_layers.Length];
        int total = 0;
        for (int i = 0; i < _layers.Length; i++) { _offsets[i] = total; total += _layers[i].ParameterCount; }
        if (parameters is not null && parameters.Length != total)
            throw new ArgumentException($"{spec.Describe()} has {total} parameters, but {parameters.Length} were given", nameof(parameters));
        Parameters = parameters is null ? new float[total] : (float[])parameters.Clone();
        Gradient = new float[total];
    }

    /// <summary>The architecture.</summary>
    public ModelSpec Spec { get; }

    /// <summary>The layers, input to output.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>θ, all layers' parameters concatenated in layer order.</summary>
    public float[] Parameters { get; }

    /// <summary>∂L/∂θ from the last <see cref="Backward"/>.</summary>
    public float[] Gradient { get; }

    /// <summary>Rows the batch buffers hold.</summary>
    public int Capacity { get; private set; }

    /// <summary>Number of classes (logits per row).</summary>
    public int Classes => Spec.Classes;

    /// <summary>Threads for the matrix products.</summary>
    public int Threads { get; set; } = 1;

    /// <summary>Grows the batch buffers to hold <paramref name="rows"/> rows (no-op when they already do).</summary>
    public void EnsureCapacity(int rows)
    {
        if (rows <= Capacity) return;
        _activations = new float[_layers.Length + 1][];
        _gradients = new float[_layers.Length + 1][];
        _activations[0] = new float[(long)rows * Spec.Inputs];
        _gradients[0] = [];
        for (int i = 0; i < _layers.Length; i++)
        {
            _activations[i + 1] = new float[(long)rows * _layers[i].OutputSize];
            _gradients[i + 1] = new float[(long)rows * _layers[i].OutputSize];
        }
        Capacity = rows;
    }

    /// <summary>The input buffer (Capacity, inputs): fill its first rows·inputs values, then call <see cref="Forward(int)"/>.</summary>
    public Span<float> InputBuffer => _activations[0];

    /// <summary>Logits (rows, classes) from the rows in <see cref="InputBuffer"/>; valid until the next call.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> exceeds <see cref="Capacity"/>.</exception>
    public ReadOnlySpan<float> Forward(int rows)
    {
        if ((uint)rows > (uint)Capacity) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"rows = {rows}: the buffers hold {Capacity}");
        for (int i = 0; i < _layers.Length; i++)
            _layers[i].Forward(_activations[i], _activations[i + 1], rows, ParameterSlice(i), Threads);
        return _activations[^1].AsSpan(0, rows * Classes);
    }

    /// <summary>Copies <paramref name="x"/> (rows, inputs) into the input buffer and runs <see cref="Forward(int)"/>.</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of the input size.</exception>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x)
    {
        if (x.Length % Spec.Inputs != 0) throw new ArgumentException($"x.Length = {x.Length} is not a multiple of {Spec.Inputs} inputs", nameof(x));
        int rows = x.Length / Spec.Inputs;
        EnsureCapacity(rows);
        x.CopyTo(InputBuffer);
        return Forward(rows);
    }

    /// <summary>
    /// ∂L/∂θ into <see cref="Gradient"/> from ∂L/∂logits (rows, classes), for the batch of the last <see cref="Forward(int)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The gradient length is not rows·classes.</exception>
    public void Backward(ReadOnlySpan<float> logitGradient, int rows)
    {
        if (logitGradient.Length != rows * Classes)
            throw new ArgumentException($"logitGradient.Length = {logitGradient.Length}, expected {rows}×{Classes}", nameof(logitGradient));
        logitGradient.CopyTo(_gradients[^1]);
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            Span<float> inputGradient = i == 0 ? [] : _gradients[i];
            _layers[i].Backward(_activations[i], _activations[i + 1], _gradients[i + 1], inputGradient,
                ParameterSlice(i), Gradient.AsSpan(_offsets[i], _layers[i].ParameterCount), rows, Threads);
        }
    }

    private ReadOnlySpan<float> ParameterSlice(int layer) => Parameters.AsSpan(_offsets[layer], _layers[layer].ParameterCount);
}
