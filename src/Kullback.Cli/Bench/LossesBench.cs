using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Kernels;
using Kullback.Losses;

namespace Kullback.Cli.Bench;

/// <summary>
/// <c>kullback bench losses</c>: the workloads of shared/anchors/torch_losses.py on the same shapes, float32 logits ~ N(0, 3²):
/// ce_fwd_hard (mean CE, class-index targets, forward), ce_fwdbwd_hard (plus the gradient), ce_fwdbwd_soft (probability
/// targets, loss and gradient), kl_logits_fwd (mean D(softmax(a)‖softmax(b)) over rows).
/// </summary>
public static class LossesBench
{
    private static readonly string[] Workloads = ["ce_fwd_hard", "ce_fwdbwd_hard", "ce_fwdbwd_soft", "kl_logits_fwd"];

    /// <summary>Builds the <c>bench losses</c> command.</summary>
    public static Command Create()
    {
        var threads = new Option<int>("--threads") { Description = "Threads the rows are spread over (as torch.set_num_threads).", DefaultValueFactory = _ => 1 };
        var reps = new Option<int>("--reps") { Description = "Timed repetitions after one warm-up; the median is reported.", DefaultValueFactory = _ => 7 };
        var shapes = new Option<string>("--shapes") { Description = "Comma-separated ROWSxCOLS shapes.", DefaultValueFactory = _ => "65536x10,8192x1000,512x32000,128x128256" };
        var workloads = new Option<string>("--workloads") { Description = "Comma-separated workloads (default: all four).", DefaultValueFactory = _ => string.Join(",", Workloads) };
        var json = new Option<bool>("--json") { Description = "One JSON object per line: {\"impl\",\"workload\",\"rows\",\"cols\",\"threads\",\"ms\",\"min_ms\"} (median and fastest repetition)." };
        var cmd = new Command("losses", "Cross-entropy and KL on logits, the workloads of shared/anchors/torch_losses.py.") { threads, reps, shapes, workloads, json };
        cmd.SetAction(parse =>
        {
            int t = parse.GetValue(threads), r = parse.GetValue(reps);
            if (t < 1) throw new UsageException($"--threads {t}: must be ≥ 1");
            if (r < 1) throw new UsageException($"--reps {r}: must be ≥ 1");
            Limits.AtMost("--reps", r, Limits.BenchRepetitions, "timed repetitions per workload and shape");
            var chosen = parse.GetValue(workloads)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var w in chosen)
                if (!Workloads.Contains(w)) throw new UsageException($"--workloads: unknown workload '{w}' (known: {string.Join(", ", Workloads)})");
            if (chosen.Length == 0) throw new UsageException($"--workloads '{parse.GetValue(workloads)}': no workload given (known: {string.Join(", ", Workloads)})");
            var list = ParseShapes(parse.GetValue(shapes)!);
            var output = parse.InvocationConfiguration.Output;
            bool asJson = parse.GetValue(json);
            if (!asJson) output.WriteLine($"{"workload",-16} {"rows",7} {"cols",7} {"threads",7} {"ms",10} {"GB/s",7}");
            foreach (var (n, c) in list) Run(n, c, t, r, chosen, asJson, output);
            return ExitCodes.Success;
        });
        return cmd;
    }

    private const long MaxValues = int.MaxValue;

    internal static List<(int Rows, int Cols)> ParseShapes(string text)
    {
        var list = new List<(int, int)>();
        foreach (var s in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = s.Split('x');
            if (parts.Length != 2 || !int.TryParse(parts[0], out int n) || !int.TryParse(parts[1], out int c) || n < 1 || c < 1)
                throw new UsageException($"--shapes: '{s}' is not ROWSxCOLS with positive sizes");
            if ((long)n * c > MaxValues)
                throw new UsageException($"--shapes: '{s}' has {(long)n * c} values; at most {MaxValues} (2³¹ − 1) per shape");
            list.Add((n, c));
        }
        if (list.Count == 0) throw new UsageException($"--shapes '{text}': no shape given (e.g. 4096x1000,512x32000)");
        return list;
    }

    private static void Run(int n, int c, int threads, int reps, string[] workloads, bool json, TextWriter output)
    {
        var rng = new Random(0);
        var logits = Normal(rng, n * c, 3);
        var other = new float[logits.Length];
        var noise = Normal(rng, n * c, 0.5);
        for (int k = 0; k < other.Length; k++) other[k] = logits[k] + noise[k];
        var targets = new int[n];
        for (int i = 0; i < n; i++) targets[i] = rng.Next(c);
        var soft = Softmax(other, n, c);
        var gradient = new float[logits.Length];
        var options = new LossOptions { Threads = threads };
        double sink = 0;
        foreach (var w in workloads)
        {
            Func<double> fn = w switch
            {
                "ce_fwd_hard" => () => CrossEntropyLoss.Evaluate(logits, n, c, targets, default, options).Loss,
                "ce_fwdbwd_hard" => () => CrossEntropyLoss.Evaluate(logits, n, c, targets, gradient, options).Loss,
                "ce_fwdbwd_soft" => () => CrossEntropyLoss.Evaluate(logits, n, c, soft, gradient, options).Loss,
                _ => () => LogitKullbackLeibler.Mean(logits, other, n, c, threads),
            };
            long bytesPerCall = 4L * n * c * w switch { "ce_fwd_hard" => 1, "ce_fwdbwd_hard" => 2, "ce_fwdbwd_soft" => 3, _ => 2 };
            // Warm-up: at least 40 calls and 0.5 s, so that the JIT has tiered up to its final code (PyTorch has no JIT to warm).
            long warm = Stopwatch.GetTimestamp();
            for (int k = 0; k < 40 || Stopwatch.GetElapsedTime(warm).TotalSeconds < 0.5; k++) sink += fn();
            var times = new double[reps];
            for (int k = 0; k < reps; k++)
            {
                long start = Stopwatch.GetTimestamp();
                sink += fn();
                times[k] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            Array.Sort(times);
            double ms = reps % 2 == 1 ? times[reps / 2] : 0.5 * (times[reps / 2 - 1] + times[reps / 2]);
            if (json)
            {
                var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer, JsonOut.LineOptions))
                {
                    writer.WriteStartObject();
                    writer.WriteString("impl", "kullback");
                    writer.WriteString("workload", w);
                    writer.WriteNumber("rows", n);
                    writer.WriteNumber("cols", c);
                    writer.WriteNumber("threads", threads);
                    writer.WriteNumber("ms", Math.Round(ms, 4));
                    writer.WriteNumber("min_ms", Math.Round(times[0], 4));
                    writer.WriteEndObject();
                }
                output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            }
            else
            {
                output.WriteLine($"{w,-16} {n,7} {c,7} {threads,7} {ms,10:F3} {bytesPerCall / ms / 1e6,7:F1}");
            }
            output.Flush();
        }
        GC.KeepAlive(sink);
    }

    /// <summary>N(0, σ²) floats by Box–Muller from a seeded generator.</summary>
    private static float[] Normal(Random rng, int count, double sigma)
    {
        var x = new float[count];
        for (int k = 0; k < count; k += 2)
        {
            double u = 1 - rng.NextDouble(), v = rng.NextDouble();
            double r = sigma * Math.Sqrt(-2 * Math.Log(u));
            x[k] = (float)(r * Math.Cos(2 * Math.PI * v));
            if (k + 1 < count) x[k + 1] = (float)(r * Math.Sin(2 * Math.PI * v));
        }
        return x;
    }

    private static float[] Softmax(float[] z, int n, int c)
    {
        var p = new float[z.Length];
        for (int i = 0; i < n; i++)
        {
            var row = z.AsSpan(i * c, c);
            double m = double.NegativeInfinity, s = 0;
            foreach (var v in row) m = Math.Max(m, v);
            foreach (var v in row) s += Math.Exp(v - m);
            for (int k = 0; k < c; k++) p[i * c + k] = (float)(Math.Exp(row[k] - m) / s);
        }
        return p;
    }
}
