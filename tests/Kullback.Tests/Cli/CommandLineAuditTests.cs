using Kullback.Cli.Common;
using Kullback.Tests.Support;

namespace Kullback.Tests.Cli;

/// <summary>
/// Issue 10, item 17: every verb audited for bad command lines — bad, negative, zero, NaN and huge numbers, unknown
/// columns, missing files, folders given as files, options that conflict or do not apply. Each is exit 2 with one line on
/// stderr that names the option (or argument) and the value, no .NET internals, nothing on stdout, and no work done.
/// </summary>
public class CommandLineAuditTests
{
    private static readonly string Dir = MakeFolder();
    private static string Examples => Path.Combine(TestPaths.RepositoryRoot, "examples");

    private static string MakeFolder()
    {
        string dir = TempFolder.ForProcess("audit").Path;
        Directory.CreateDirectory(Path.Combine(dir, "folder"));
        File.WriteAllText(Path.Combine(dir, "a.csv"), "x\n1\n2\n3\n4\n5\n");
        File.WriteAllText(Path.Combine(dir, "b.csv"), "x\n2\n3\n4\n9\n");
        File.WriteAllText(Path.Combine(dir, "xy.csv"), "x,y\n1,2\n2,3\n3,1\n");
        File.WriteAllText(Path.Combine(dir, "mi.csv"), "a,b,y\n1,2,3\n2,3,4\n3,5,1\n4,1,2\n5,2,8\n");
        return dir;
    }

    private static string D(string name) => Path.Combine(Dir, name);
    private static string E(string name) => Path.Combine(Examples, name);

    /// <summary>(arguments, a part of the message that names the option and value).</summary>
    public static TheoryData<string[], string> BadCommandLines()
    {
        string a = D("a.csv"), b = D("b.csv"), xy = D("xy.csv"), mi = D("mi.csv"), folder = D("folder"), missing = D("missing.csv");
        string model = E("digits.kbm"), z = E("val_z.npy"), y = E("val_y.npy");
        return new TheoryData<string[], string>
        {
            // kl: the specs P and Q are typed on the command line.
            { ["kl", "Normal(0", "Normal(0, 1)"], "\"Normal(0\" column 9: expected ')' but the spec ended" },
            { ["kl", "Normal(0, -1)", "Normal(0, 1)"], "Normal: scale = -1 is outside its domain" },
            { ["kl", "Foo(1)", "Normal(0, 1)"], "unknown family 'Foo'" },
            { ["kl", "StudentT(3)", "Normal(0, 1)", "--monte-carlo", "2000000000"], "--monte-carlo 2000000000: at most 100000000" },
            { ["kl", "Normal(0, 1)", "Normal(0, 2)", "--seed", "3"], "--seed seeds the Monte Carlo draws" },
            { ["kl", "--input", folder, "--json"], $"--input {folder}: is a folder, not a file" },
            // compare (samples).
            { ["compare", a, b, "--edges", "0,3,5"], $"--edges: B ({b}) has 9 (sample 4) outside [0, 5]" },
            { ["compare", a, b, "--edges", "2,3,9"], $"--edges: A ({a}) has 1 (sample 1) outside [2, 9]" },
            { ["compare", a, b, "--method", "knn", "--k", "10"], "--k 10: the kNN estimators need k ≤ n − 1 = 3" },
            { ["compare", xy, xy, "--method", "knn", "--k", "3"], "--k 3: the kNN estimators need k ≤ n − 1 = 2" },
            { ["compare", a, b, "--column", "nosuch"], $"--column nosuch: {a} has no such column (columns: 0:x)" },
            { ["compare", a, b, "--column", "7"], $"--column 7: {a} has no such column" },
            { ["compare", missing, b], $"A {missing}: no such file" },
            { ["compare", a, folder], $"B {folder}: is a folder, not a file" },
            { ["compare", a, b, "--bootstrap", "100000000"], "--bootstrap 100000000: at most 1000000" },
            { ["compare", a, b, "--seed", "3"], "--seed applies to bootstrap intervals; give --bootstrap N" },
            { ["compare", a, b, "--confidence", "0.9"], "--confidence applies to bootstrap intervals" },
            // compare --logits: --tensor means nothing for an NPY file.
            { ["compare", "--logits", E("z.npy"), E("z.npy"), "--tensor", "logits"], $"--tensor logits: {E("z.npy")} is an NPY file" },
            // train.
            { ["train", "--ensemble", "100000000", "--epochs", "1"], "--ensemble 100000000: at most 1000" },
            { ["train", "--ensemble", "1000", "--model", "mlp", "--hidden", "1000000", "--epochs", "1"], "--ensemble 1000: 1000 × " },
            { ["train", "--momentum", "0.5"], "--momentum is the momentum of --optimizer sgd; it does not apply to adam" },
            { ["train", "--patience", "5"], "--patience counts epochs of early stopping, which needs --validation F" },
            { ["train", "--teacher", missing], $"--teacher {missing}: no such file" },
            { ["train", "--teacher", folder], $"--teacher {folder}: is a folder, not a file" },
            // evaluate / predict.
            { ["evaluate", "--model", missing], $"--model {missing}: no such file" },
            { ["evaluate", "--model", folder], $"--model {folder}: is a folder, not a file" },
            { ["evaluate", "--model", model, "--all", "--test-fraction", "0.3"], "--test-fraction chooses the held-out rows; it does not apply with --all" },
            { ["evaluate", "--model", model, "--all", "--seed", "4"], "--seed chooses the held-out rows; it does not apply with --all" },
            { ["predict", "--model", missing], $"--model {missing}: no such file" },
            { ["predict", "--model", model, "--input", folder], $"--input {folder}: is a folder, not a file" },
            // calibrate.
            { ["calibrate", "--logits", z, "--labels", y, "--bins", "100000000"], "--bins 100000000: at most 1000000" },
            { ["calibrate", "--logits", z, "--labels", y, "--bootstrap", "1000000000"], "--bootstrap 1000000000: at most 1000000" },
            { ["calibrate", "--logits", folder, "--labels", y], $"--logits {folder}: is a folder, not a file" },
            { ["calibrate", "--model", missing], $"--model {missing}: no such file" },
            { ["calibrate", "--logits", z, "--labels", y, "--test-fraction", "0.3"], "--test-fraction applies to --model" },
            { ["calibrate", "--logits", z, "--labels", y, "--fit-logits", z, "--fit-labels", y, "--fit-fraction", "0.3"], "--fit-fraction splits the input" },
            // vi.
            { ["vi", "--model", "bayesian-linear-regression", "--prior-std", "1", "--noise-std", "1", "--iterations", "2000000000"], "--iterations 2000000000: at most 10000000" },
            { ["vi", "--model", "bayesian-logistic-regression", "--prior-std", "1", "--samples", "2000000000"], "--samples 2000000000: at most 1000000" },
            { ["vi", "--model", "bayesian-linear-regression", "--prior-std", "1", "--noise-std", "1", "--samples", "4"], "--samples sets Monte Carlo draws" },
            { ["vi", "--model", "bayesian-linear-regression", "--prior-std", "1", "--noise-std", "1", "--prior-df", "5"], "--prior-df is ν of --prior studentt; it does not apply to --prior normal" },
            { ["vi", "--model", "bayesian-linear-regression", "--prior-std", "1", "--noise-std", "1", "--learning-rate", "1e309"], "--learning-rate Infinity: must be finite and > 0" },
            // mi.
            { ["mi", mi, "--target", "z"], "--target 'z': no such column (columns: a, b, y)" },
            { ["mi", mi, "--target", "y", "--k", "100"], "--k 100 needs at least k + 1 = 101" },
            { ["mi", mi, "--target", "y", "--permutations", "2000000000"], "--permutations 2000000000: at most 1000000" },
            { ["mi", folder, "--target", "y"], $"DATA {folder}: is a folder, not a file" },
            { ["mi", missing, "--target", "y"], $"DATA {missing}: no such file" },
            // drift.
            { ["drift", E("a.csv"), E("b.csv"), "--columns", "nosuch"], "--columns: " },
            { ["drift", E("a.csv"), E("b.csv"), "--method", "nosuch=ks"], "--method/--threshold name column 'nosuch'" },
            { ["drift", missing, E("b.csv")], $"REFERENCE {missing}: no such file" },
            { ["drift", E("a.csv"), folder], $"CURRENT {folder}: is a folder, not a file" },
            // bench.
            { ["bench", "losses", "--reps", "1000000000", "--shapes", "2x2"], "--reps 1000000000: at most 10000" },
            { ["bench", "losses", "--workloads", ","], "--workloads ',': no workload given" },
        };
    }

    [Theory]
    [MemberData(nameof(BadCommandLines), DisableDiscoveryEnumeration = true)] // the rows name files of this process's folder, deleted when it exits
    public void ABadCommandLineExitsTwoNamingTheOptionBeforeAnyWork(string[] args, string expected)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliRunner.Run(Kullback.Cli.Program.BuildRoot(), args, o, e);
        string err = e.ToString();
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, err);
        Assert.StartsWith("kullback: ", err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", o.ToString()); // no work done, nothing half-written
        foreach (var internals in new[] { "(Parameter '", "Actual value was", "System.", "Exception", "   at " })
            Assert.DoesNotContain(internals, err);
    }
}
