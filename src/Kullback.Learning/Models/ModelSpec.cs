namespace Kullback.Learning.Models;

/// <summary>The family of a classifier Q(y | x).</summary>
public enum ModelKind
{
    /// <summary>Multinomial logistic regression: Q = softmax(x·W + b).</summary>
    Softmax = 0,
    /// <summary>Binary logistic regression: one logit s = x·w + b, Q(1 | x) = σ(s) (two classes only).</summary>
    Logistic = 1,
    /// <summary>Multi-layer perceptron: dense layers with ReLU between them, softmax on the last.</summary>
    Mlp = 2,
}

/// <summary>The architecture of a classifier: its family, input features, classes and hidden layer sizes.</summary>
/// <param name="Kind">Model family.</param>
/// <param name="Inputs">Features per example, ≥ 1.</param>
/// <param name="Classes">Number of classes, ≥ 2 (exactly 2 for <see cref="ModelKind.Logistic"/>).</param>
/// <param name="Hidden">Hidden layer sizes (MLP only; empty otherwise).</param>
public sealed record ModelSpec(ModelKind Kind, int Inputs, int Classes, int[] Hidden)
{
    /// <summary>Checks the spec and builds its layers.</summary>
    /// <exception cref="ArgumentException">The spec is inconsistent (the message says which field).</exception>
    public IReadOnlyList<Layer> BuildLayers()
    {
        if (Inputs < 1) throw new ArgumentOutOfRangeException(nameof(Inputs), Inputs, "a model needs at least one input feature");
        if (Classes < 2) throw new ArgumentOutOfRangeException(nameof(Classes), Classes, "a classifier needs at least two classes");
        long parameters = ParameterCount;
        if (parameters > MaxParameters)
            throw new ArgumentException($"{Describe()} has {parameters:N0} parameters; the limit is {MaxParameters:N0} (1 GiB of float32 weights)");
        switch (Kind)
        {
            case ModelKind.Softmax:
                return [new DenseLayer(Inputs, Classes)];
            case ModelKind.Logistic:
                if (Classes != 2) throw new ArgumentException($"logistic regression has one logit, so exactly 2 classes; the data has {Classes} (use softmax)", nameof(Classes));
                return [new DenseLayer(Inputs, 1), new BinaryLogitLayer()];
            case ModelKind.Mlp:
                if (Hidden.Length == 0) throw new ArgumentException("an MLP needs at least one hidden layer size", nameof(Hidden));
                var layers = new List<Layer>();
                int width = Inputs;
                for (int i = 0; i < Hidden.Length; i++)
                {
                    if (Hidden[i] < 1) throw new ArgumentOutOfRangeException(nameof(Hidden), Hidden[i], $"hidden[{i}] = {Hidden[i]}: must be ≥ 1");
                    layers.Add(new DenseLayer(width, Hidden[i]));
                    layers.Add(new ReluLayer(Hidden[i]));
                    width = Hidden[i];
                }
                layers.Add(new DenseLayer(width, Classes));
                return layers;
            default:
                throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "unknown model kind");
        }
    }

    /// <summary>The most weights and biases a model may have: 2²⁸ (1 GiB of float32), so sizes never overflow an array.</summary>
    public const long MaxParameters = 1L << 28;

    /// <summary>Σ over dense layers of (inputs + 1)·outputs, in 64-bit arithmetic (no overflow for any int sizes).</summary>
    public long ParameterCount
    {
        get
        {
            if (Kind == ModelKind.Logistic) return Inputs + 1L;
            if (Kind != ModelKind.Mlp) return (Inputs + 1L) * Classes;
            long total = 0, width = Inputs;
            foreach (int h in Hidden)
            {
                total += (width + 1) * h;
                width = h;
            }
            return total + (width + 1) * Classes;
        }
    }

    /// <summary>A short description, e.g. <c>mlp 784-256-10</c>.</summary>
    public string Describe() => Kind switch
    {
        ModelKind.Mlp => $"mlp {Inputs}-{string.Join("-", Hidden)}-{Classes}",
        ModelKind.Logistic => $"logistic {Inputs}-1",
        _ => $"softmax {Inputs}-{Classes}",
    };

    /// <summary>The lower-case family name used on the command line.</summary>
    public string KindName => Kind.ToString().ToLowerInvariant();
}
