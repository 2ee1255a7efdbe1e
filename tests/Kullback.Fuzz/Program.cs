using System.CommandLine;
using Kullback.Cli.Common;
using Kullback.Learning.Data;
using Kullback.Learning.Models;
using Kullback.Learning.Training;
using SharpFuzz;

namespace Kullback.Fuzz;

/// <summary>
/// AFL++ fuzz targets for every parser of untrusted input. Each target writes the fuzzer's bytes to a file and runs the
/// code a user would reach through <see cref="CliRunner.Run"/>, so the tool's own error policy decides what is a clean
/// error (a one-line message, exit 1 or 2) and what is a crash: any exception that escapes it would be a stack trace
/// for a user, and here it is a crash for AFL++.
/// </summary>
/// <remarks>
/// <c>Kullback.Fuzz TARGET</c> runs under afl-fuzz (SharpFuzz's persistent loop on standard input);
/// <c>Kullback.Fuzz TARGET FILE...</c> replays inputs once each, printing the exit code and what the tool printed on
/// stderr (an exception escapes with its stack trace, exit code non-zero); <c>Kullback.Fuzz --list</c> names the targets.
/// </remarks>
public static class Program
{
    private static readonly string Work = Path.Combine(Path.GetTempPath(), $"kullback-fuzz-{Environment.ProcessId}");

    /// <summary>A small saved model (4 features, 3 classes) for <c>predict --input</c>, trained once per process.</summary>
    private static readonly Lazy<string> PredictModel = new(() =>
    {
        string csv = Path.Combine(Work, "predict.csv"), model = Path.Combine(Work, "predict.kbm");
        File.WriteAllLines(csv, Enumerable.Range(0, 30).Select(i => $"{i % 5},{i % 3},{(i * 7) % 4},{i % 2},{i % 3}"));
        if (Cli("train", "--data", csv, "--epochs", "1", "--threads", "1", "--save", model, "--json") != 0)
            throw new InvalidOperationException("could not train the model predict is fuzzed with");
        return model;
    });

    /// <summary>Target name → (file name the input is written to, what runs on it).</summary>
    private static readonly Dictionary<string, (string File, Func<string, int> Run)> Targets = new()
    {
        // NPY header and body: a training table (2-D, label column) and a logits file of compare (streamed rows).
        ["npy-dataset"] = ("x.npy", f => Cli("train", "--data", f, "--epochs", "1", "--threads", "1", "--json")),
        ["npy-logits"] = ("x.npy", f => Cli("compare", "--logits", f, f, "--threads", "1", "--json")),
        // IDX: an images file followed by a labels file (split at the labels' magic 00 00 08 01 after the first header):
        // headers, dimensions, body lengths, images against labels.
        ["idx"] = ("x.idx", f => Library(() =>
        {
            var bytes = File.ReadAllBytes(f);
            int split = bytes.AsSpan(Math.Min(4, bytes.Length)).IndexOf(new byte[] { 0, 0, 8, 1 });
            split = split < 0 ? bytes.Length : split + 4;
            string images = f + "-images-idx3-ubyte", labels = f + "-labels-idx1-ubyte";
            File.WriteAllBytes(images, bytes[..split]);
            File.WriteAllBytes(labels, bytes[split..]);
            IdxDataset.Load(images, labels);
        })),
        // CSV: a training data set (numbers, label column), compare's samples (header sniffing, text → categories,
        // histograms) and drift's table (typed columns).
        ["csv-dataset"] = ("x.csv", f => Cli(["train", "--data", f, "--epochs", "1", "--threads", "1", "--json", .. StartsWithLetter(f) ? ["--header"] : Array.Empty<string>()])),
        ["csv-samples"] = ("x.csv", f => Cli("compare", f, f, "--column", "0", "--threads", "1", "--json")),
        ["csv-drift"] = ("x.csv", f => Cli("drift", f, f, "--json")),
        // JSON lines of every batch verb.
        ["jsonl-measure"] = ("x.jsonl", f => Cli("measure", "--input", f, "--json")),
        ["jsonl-kl"] = ("x.jsonl", f => Cli("kl", "--input", f, "--json")),
        ["jsonl-loss"] = ("x.jsonl", f => Cli("loss", "--input", f, "--json")),
        ["jsonl-predict"] = ("x.jsonl", f => Cli("predict", "--model", PredictModel.Value, "--input", f, "--json")),
        // Model files (.kbm): header sizes, checksum, weights; then one forward pass on a zero row.
        ["kbm"] = ("x.kbm", f => Library(() =>
        {
            var model = ModelFile.Load(f);
            Evaluator.Probabilities(model.Members, new float[model.Spec.Inputs]);
        })),
        // The same with the checksum recomputed first, so that mutations reach the header sizes and the weights
        // (a file with a valid checksum and a lying header is what a buggy writer or an attacker makes).
        ["kbm-checksummed"] = ("x.kbm", f => Library(() =>
        {
            var bytes = File.ReadAllBytes(f);
            if (bytes.Length >= 8)
            {
                ulong h = 14695981039346656037UL; // FNV-1a 64, the model file's checksum of all bytes but the last 8
                foreach (byte b in bytes.AsSpan(0, bytes.Length - 8)) h = (h ^ b) * 1099511628211UL;
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), h);
                File.WriteAllBytes(f, bytes);
            }
            var model = ModelFile.Load(f);
            Evaluator.Probabilities(model.Members, new float[model.Spec.Inputs]);
        })),
        // Distribution specs: the first line is P, the second Q (the closed form or the error for the pair).
        ["spec"] = ("x.txt", f =>
        {
            // A command-line argument cannot hold a NUL character (argv is C strings): the harness drops them.
            var lines = File.ReadAllText(f).Replace("\0", "").Split('\n');
            return Cli("kl", lines[0], lines.Length > 1 ? lines[1] : lines[0], "--json");
        }),
    };

    /// <summary>Entry point: see the remarks of <see cref="Program"/>.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] == "--list" || !Targets.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine(args.Length == 0 || args[0] == "--list" ? "" : $"unknown target {args[0]}");
            Console.WriteLine(string.Join("\n", Targets.Keys));
            return args.Length == 0 || args[0] != "--list" ? 2 : 0;
        }
        Directory.CreateDirectory(Work);
        string file = Path.Combine(Work, target.File);
        if (args.Length > 1)
        {
            foreach (var input in args.Skip(1))
            {
                File.Copy(input, file, overwrite: true);
                var stderr = new StringWriter();
                Error = stderr;
                int code = target.Run(file);
                Console.WriteLine($"{input}: exit {code}: {stderr.ToString().Trim()}");
            }
            return 0;
        }
        Fuzzer.Run(stream =>
        {
            using (var output = File.Create(file)) stream.CopyTo(output);
            target.Run(file);
        });
        return 0;
    }

    /// <summary>Where the tool's error messages go (discarded while fuzzing, printed when replaying).</summary>
    private static TextWriter Error = TextWriter.Null;

    /// <summary>Runs the <c>kullback</c> command line in this process, as <c>Program.Main</c> does.</summary>
    private static int Cli(params string[] args) => CliRunner.Run(Kullback.Cli.Program.BuildRoot(), args, TextWriter.Null, Error);

    /// <summary>Whether the file starts with a letter (then csv-dataset reads its first line as a header).</summary>
    private static bool StartsWithLetter(string path)
    {
        using var file = File.OpenRead(path);
        int b = file.ReadByte();
        return b is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');
    }

    /// <summary>Runs a library reader under the tool's error policy (a command whose action is <paramref name="read"/>).</summary>
    private static int Library(Action read)
    {
        var command = new Command("fuzz");
        command.SetAction(_ => read());
        return CliRunner.Run(command, [], TextWriter.Null, Error);
    }
}
