using Kullback.Kernels;
using Kullback.Losses;

namespace Kullback.Tests.Losses;

/// <summary>On the calling thread, a loss evaluation allocates nothing once warmed up (a training loop calls it every step).</summary>
public class SteadyStateAllocationTests
{
    [Theory]
    [InlineData(64, 10, false)]
    [InlineData(16, 1000, false)]
    [InlineData(16, 1000, true)]
    public void RepeatedCallsAllocateNothing(int rows, int cols, bool fullCollectionsMeanwhile)
    {
        var rng = new Random(1);
        var z = Enumerable.Range(0, rows * cols).Select(_ => (float)rng.NextDouble()).ToArray();
        var p = new float[z.Length];
        for (int i = 0; i < rows; i++) p[i * cols + i % cols] = 1;
        var y = Enumerable.Range(0, rows).Select(i => i % cols).ToArray();
        var g = new float[z.Length];
        var perRow = new double[rows];
        var options = new LossOptions { Decompose = true };
        void Step()
        {
            CrossEntropyLoss.Evaluate(z, rows, cols, y, g, options);
            CrossEntropyLoss.Evaluate(z, rows, cols, p, g, options, default, default, new RowTerms { Loss = perRow });
            KullbackLeiblerLoss.Evaluate(z, rows, cols, p, g);
            LogitKullbackLeibler.RowDivergences(z, g, cols, perRow);
            LogisticLoss.Evaluate(z.AsSpan(0, rows), p.AsSpan(0, rows), g.AsSpan(0, rows));
        }
        for (int k = 0; k < 20; k++) Step();
        // Other tests (and a user's other threads) force gen-2 collections; a cache that such a collection drops and
        // the next call refills (Enum.IsDefined's did) allocates after each. Forced here so that it shows every time.
        using var stop = new CancellationTokenSource();
        var collector = fullCollectionsMeanwhile
            ? new Thread(() => { while (!stop.IsCancellationRequested) { GC.Collect(2, GCCollectionMode.Forced, blocking: true); Thread.Sleep(1); } })
            : null;
        collector?.Start();
        // The runtime itself allocates now and then (tiering, timers); an allocation in the losses would show in every
        // window of 10 steps, so one clean window out of five proves there is none.
        var windows = new List<long>();
        for (int w = 0; w < 5; w++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < 10; k++) Step();
            windows.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }
        stop.Cancel();
        collector?.Join();
        Assert.Contains(0L, windows);
    }
}
