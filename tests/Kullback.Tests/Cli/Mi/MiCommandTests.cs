using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Tests.Support;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Mi;

/// <summary><c>kullback mi</c> end to end: scikit-learn 1.2.1 fixtures through the CLI, every validation message.</summary>
public sealed class MiCommandTests : IDisposable
{
    private readonly TempFolder _temp = new("mi");

    /// <inheritdoc/>
    public void Dispose() => _temp.Dispose();

    private static string Fixture(string name) => TestPaths.Fixture($"MutualInformation/{name}");

    private string Temp(string name, string content) => _temp.Write(name, content);

    [Fact]
    public void SklearnCompatibleEqualsMutualInfoClassifAndRegression()
    {
        var fixture = JsonDocument.Parse(File.ReadAllText(Fixture("sklearn.json"))).RootElement;
        foreach (var c in fixture.GetProperty("cases").EnumerateArray())
        {
            var discrete = c.GetProperty("discrete").EnumerateArray().Select(e => e.GetString()!).ToArray();
            var (code, stdout, err) = Run("mi", Fixture(c.GetProperty("file").GetString()!), "--target", c.GetProperty("target").GetString()!,
                "--k", c.GetProperty("k").GetInt32().ToString(), "--discrete-features", discrete.Length == 0 ? "none" : string.Join(",", discrete),
                "--sklearn-compatible", "--json", "--threads", "2");
            Assert.True(code == 0, err);
            var ours = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(c.GetProperty("task").GetString(), ours.GetProperty("task").GetString());
            Assert.Equal("nats", ours.GetProperty("unit").GetString());
            var byName = ours.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
            var names = c.GetProperty("features").EnumerateArray().Select(e => e.GetString()!).ToArray();
            var expected = c.GetProperty("mi").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int j = 0; j < names.Length; j++)
            {
                var f = byName[names[j]];
                Assert.Equal(discrete.Contains(names[j]) ? "discrete" : "continuous", f.GetProperty("kind").GetString());
                double mi = f.GetProperty("mi").GetDouble();
                Assert.True(Math.Abs(mi - expected[j]) <= 1e-4, $"{names[j]}: sklearn {expected[j]}, ours {mi}");
            }
            // Ranks: 1 … n in order of decreasing MI.
            var ranked = ours.GetProperty("features").EnumerateArray().ToArray();
            for (int r = 0; r < ranked.Length; r++)
            {
                Assert.Equal(r + 1, ranked[r].GetProperty("rank").GetInt32());
                if (r > 0) Assert.True(ranked[r - 1].GetProperty("mi").GetDouble() >= ranked[r].GetProperty("mi").GetDouble());
            }
        }
    }

    [Fact]
    public void AutoDetectsTaskAndKindsAndPrintsATable()
    {
        var (code, stdout, err) = Run("mi", Fixture("classification.csv"), "--target", "label", "--base", "2");
        Assert.True(code == 0, err);
        Assert.Contains("I(feature; label) in bits: classification (auto), k = 3, 500 rows", stdout);
        Assert.Matches(@"\n\s+\d+\s+g4\s+discrete\s+plugin", stdout);
        Assert.Matches(@"\n\s+\d+\s+c0\s+continuous\s+ross", stdout);
        var (code2, json, _) = Run("mi", Fixture("classification.csv"), "--target", "label", "--json", "--task", "classification", "--discrete-features", "all",
            "--discrete-estimator", "miller_madow", "--permutations", "9", "--seed", "4");
        Assert.Equal(0, code2);
        var features = JsonDocument.Parse(json).RootElement.GetProperty("features").EnumerateArray().ToArray();
        Assert.All(features, f => Assert.Equal("miller_madow", f.GetProperty("estimator").GetString()));
        Assert.All(features, f => Assert.InRange(f.GetProperty("p_value").GetDouble(), 0.1, 1));
    }

    [Fact]
    public void RawModeNotesNegativeEstimatesAndGivenUsesFrenzelPompe()
    {
        var (code, stdout, err) = Run("mi", Fixture("regression.csv"), "--target", "y", "--discrete-features", "none");
        Assert.True(code == 0, err);
        Assert.Contains("note: estimates below 0 are sampling noise around 0", stdout); // x2 is independent of y
        var (code2, json, err2) = Run("mi", Fixture("regression.csv"), "--target", "y", "--given", "x0", "--discrete-features", "none", "--json");
        Assert.True(code2 == 0, err2);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal("x0", root.GetProperty("given").GetString());
        Assert.All(root.GetProperty("features").EnumerateArray(), f => Assert.Equal("frenzel_pompe", f.GetProperty("estimator").GetString()));
        Assert.DoesNotContain(root.GetProperty("features").EnumerateArray(), f => f.GetProperty("name").GetString() == "x0");
    }

    [Fact]
    public void NpyInputNamesColumnsByIndex()
    {
        var rng = new Random(2);
        var values = new double[300 * 3];
        for (int i = 0; i < 300; i++)
        {
            values[3 * i] = rng.NextDouble();
            values[3 * i + 1] = rng.NextDouble();
            values[3 * i + 2] = values[3 * i] + 0.1 * rng.NextDouble();
        }
        var path = Temp("x.npy", "");
        string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (300, 3), }";
        header = header.PadRight(header.Length + (64 - (11 + header.Length) % 64) % 64) + "\n";
        using (var f = File.Create(path))
        {
            f.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            f.Write(BitConverter.GetBytes((ushort)header.Length));
            f.Write(System.Text.Encoding.ASCII.GetBytes(header));
            f.Write(values.SelectMany(BitConverter.GetBytes).ToArray());
        }
        var (code, json, err) = Run("mi", path, "--target", "2", "--json");
        Assert.True(code == 0, err);
        var features = JsonDocument.Parse(json).RootElement.GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal("0", features[0].GetProperty("name").GetString()); // column 2 ≈ column 0
        Assert.Equal("regression", JsonDocument.Parse(json).RootElement.GetProperty("task").GetString());
    }

    [Theory]
    [InlineData(new[] { "--k", "0" }, "--k 0: must be ≥ 1")]
    [InlineData(new[] { "--permutations", "-1" }, "--permutations -1: must be ≥ 0")]
    [InlineData(new[] { "--threads", "0" }, "--threads 0: must be ≥ 1")]
    [InlineData(new[] { "--task", "cluster" }, "--task cluster: use auto, classification or regression")]
    [InlineData(new[] { "--discrete-estimator", "nsb" }, "--discrete-estimator nsb: use plugin, miller_madow or chao_shen")]
    [InlineData(new[] { "--discrete-features", "a,,b" }, "--discrete-features a,,b: use auto, all, none, or column names")]
    [InlineData(new[] { "--given", "y" }, "--given y: is the target itself")]
    [InlineData(new[] { "--discrete-features", "y" }, "--discrete-features: 'y' is the target, not a feature")]
    [InlineData(new[] { "--base", "1" }, "--base 1: a logarithm base must be finite, > 0 and ≠ 1")]
    public void BadOptionsExitWithTwo(string[] extra, string message)
    {
        var (code, _, err) = Run(["mi", Fixture("regression.csv"), "--target", "y", .. extra]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void MissingTargetOptionIsAUsageError()
    {
        var (code, _, err) = Run("mi", Fixture("regression.csv"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--target", err);
    }

    [Theory]
    [InlineData("a,b,y\n1,2,3\n2,2,4\n3,2,1\n4,2,2\n5,2,8\n", new[] { "--target", "y" }, "column 'b' is constant (all values 2)")]
    [InlineData("a,b,y\n1,2,3\n2,2,4\n3,2,1\n4,2,2\n5,2,8\n", new[] { "--target", "b" }, "column 'b' is constant")]
    [InlineData("a,b,y\n1,2,3\n2,NaN,4\n3,2,1\n4,1,2\n5,2,8\n", new[] { "--target", "y" }, "line 3, column 'b': missing value; use --drop-missing")]
    [InlineData("a,b,y\n1,2,3\n2,NaN,4\nNA,,1\n4,1,2\n5,2,8\n", new[] { "--target", "y" }, "line 3, column 'b': missing value")] // the first row, though 'a' comes first
    [InlineData("a,b,y\n1,2,3\n2,3,4\nNA,,1\n4,1,2\n5,2,8\n", new[] { "--target", "y" }, "line 4, column 'a': missing value")]  // in that row, the first column
    [InlineData("a,b,y\n1,x,3\n2,y,4\n3,x,1\n4,y,2\n5,x,8\n", new[] { "--target", "y", "--discrete-features", "none" }, "feature 'b' is text; it can only be discrete")]
    [InlineData("a,b,y\n1,2,x\n2,3,y\n3,5,x\n4,1,y\n5,2,x\n", new[] { "--target", "y", "--task", "regression" }, "target 'y' is text; regression needs numbers")]
    [InlineData("a,b,y\n1,q,3\n2,r,4\n3,q,1\n4,r,2\n5,q,8\n", new[] { "--target", "y", "--given", "b" }, "--given column 'b' is text")]
    [InlineData("a,b,y\n1,2,3\n2,3\n", new[] { "--target", "y" }, "line 3: ragged row of 2 cells; the header has 3")]
    [InlineData("a,a,y\n1,2,3\n", new[] { "--target", "y" }, "the header repeats a column name")]
    [InlineData("a,b,y\n1,2,3\n2,inf,4\n", new[] { "--target", "y" }, "line 3, column 'b': inf is not finite")]
    [InlineData("y\n1\n2\n3\n4\n5\n", new[] { "--target", "y" }, "no feature columns besides the target")]
    [InlineData("a,b,y\n", new[] { "--target", "y" }, "a header but no data rows")]
    public void BadInputIsAnErrorNamingWhatAndWhere(string csv, string[] options, string message)
    {
        var (code, _, err) = Run(["mi", Temp("t.csv", csv), .. options]);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains(message, err);
        Assert.DoesNotContain("   at ", err);
    }

    /// <summary>An option that names a column the file lacks, or a --k the rows cannot serve, is a usage error (exit 2).</summary>
    [Theory]
    [InlineData("a,b,y\n1,2,3\n2,3,4\n3,5,1\n4,1,2\n5,2,8\n", new[] { "--target", "z" }, "--target 'z': no such column (columns: a, b, y)")]
    [InlineData("a,b,y\n1,2,3\n2,,4\n3,2,1\n4,1,2\n5,2,8\n", new[] { "--target", "y", "--drop-missing", "--k", "4" }, "4 rows without missing cells; --k 4 needs at least k + 1 = 5")]
    [InlineData("a,b,y\n1,2,3\n2,3,4\n", new[] { "--target", "y" }, "2 rows; --k 3 needs at least k + 1 = 4")]
    public void OptionsTheDataCannotServeAreUsageErrors(string csv, string[] options, string message)
    {
        var (code, _, err) = Run(["mi", Temp("t.csv", csv), .. options]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void DropMissingLeavesOutTheRow()
    {
        var rows = string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i * 0.37 % 1:R},{(i == 7 ? "NA" : (i * 0.61 % 1).ToString("R"))},{i * 0.11 % 1:R}"));
        var (code, json, err) = Run("mi", Temp("d.csv", "a,b,y\n" + rows + "\n"), "--target", "y", "--drop-missing", "--json");
        Assert.True(code == 0, err);
        Assert.Equal(39, JsonDocument.Parse(json).RootElement.GetProperty("rows").GetInt32());
        var (missing, _, _) = Run("mi", Fixture("nope.csv"), "--target", "y");
        Assert.Equal(ExitCodes.Usage, missing); // a missing input file is a mistake in the command line
    }
}
