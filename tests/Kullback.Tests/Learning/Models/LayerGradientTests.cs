using Kullback.Learning.Models;

namespace Kullback.Tests.Learning.Models;

/// <summary>Every layer's backward pass against central finite differences of L = Σ r ⊙ forward(x; θ), r fixed and random.</summary>
public sealed class LayerGradientTests
{
    public static TheoryData<string> Layers() => ["dense", "relu", "binary"];

    private static Layer Make(string name) => name switch
    {
        "dense" => new DenseLayer(7, 5),
        "relu" => new ReluLayer(9),
        _ => new BinaryLogitLayer(),
    };

    private static double Loss(Layer layer, float[] x, float[] theta, float[] r, int rows)
    {
        var y = new float[rows * layer.OutputSize];
        layer.Forward(x, y, rows, theta, threads: 1);
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += (double)r[i] * y[i];
        return s;
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void BackwardMatchesCentralDifferences(string name)
    {
        var layer = Make(name);
        const int rows = 4;
        var random = new Random(11);
        float[] Draw(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var x = Draw(rows * layer.InputSize);
        // Keep ReLU inputs away from the kink so that a finite step does not cross it.
        if (layer is ReluLayer) for (int i = 0; i < x.Length; i++) x[i] = Math.Abs(x[i]) < 0.05f ? 0.3f : x[i];
        var theta = Draw(layer.ParameterCount);
        var r = Draw(rows * layer.OutputSize);
        var y = new float[rows * layer.OutputSize];
        layer.Forward(x, y, rows, theta, 1);
        var dx = new float[x.Length];
        var dtheta = new float[theta.Length];
        layer.Backward(x, y, r, dx, theta, dtheta, rows, 1);

        const float h = 1e-2f;
        for (int i = 0; i < x.Length; i++)
        {
            float keep = x[i];
            x[i] = keep + h; double up = Loss(layer, x, theta, r, rows);
            x[i] = keep - h; double down = Loss(layer, x, theta, r, rows);
            x[i] = keep;
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - dx[i]) <= 1e-3 * Math.Max(1, Math.Abs(numeric)), $"{name} ∂L/∂x[{i}]: backward {dx[i]}, numeric {numeric}");
        }
        for (int i = 0; i < theta.Length; i++)
        {
            float keep = theta[i];
            theta[i] = keep + h; double up = Loss(layer, x, theta, r, rows);
            theta[i] = keep - h; double down = Loss(layer, x, theta, r, rows);
            theta[i] = keep;
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - dtheta[i]) <= 1e-3 * Math.Max(1, Math.Abs(numeric)), $"{name} ∂L/∂θ[{i}]: backward {dtheta[i]}, numeric {numeric}");
        }
    }

    [Fact]
    public void DenseInitialisationIsPyTorchsUniformBound()
    {
        var layer = new DenseLayer(100, 3);
        var theta = new float[layer.ParameterCount];
        layer.Initialize(theta, new Random(1));
        Assert.All(theta, v => Assert.InRange(v, -0.1f, 0.1f));
        Assert.True(theta.Max() > 0.09f && theta.Min() < -0.09f);
    }
}
