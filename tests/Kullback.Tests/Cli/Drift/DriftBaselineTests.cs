using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Tests.Support;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Drift;

/// <summary>
/// Frozen baselines: <c>kullback drift --baseline FILE CURRENT</c> must print exactly what the raw comparison prints
/// (the baseline keeps every sorted number and every category count), and baselines of 4 partitions of one reference,
/// merged, must too.
/// </summary>
public sealed class DriftBaselineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drift-baseline").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string Table(string name) => TestPaths.Fixture($"Drift/tables/{name}");

    private string Baseline(string reference, string name, params string[] more)
    {
        string path = Path.Combine(_dir, name);
        var r = Run(["drift", "baseline", reference, "--out", path, .. more]);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("written to", r.Out);
        return path;
    }

    [Theory]
    [InlineData("small")]
    [InlineData("large")]
    public void RoundTripPrintsExactlyTheRawComparison(string size)
    {
        string baseline = Baseline(Table($"{size}_reference.csv"), $"{size}.kdb");
        foreach (var extra in new[] { new[] { "--json" }, Array.Empty<string>(), new[] { "--json", "--method", "mean_shift=psi", "--method", "integer_ties=cramer_von_mises", "--method", "variance_shift=anderson", "--correction", "bh" } })
        {
            var raw = Run(["drift", Table($"{size}_reference.csv"), Table($"{size}_current.csv"), .. extra]);
            var frozen = Run(["drift", "--baseline", baseline, Table($"{size}_current.csv"), .. extra]);
            Assert.True(raw.Code == 0 || raw.Code == 3, raw.Err);
            Assert.Equal(raw.Code, frozen.Code);
            Assert.Equal(raw.Out, frozen.Out);
            Assert.Equal("", frozen.Err);
        }
        // The anchor's verdicts, through the baseline.
        var ours = JsonDocument.Parse(Run("drift", "--baseline", baseline, Table($"{size}_current.csv"), "--json").Out).RootElement;
        var anchor = JsonDocument.Parse(File.ReadAllText(Table($"{size}_anchor.json"))).RootElement;
        Assert.Equal(anchor.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("drift").GetBoolean()),
            ours.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("drift").GetBoolean()));
        Assert.Equal(anchor.GetProperty("rows_reference").GetInt64(), ours.GetProperty("rows_reference").GetInt64());
    }

    [Fact]
    public void NpyRoundTripAndColumnSelection()
    {
        string baseline = Baseline(Table("npy_reference.npy"), "npy.kdb");
        var raw = Run("drift", Table("npy_reference.npy"), Table("npy_current.npy"), "--json");
        Assert.True(raw.Code == 0, raw.Err);
        Assert.Equal(raw.Out, Run("drift", "--baseline", baseline, Table("npy_current.npy"), "--json").Out);
        // --columns picks from a full baseline as from the raw file.
        var rawSome = Run("drift", Table("small_reference.csv"), Table("small_current.csv"), "--json", "--columns", "new_category,same");
        string full = Baseline(Table("small_reference.csv"), "full.kdb");
        Assert.Equal(rawSome.Out, Run("drift", "--baseline", full, Table("small_current.csv"), "--json", "--columns", "new_category,same").Out);
    }

    [Theory]
    [InlineData("small")]
    [InlineData("large")]
    public void FourPartitionBaselinesMergeToTheRawComparison(string size)
    {
        var lines = File.ReadAllLines(Table($"{size}_reference.csv"));
        string header = lines[0];
        var data = lines.Skip(1).ToArray();
        var parts = new List<string>();
        for (int p = 0; p < 4; p++)
        {
            // Unequal partitions: 10%, 20%, 30%, 40% of the rows, in file order.
            int from = data.Length * (p * (p + 1) / 2) / 10, to = data.Length * ((p + 1) * (p + 2) / 2) / 10;
            string csv = Path.Combine(_dir, $"part{p}.csv");
            File.WriteAllLines(csv, [header, .. data[from..to]]);
            parts.Add(Baseline(csv, $"part{p}.kdb"));
        }
        string merged = Path.Combine(_dir, "merged.kdb");
        var m = Run(["drift", "baseline", "--merge", .. parts, "--out", merged]);
        Assert.True(m.Code == 0, m.Err);
        Assert.Contains($"baseline of {data.Length} rows", m.Out);
        Assert.Contains("merged from 4 baselines", m.Out);
        var raw = Run("drift", Table($"{size}_reference.csv"), Table($"{size}_current.csv"), "--json");
        var frozen = Run("drift", "--baseline", merged, Table($"{size}_current.csv"), "--json");
        Assert.True(frozen.Code == 0, frozen.Err);
        Assert.Equal(raw.Out, frozen.Out);
        // A merged baseline is byte-identical to the baseline of the whole file.
        Assert.Equal(File.ReadAllBytes(Baseline(Table($"{size}_reference.csv"), "whole.kdb")), File.ReadAllBytes(merged));
    }

    [Fact]
    public void BadBaselinesAreClearErrors()
    {
        string good = Baseline(Table("small_reference.csv"), "good.kdb");
        string current = Table("small_current.csv");

        var r = Run("drift", "--baseline", Table("small_reference.csv"), current);
        Assert.Equal(1, r.Code);
        Assert.Contains("not a kullback drift baseline", r.Err);

        var bytes = File.ReadAllBytes(good);
        var other = (byte[])bytes.Clone();
        int versionAt = "KULLBACK-DRIFT-BASELINE\n".Length;
        BitConverter.GetBytes(7).CopyTo(other, versionAt);
        string otherVersion = Path.Combine(_dir, "v7.kdb");
        File.WriteAllBytes(otherVersion, other);
        r = Run("drift", "--baseline", otherVersion, current);
        Assert.Equal(1, r.Code);
        Assert.Contains("format version 7", r.Err);
        Assert.Contains("reads versions 1 and 2", r.Err);

        string truncated = Path.Combine(_dir, "cut.kdb");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        r = Run("drift", "--baseline", truncated, current);
        Assert.Equal(1, r.Code);
        Assert.Contains("truncated", r.Err);

        string trailing = Path.Combine(_dir, "long.kdb");
        File.WriteAllBytes(trailing, [.. bytes, 0, 0, 0]);
        r = Run("drift", "--baseline", trailing, current);
        Assert.Equal(1, r.Code);
        Assert.Contains("3 bytes after the last column", r.Err);

        // Command-line mistakes: exit 2 before any reading.
        Assert.Equal(2, Run("drift", "--baseline", good, current, current).Code);
        Assert.Equal(2, Run("drift", Table("small_reference.csv")).Code);
        r = Run("drift", "baseline", Table("small_reference.csv"), "--out", _dir);
        Assert.Equal(2, r.Code);
        Assert.Contains("is a folder", r.Err);
        r = Run("drift", "baseline", Table("small_reference.csv"), "--merge", good, "--out", Path.Combine(_dir, "x.kdb"));
        Assert.Equal(2, r.Code);
        r = Run("drift", "baseline", "--merge", good, "--out", good);
        Assert.Equal(2, r.Code);
        Assert.Contains("one of the --merge inputs", r.Err);

        // Partitions with different columns do not merge; a column text in one partition and numbers in another neither.
        string some = Baseline(Table("small_reference.csv"), "some.kdb", "--columns", "same,proportion");
        string merged = Path.Combine(_dir, "m.kdb");
        r = Run("drift", "baseline", "--merge", good, some, "--out", merged);
        Assert.Equal(1, r.Code);
        Assert.Contains("different columns", r.Err);
        Assert.False(File.Exists(merged));
        string numbers = Path.Combine(_dir, "n.csv"), texts = Path.Combine(_dir, "t.csv");
        File.WriteAllText(numbers, "x\n1\n2\n");
        File.WriteAllText(texts, "x\nfoo\nbar\n");
        r = Run("drift", "baseline", "--merge", Baseline(numbers, "n.kdb"), Baseline(texts, "t.kdb"), "--out", merged);
        Assert.Equal(1, r.Code);
        Assert.Contains("'x' is text in", r.Err);

        // A bad reference leaves no baseline file behind.
        string ragged = Path.Combine(_dir, "r.csv"), output = Path.Combine(_dir, "r.kdb");
        File.WriteAllText(ragged, "x,y\n1,a\n2,b,7\n");
        r = Run("drift", "baseline", ragged, "--out", output);
        Assert.Equal(1, r.Code);
        Assert.Contains("ragged", r.Err);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }
}
