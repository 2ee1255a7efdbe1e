using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Tests.Support;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Drift;

/// <summary><c>kullback drift</c> end to end against drift_anchor.py (pandas + SciPy) on generated tables with known shifts.</summary>
public class DriftCommandTests
{
    private static string Table(string name) => TestPaths.Fixture($"Drift/tables/{name}");

    private static void Close(double expected, double actual, string what)
    {
        double scale = Math.Max(Math.Abs(expected), double.Epsilon);
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * scale, $"{what}: anchor {expected:R}, ours {actual:R}");
    }

    [Theory]
    [InlineData("small")]
    [InlineData("large")]
    public void EveryColumnEqualsTheAnchor(string size)
    {
        var (code, stdout, err) = Run("drift", Table($"{size}_reference.csv"), Table($"{size}_current.csv"), "--json");
        Assert.True(code == 0, err);
        var ours = JsonDocument.Parse(stdout).RootElement;
        var anchor = JsonDocument.Parse(File.ReadAllText(Table($"{size}_anchor.json"))).RootElement;
        var oc = ours.GetProperty("columns").EnumerateArray().ToArray();
        var ac = anchor.GetProperty("columns").EnumerateArray().ToArray();
        Assert.Equal(ac.Length, oc.Length);
        for (int i = 0; i < ac.Length; i++)
        {
            string name = ac[i].GetProperty("name").GetString()!;
            Assert.Equal(name, oc[i].GetProperty("name").GetString());
            foreach (var key in new[] { "type", "method" })
                Assert.Equal(ac[i].GetProperty(key).GetString(), oc[i].GetProperty(key).GetString());
            Close(ac[i].GetProperty("statistic").GetDouble(), oc[i].GetProperty("statistic").GetDouble(), $"{name}.statistic");
            if (ac[i].GetProperty("p_value").ValueKind == JsonValueKind.Null) Assert.Equal(JsonValueKind.Null, oc[i].GetProperty("p_value").ValueKind);
            else Close(ac[i].GetProperty("p_value").GetDouble(), oc[i].GetProperty("p_value").GetDouble(), $"{name}.p_value");
            Assert.Equal(ac[i].GetProperty("threshold").GetDouble(), oc[i].GetProperty("threshold").GetDouble());
            Assert.Equal(ac[i].GetProperty("drift").GetBoolean(), oc[i].GetProperty("drift").GetBoolean());
        }
        foreach (var key in new[] { "drifted_columns", "rows_reference", "rows_current" })
            Assert.Equal(anchor.GetProperty(key).GetInt64(), ours.GetProperty(key).GetInt64());
        Assert.Equal(anchor.GetProperty("share").GetDouble(), ours.GetProperty("share").GetDouble());
        Assert.Equal(anchor.GetProperty("dataset_drift").GetBoolean(), ours.GetProperty("dataset_drift").GetBoolean());
    }

    [Fact]
    public void MissingCellsAreCountedPerColumn()
    {
        var (_, stdout, _) = Run("drift", Table("small_reference.csv"), Table("small_current.csv"), "--json", "--columns", "missing_numeric,same");
        var cols = JsonDocument.Parse(stdout).RootElement.GetProperty("columns").EnumerateArray().ToArray();
        Assert.Equal(2, cols.Length);
        Assert.Equal("missing_numeric", cols[0].GetProperty("name").GetString());
        // Counted from the CSV by pandas: 38 empty reference cells, 123 current (make_drift_tables.py's 5% / 20% masks).
        Assert.Equal(38, cols[0].GetProperty("missing_reference").GetInt64());
        Assert.Equal(123, cols[0].GetProperty("missing_current").GetInt64());
        Assert.Equal(0, cols[1].GetProperty("missing_reference").GetInt64());
    }

    [Fact]
    public void FailOnDriftExitsThreeAndOverridesApply()
    {
        Assert.Equal(3, Run("drift", Table("small_reference.csv"), Table("small_current.csv"), "--fail-on-drift").Code);
        Assert.Equal(0, Run("drift", Table("small_reference.csv"), Table("small_current.csv"), "--fail-on-drift", "--columns", "same").Code);
        var (code, stdout, err) = Run("drift", Table("small_reference.csv"), Table("small_current.csv"), "--json", "--columns", "same,proportion",
            "--method", "same=wasserstein", "--method", "proportion=jensenshannon", "--threshold", "same=0.01", "--drift-share", "1");
        Assert.True(code == 0, err);
        var root = JsonDocument.Parse(stdout).RootElement;
        var cols = root.GetProperty("columns").EnumerateArray().ToArray();
        Assert.Equal("wasserstein", cols[0].GetProperty("method").GetString());
        Assert.Equal(0.01, cols[0].GetProperty("threshold").GetDouble());
        Assert.Equal("jensenshannon", cols[1].GetProperty("method").GetString());
        Assert.Equal(JsonValueKind.Null, cols[1].GetProperty("p_value").ValueKind);
        (code, stdout, err) = Run("drift", Table("small_reference.csv"), Table("small_current.csv"), "--json", "--columns", "same,mean_shift",
            "--method", "same=energy", "--method", "mean_shift=t_test");
        Assert.True(code == 0, err);
        cols = JsonDocument.Parse(stdout).RootElement.GetProperty("columns").EnumerateArray().ToArray();
        Assert.Equal("energy", cols[0].GetProperty("method").GetString());
        Assert.Equal("t_test", cols[1].GetProperty("method").GetString());
        Assert.True(cols[1].GetProperty("drift").GetBoolean()); // a 0.6 σ mean shift on 800/600 rows
    }

    /// <summary>The methods beyond the preset, end to end, against SciPy/NumPy on the pandas-read tables (Fixtures/Drift/make_more_methods_fixtures.py).</summary>
    [Fact]
    public void MoreMethodsEqualScipyOnTheTables()
    {
        var cases = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Drift/more_methods_reference.json"))).RootElement.GetProperty("tables").EnumerateArray().ToArray();
        var args = new List<string> { "drift", Table("small_reference.csv"), Table("small_current.csv"), "--json", "--columns",
            string.Join(",", cases.Select(c => c.GetProperty("column").GetString())) };
        foreach (var c in cases) args.AddRange(["--method", $"{c.GetProperty("column").GetString()}={c.GetProperty("method").GetString()}"]);
        var (code, stdout, err) = Run([.. args]);
        Assert.True(code == 0, err);
        var cols = JsonDocument.Parse(stdout).RootElement.GetProperty("columns").EnumerateArray().ToArray();
        Assert.Equal(cases.Length, cols.Length);
        for (int i = 0; i < cases.Length; i++)
        {
            string what = $"{cases[i].GetProperty("column").GetString()} {cases[i].GetProperty("method").GetString()}";
            Assert.Equal(cases[i].GetProperty("method").GetString(), cols[i].GetProperty("method").GetString());
            var es = cases[i].GetProperty("statistic");
            if (es.ValueKind == JsonValueKind.String) Assert.Equal(es.GetString(), cols[i].GetProperty("statistic").GetString());
            else Close(es.GetDouble(), cols[i].GetProperty("statistic").GetDouble(), what);
            var ep = cases[i].GetProperty("p_value");
            if (ep.ValueKind == JsonValueKind.Null) Assert.Equal(JsonValueKind.Null, cols[i].GetProperty("p_value").ValueKind);
            else
            {
                // Cramér–von Mises' asymptotic p is 1 − C∞(t) in SciPy and here: a few ulp of 1 absolute (see MoreMethodsTests).
                double p = ep.GetDouble(), ours = cols[i].GetProperty("p_value").GetDouble();
                Assert.True(Math.Abs(ours - p) <= Math.Max(1e-9 * p, 4 * Math.ScaleB(1.0, -52)), $"{what} p: scipy {p:R}, ours {ours:R}");
            }
        }
        Assert.Equal(2, Run("drift", Table("small_reference.csv"), Table("small_current.csv"), "--bins", "1").Code);
        var bad = Run("drift", Table("small_reference.csv"), Table("small_current.csv"), "--columns", "new_category", "--method", "new_category=anderson");
        Assert.Equal(1, bad.Code);
        Assert.Contains("new_category", bad.Err);
    }

    [Theory]
    [InlineData("bonferroni")]
    [InlineData("bh")]
    public void CorrectionAdjustsTheTestColumnsTogether(string correction)
    {
        var (code, stdout, err) = Run("drift", Table("small_reference.csv"), Table("small_current.csv"), "--json");
        Assert.True(code == 0, err);
        var plain = JsonDocument.Parse(stdout).RootElement.GetProperty("columns").EnumerateArray().ToArray();
        (code, stdout, err) = Run("drift", Table("small_reference.csv"), Table("small_current.csv"), "--json", "--correction", correction);
        Assert.True(code == 0, err);
        var cols = JsonDocument.Parse(stdout).RootElement.GetProperty("columns").EnumerateArray().ToArray();
        var p = plain.Select(c => c.GetProperty("p_value").GetDouble()).ToArray(); // the small tables use tests only
        var expected = correction == "bonferroni" ? Kullback.Drift.MultipleTesting.Bonferroni(p) : Kullback.Drift.MultipleTesting.BenjaminiHochberg(p);
        for (int i = 0; i < cols.Length; i++)
        {
            Assert.Equal(p[i], cols[i].GetProperty("p_value").GetDouble());
            Assert.Equal(expected[i], cols[i].GetProperty("p_value_adjusted").GetDouble());
            Assert.Equal(expected[i] < 0.05, cols[i].GetProperty("drift").GetBoolean());
        }
        Assert.Equal(2, Run("drift", Table("small_reference.csv"), Table("small_current.csv"), "--correction", "holm").Code);
    }

    [Fact]
    public void PermutationsTurnADistanceIntoATest()
    {
        var (code, stdout, err) = Run("drift", Table("large_reference.csv"), Table("large_current.csv"), "--json", "--columns", "same,mean_shift",
            "--permutations", "99", "--seed", "5");
        Assert.True(code == 0, err);
        var cols = JsonDocument.Parse(stdout).RootElement.GetProperty("columns").EnumerateArray().ToArray();
        Assert.All(cols, c => Assert.Equal("wasserstein", c.GetProperty("method").GetString()));
        Assert.Equal(0.01, cols[1].GetProperty("p_value").GetDouble(), 1e-15); // (0 + 1)/(99 + 1): a mean shift no split reaches
        Assert.True(cols[1].GetProperty("drift").GetBoolean());
        Assert.Equal(0.05, cols[0].GetProperty("threshold").GetDouble());
        Assert.Equal(stdout, Run("drift", Table("large_reference.csv"), Table("large_current.csv"), "--json", "--columns", "same,mean_shift",
            "--permutations", "99", "--seed", "5").Out);
        Assert.Equal(2, Run("drift", Table("large_reference.csv"), Table("large_current.csv"), "--permutations", "-1").Code);
    }

    private static string Write(string dir, string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void BadInputsAreClearErrors()
    {
        string dir = Directory.CreateTempSubdirectory("drift").FullName;
        try
        {
            string a = Write(dir, "a.csv", "x,y\n1,a\n2,b\n3,a\n");
            string other = Write(dir, "b.csv", "x,z\n1,a\n2,b\n");
            var r = Run("drift", a, other);
            Assert.Equal(1, r.Code);
            Assert.Contains("different columns", r.Err);
            Assert.Contains("[y]", r.Err);
            Assert.Contains("[z]", r.Err);

            string textX = Write(dir, "t.csv", "x,y\nfoo,a\nbar,b\n");
            r = Run("drift", a, textX);
            Assert.Equal(1, r.Code);
            Assert.Contains("'x' is numeric", r.Err);

            string empty = Write(dir, "e.csv", "x,y\n,a\nNaN,b\n");
            r = Run("drift", a, empty);
            Assert.Equal(1, r.Code);
            Assert.Contains("'x' is empty", r.Err);

            string ragged = Write(dir, "r.csv", "x,y\n1,a\n2,b,7\n");
            r = Run("drift", a, ragged);
            Assert.Equal(1, r.Code);
            Assert.Contains("line 3", r.Err);
            Assert.Contains("ragged", r.Err);

            r = Run("drift", a, a, "--method", "x=bogus");
            Assert.Equal(2, r.Code);
            Assert.Contains("unknown method", r.Err);
            r = Run("drift", a, a, "--method", "y=ks");
            Assert.Equal(1, r.Code);
            Assert.Contains("does not apply", r.Err);
            r = Run("drift", a, a, "--columns", "nope");
            Assert.Equal(2, r.Code); // a column the file lacks, named by an option: a usage error
            Assert.Contains("no column 'nope'", r.Err);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

/// <summary>NPY input and columns that turn to text after numbers.</summary>
public class DriftInputTests
{
    [Fact]
    public void NpyColumnsEqualScipyKs()
    {
        var (code, stdout, err) = Run("drift", TestPaths.Fixture("Drift/tables/npy_reference.npy"), TestPaths.Fixture("Drift/tables/npy_current.npy"), "--json");
        Assert.True(code == 0, err);
        var ours = JsonDocument.Parse(stdout).RootElement.GetProperty("columns").EnumerateArray().ToArray();
        var scipy = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Drift/tables/npy_scipy.json"))).RootElement.GetProperty("columns").EnumerateArray().ToArray();
        Assert.Equal(scipy.Length, ours.Length);
        for (int i = 0; i < ours.Length; i++)
        {
            Assert.Equal(scipy[i].GetProperty("name").GetString(), ours[i].GetProperty("name").GetString());
            Assert.Equal("ks", ours[i].GetProperty("method").GetString());
            foreach (var key in new[] { "statistic", "p_value" })
            {
                double e = scipy[i].GetProperty(key).GetDouble(), a = ours[i].GetProperty(key).GetDouble();
                Assert.True(Math.Abs(a - e) <= 1e-9 * Math.Abs(e), $"{key}: scipy {e:R}, ours {a:R}");
            }
            Assert.Equal(scipy[i].GetProperty("missing_reference").GetInt64(), ours[i].GetProperty("missing_reference").GetInt64());
            Assert.Equal(scipy[i].GetProperty("missing_current").GetInt64(), ours[i].GetProperty("missing_current").GetInt64());
        }
    }

    [Fact]
    public void NumbersBeforeTheFirstTextCellAreCountedAsText()
    {
        string dir = Directory.CreateTempSubdirectory("drift").FullName;
        try
        {
            string a = Path.Combine(dir, "a.csv"), b = Path.Combine(dir, "b.csv");
            File.WriteAllText(a, "c\n1\n\n2\n1\nfoo\nNA\n"); // the blank line is skipped, as pandas does
            File.WriteAllText(b, "c\nfoo\n2\n2\n");
            var (code, stdout, err) = Run("drift", a, b, "--json");
            Assert.True(code == 0, err);
            var col = JsonDocument.Parse(stdout).RootElement.GetProperty("columns")[0];
            Assert.Equal("categorical", col.GetProperty("type").GetString());
            Assert.Equal("chisquare", col.GetProperty("method").GetString());
            Assert.Equal(1, col.GetProperty("missing_reference").GetInt64());
            Assert.Equal(5, JsonDocument.Parse(stdout).RootElement.GetProperty("rows_reference").GetInt64());
            // Categories "1", "2", "foo": reference [2, 1, 1], current [0, 2, 1].
            var expected = Kullback.Drift.CategoryTests.ChiSquareContingency([2, 1, 1], [0, 2, 1]);
            Assert.Equal(expected.Statistic, col.GetProperty("statistic").GetDouble(), 1e-12);
            Assert.Equal(expected.PValue, col.GetProperty("p_value").GetDouble(), 1e-12);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
