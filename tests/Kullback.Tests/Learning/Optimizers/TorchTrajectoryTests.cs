using System.Numerics;
using System.Text.Json;
using Kullback.Learning.Optimizers;
using Kullback.Tests.Support;

namespace Kullback.Tests.Learning.Optimizers;

/// <summary>SGD and Adam replay PyTorch 1.13's recorded gradients and must follow its parameter trajectory.</summary>
public sealed class TorchTrajectoryTests
{
    private static readonly JsonDocument Fixture =
        JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Learning/Optimizers/optimizer_trajectories.json")));

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in Fixture.RootElement.GetProperty("cases").EnumerateArray())
            data.Add(c.GetProperty("name").GetString()!, c.GetProperty("dtype").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FollowsTorchTrajectory(string name, string dtype)
    {
        var c = Fixture.RootElement.GetProperty("cases").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == name && e.GetProperty("dtype").GetString() == dtype);
        if (dtype == "float64") Replay<double>(c, relativeTolerance: 1e-12);
        else Replay<float>(c, relativeTolerance: 2e-5);
    }

    private static void Replay<T>(JsonElement c, double relativeTolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var hyper = c.GetProperty("hyper");
        double H(string key, double fallback) => hyper.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;
        T At(double x) => T.CreateChecked(x);
        var theta = c.GetProperty("initial").EnumerateArray().Select(e => At(e.GetDouble())).ToArray();
        IOptimizer<T> optimizer = c.GetProperty("optimizer").GetString() switch
        {
            "SGD" => new Sgd<T>(theta.Length, At(H("lr", 0)), At(H("momentum", 0)), At(H("weight_decay", 0)),
                hyper.TryGetProperty("nesterov", out var n) && n.GetBoolean()),
            "Adam" => new Adam<T>(theta.Length, At(H("lr", 0)), At(H("beta1", 0.9)), At(H("beta2", 0.999)), At(H("eps", 1e-8)),
                At(H("weight_decay", 0))),
            "AdamW" => new Adam<T>(theta.Length, At(H("lr", 0)), At(H("beta1", 0.9)), At(H("beta2", 0.999)), At(H("eps", 1e-8)),
                At(H("weight_decay", 0.01)), decoupledWeightDecay: true),
            var other => throw new InvalidDataException(other),
        };
        var gradients = c.GetProperty("gradients").EnumerateArray().ToArray();
        var expected = c.GetProperty("parameters").EnumerateArray().ToArray();
        for (int step = 0; step < gradients.Length; step++)
        {
            var g = gradients[step].EnumerateArray().Select(e => At(e.GetDouble())).ToArray();
            optimizer.Step(theta, g);
            var want = expected[step].EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int i = 0; i < theta.Length; i++)
            {
                double got = double.CreateChecked(theta[i]);
                double scale = Math.Max(1.0, Math.Abs(want[i]));
                Assert.True(Math.Abs(got - want[i]) <= relativeTolerance * scale,
                    $"step {step + 1}, θ[{i}]: got {got:R}, PyTorch {want[i]:R}");
            }
        }
        Assert.Equal(gradients.Length, optimizer.StepCount);
    }

    [Fact]
    public void RejectsMismatchedLengthsBeforeWork()
    {
        var adam = new Adam<double>(3, 0.1);
        var theta = new double[] { 1, 2, 3 };
        var e = Assert.Throws<ArgumentException>(() => adam.Step(theta, new double[2]));
        Assert.Contains("gradient.Length = 2", e.Message);
        Assert.Equal(new double[] { 1, 2, 3 }, theta);
        Assert.Equal(0, adam.StepCount);
    }

    [Fact]
    public void RejectsBadHyperParameters()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<float>(3, -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<float>(3, 1e-3f, beta1: 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>(3, 0.1, momentum: 0, nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>(3, 0.1, weightDecay: -0.5));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(-1)]
    public void ThreadsDoNotChangeTheResult(int threads)
    {
        const int n = 100_003; // above the threaded length (65,536), 7 chunks of 16,384, the last ragged
        var random = new Random(2);
        var start = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var g = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var one = (float[])start.Clone();
        var many = (float[])start.Clone();
        var a1 = new Adam<float>(n, 1e-2f, weightDecay: 0.1f);
        var at = new Adam<float>(n, 1e-2f, weightDecay: 0.1f) { Threads = threads };
        Assert.Equal(threads, at.Threads);
        for (int step = 0; step < 3; step++)
        {
            a1.Step(one, g);
            at.Step(many, g);
        }
        Assert.Equal(one, many);
        Assert.NotEqual(start, one);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void ThreadCountFollowsTheOneConvention(int threads)
    {
        var adam = new Adam<float>(3, 1e-3f);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => adam.Threads = threads);
        Assert.Equal("Threads", e.ParamName);
        Assert.StartsWith($"Threads = {threads}: threads must be ≥ 1 (1 = the calling thread), or −1 for every processor", e.Message);
        Assert.Equal(1, adam.Threads);
    }

    [Fact]
    public void ResetForgetsState()
    {
        var fresh = new double[] { 1, -2, 0.5 };
        var g = new double[] { 0.3, -0.1, 2 };
        var a = new Adam<double>(3, 0.1);
        var once = (double[])fresh.Clone();
        a.Step(once, g);
        var again = (double[])fresh.Clone();
        a.Step(again, g);
        a.Reset();
        var afterReset = (double[])fresh.Clone();
        a.Step(afterReset, g);
        Assert.Equal(once, afterReset);
    }
}
