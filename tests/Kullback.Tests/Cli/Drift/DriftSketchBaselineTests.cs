using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Tests.Support;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Drift;

/// <summary>
/// Sketched baselines: numeric columns over <c>--sketch-above</c> values are kept as quantile sketches. The generated
/// shifted tables are sketched with a small level capacity (<c>--sketch-k 256</c>), so that the sketches really compact,
/// and compared with the raw comparison: same verdicts, every statistic within its stated bound, for one baseline and for
/// a merge of 4 partitions; exact baselines stay byte-identical to the format-1 files of earlier releases.
/// </summary>
public sealed class DriftSketchBaselineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drift-sketch").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string Table(string name) => TestPaths.Fixture($"Drift/tables/{name}");

    private string Baseline(string reference, string name, params string[] more)
    {
        string path = Path.Combine(_dir, name);
        var r = Run(["drift", "baseline", reference, "--out", path, .. more]);
        Assert.True(r.Code == 0, r.Err);
        return path;
    }

    private static JsonElement[] Columns(string json) => JsonDocument.Parse(json).RootElement.GetProperty("columns").EnumerateArray().ToArray();

    /// <summary>Same names, types, methods and verdicts as the raw comparison; sketched columns within their bound (ks: the raw p inside the stated p range).</summary>
    private static int AssertWithinBounds(string rawJson, string sketchedJson)
    {
        var raw = Columns(rawJson);
        var ours = Columns(sketchedJson);
        Assert.Equal(raw.Length, ours.Length);
        int approximate = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            string name = raw[i].GetProperty("name").GetString()!;
            foreach (var key in new[] { "name", "type", "method" })
                Assert.Equal(raw[i].GetProperty(key).GetString(), ours[i].GetProperty(key).GetString());
            Assert.True(raw[i].GetProperty("drift").GetBoolean() == ours[i].GetProperty("drift").GetBoolean(), $"{name}: verdict differs");
            double exact = raw[i].GetProperty("statistic").GetDouble(), stat = ours[i].GetProperty("statistic").GetDouble();
            if (!ours[i].TryGetProperty("approximate", out var a))
            {
                Assert.Equal(exact, stat);
                continue;
            }
            approximate++;
            Assert.True(a.GetBoolean());
            double eps = ours[i].GetProperty("rank_error").GetDouble();
            Assert.True(eps > 0, $"{name}: the sketch compacted nothing");
            var bound = ours[i].GetProperty("error_bound");
            if (bound.ValueKind == JsonValueKind.Number)
                Assert.True(Math.Abs(stat - exact) <= bound.GetDouble() * (1 + 1e-12), $"{name}: |{stat} − {exact}| > {bound.GetDouble()}");
            if (ours[i].TryGetProperty("p_value_bounds", out var pb))
            {
                double lo = pb[0].GetDouble(), hi = pb[1].GetDouble(), p = raw[i].GetProperty("p_value").GetDouble();
                Assert.True(lo <= p && p <= hi, $"{name}: raw p {p} outside [{lo}, {hi}]");
            }
        }
        return approximate;
    }

    [Theory]
    [InlineData("small")]
    [InlineData("large")]
    public void SketchedBaselineGivesTheRawVerdictsWithinTheStatedBounds(string size)
    {
        string baseline = Baseline(Table($"{size}_reference.csv"), $"{size}.kdb", "--sketch-above", "100", "--sketch-k", "256");
        Assert.Equal(2, BitConverter.ToInt32(File.ReadAllBytes(baseline), "KULLBACK-DRIFT-BASELINE\n".Length));
        var raw = Run("drift", Table($"{size}_reference.csv"), Table($"{size}_current.csv"), "--json");
        var frozen = Run("drift", "--baseline", baseline, Table($"{size}_current.csv"), "--json");
        Assert.True(frozen.Code == 0, frozen.Err);
        // same, mean_shift, variance_shift, integer_ties, missing_numeric are sketched (few_values keeps exact counts).
        Assert.Equal(5, AssertWithinBounds(raw.Out, frozen.Out));
        // The anchor's verdicts too.
        var anchor = JsonDocument.Parse(File.ReadAllText(Table($"{size}_anchor.json"))).RootElement;
        Assert.Equal(anchor.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("drift").GetBoolean()),
            Columns(frozen.Out).Select(c => c.GetProperty("drift").GetBoolean()));
        // Other methods that run from a sketch.
        var methods = new[] { "--method", "same=ks", "--method", "mean_shift=energy", "--method", "variance_shift=t_test", "--method", "integer_ties=psi", "--method", "missing_numeric=hellinger" };
        raw = Run(["drift", Table($"{size}_reference.csv"), Table($"{size}_current.csv"), "--json", .. methods]);
        frozen = Run(["drift", "--baseline", baseline, Table($"{size}_current.csv"), "--json", .. methods]);
        Assert.True(frozen.Code == 0, frozen.Err);
        AssertWithinBounds(raw.Out, frozen.Out);
        // The table says which columns came from a sketch.
        var table = Run("drift", "--baseline", baseline, Table($"{size}_current.csv"));
        Assert.Contains("≈ from a quantile sketch of the reference: same (rank error ≤", table.Out);
    }

    [Theory]
    [InlineData("small", "100")]
    [InlineData("large", "100")]
    [InlineData("large", "500")]
    public void FourPartitionBaselinesMergeWithinTheBound(string size, string above)
    {
        var lines = File.ReadAllLines(Table($"{size}_reference.csv"));
        var data = lines.Skip(1).ToArray();
        var parts = new List<string>();
        for (int p = 0; p < 4; p++)
        {
            // 10%, 20%, 30%, 40% of the rows: with --sketch-above 500 on the large table the first part stays exact.
            int from = data.Length * (p * (p + 1) / 2) / 10, to = data.Length * ((p + 1) * (p + 2) / 2) / 10;
            string csv = Path.Combine(_dir, $"part{p}.csv");
            File.WriteAllLines(csv, [lines[0], .. data[from..to]]);
            parts.Add(Baseline(csv, $"part{p}.kdb", "--sketch-above", above, "--sketch-k", "256"));
        }
        string merged = Path.Combine(_dir, "merged.kdb");
        var m = Run(["drift", "baseline", "--merge", .. parts, "--out", merged]);
        Assert.True(m.Code == 0, m.Err);
        Assert.Contains($"baseline of {data.Length} rows", m.Out);
        Assert.Contains("kept as quantile sketches", m.Out);
        var raw = Run("drift", Table($"{size}_reference.csv"), Table($"{size}_current.csv"), "--json");
        var frozen = Run("drift", "--baseline", merged, Table($"{size}_current.csv"), "--json");
        Assert.True(frozen.Code == 0, frozen.Err);
        Assert.Equal(5, AssertWithinBounds(raw.Out, frozen.Out));
        Assert.Equal(JsonDocument.Parse(raw.Out).RootElement.GetProperty("dataset_drift").GetBoolean(), JsonDocument.Parse(frozen.Out).RootElement.GetProperty("dataset_drift").GetBoolean());
    }

    [Fact]
    public void NpyTablesSketchToo()
    {
        string baseline = Baseline(Table("npy_reference.npy"), "npy.kdb", "--sketch-above", "100", "--sketch-k", "256");
        var raw = Run("drift", Table("npy_reference.npy"), Table("npy_current.npy"), "--json");
        var frozen = Run("drift", "--baseline", baseline, Table("npy_current.npy"), "--json");
        Assert.True(frozen.Code == 0, frozen.Err);
        Assert.True(AssertWithinBounds(raw.Out, frozen.Out) > 0);
    }

    [Fact]
    public void ExactPartitionsThatCrossTheThresholdTogetherBecomeASketch()
    {
        var lines = File.ReadAllLines(Table("large_reference.csv"));
        var parts = new List<string>();
        for (int p = 0; p < 4; p++)
        {
            string csv = Path.Combine(_dir, $"q{p}.csv");
            File.WriteAllLines(csv, [lines[0], .. lines.Skip(1 + p * 750).Take(750)]);
            parts.Add(Baseline(csv, $"q{p}.kdb")); // 750 rows each: exact, format 1
            Assert.Equal(1, BitConverter.ToInt32(File.ReadAllBytes(parts[^1]), "KULLBACK-DRIFT-BASELINE\n".Length));
        }
        string merged = Path.Combine(_dir, "merged.kdb");
        var m = Run(["drift", "baseline", "--merge", .. parts, "--out", merged, "--sketch-above", "2000", "--sketch-k", "256"]);
        Assert.True(m.Code == 0, m.Err);
        Assert.Contains("6 columns kept as quantile sketches", m.Out); // few_values too, with its exact value counts
        var raw = Run("drift", Table("large_reference.csv"), Table("large_current.csv"), "--json");
        Assert.Equal(5, AssertWithinBounds(raw.Out, Run("drift", "--baseline", merged, Table("large_current.csv"), "--json").Out));
        // Without a threshold crossed the merge stays exact: the raw comparison, byte for byte.
        string exact = Path.Combine(_dir, "exact.kdb");
        Assert.Equal(0, Run(["drift", "baseline", "--merge", .. parts, "--out", exact]).Code);
        Assert.Equal(raw.Out, Run("drift", "--baseline", exact, Table("large_current.csv"), "--json").Out);
    }

    [Fact]
    public void ExactBaselinesAreByteIdenticalToTheFormatOneFiles()
    {
        // Written by kullback at commit 3373692 (before sketches): `kullback drift baseline small_reference.csv --out …`.
        var before = File.ReadAllBytes(TestPaths.Fixture("Drift/small_reference.v1.kdb"));
        Assert.Equal(before, File.ReadAllBytes(Baseline(Table("small_reference.csv"), "now.kdb")));
        Assert.Equal(before, File.ReadAllBytes(Baseline(Table("small_reference.csv"), "exact.kdb", "--exact")));
        // An old file still reads.
        var raw = Run("drift", Table("small_reference.csv"), Table("small_current.csv"), "--json");
        Assert.Equal(raw.Out, Run("drift", "--baseline", TestPaths.Fixture("Drift/small_reference.v1.kdb"), Table("small_current.csv"), "--json").Out);
    }

    [Fact]
    public void WhatCannotRunFromASketchIsAClearError()
    {
        string baseline = Baseline(Table("large_reference.csv"), "s.kdb", "--sketch-above", "100", "--sketch-k", "256");
        string current = Table("large_current.csv");
        foreach (var method in new[] { "mann_whitney", "cramer_von_mises", "anderson" })
        {
            var r = Run("drift", "--baseline", baseline, current, "--method", $"mean_shift={method}");
            Assert.Equal(1, r.Code);
            Assert.Contains($"column 'mean_shift': method '{method}' needs the reference's raw values", r.Err);
            Assert.Equal("", r.Out);
        }
        var e = Run("drift", "--baseline", baseline, current, "--method", "same=chisquare");
        Assert.Equal(1, e.Code);
        Assert.Contains("column 'same': method 'chisquare' compares distinct values", e.Err);
        e = Run("drift", "--baseline", baseline, current, "--permutations", "100");
        Assert.Equal(1, e.Code);
        Assert.Contains("--permutations needs the reference's raw values", e.Err);
        string report = Path.Combine(_dir, "report");
        e = Run("drift", "--baseline", baseline, current, "--report", report);
        Assert.Equal(1, e.Code);
        Assert.Contains("--report draws the reference's values", e.Err);
        Assert.False(Directory.Exists(report));
        // few_values (≤ 5 distinct) keeps exact counts: its categorical comparison runs and is exact.
        var ok = Run("drift", "--baseline", baseline, current, "--json", "--columns", "few_values");
        Assert.Equal(Run("drift", Table("large_reference.csv"), current, "--json", "--columns", "few_values").Out, ok.Out);

        // Command-line and merge mistakes.
        Assert.Equal(2, Run("drift", "baseline", Table("large_reference.csv"), "--out", Path.Combine(_dir, "x.kdb"), "--exact", "--sketch-above", "10").Code);
        Assert.Equal(2, Run("drift", "baseline", Table("large_reference.csv"), "--out", Path.Combine(_dir, "x.kdb"), "--sketch-above", "0").Code);
        Assert.Equal(2, Run("drift", "baseline", Table("large_reference.csv"), "--out", Path.Combine(_dir, "x.kdb"), "--sketch-k", "1").Code);
        e = Run("drift", "baseline", "--merge", baseline, baseline, "--out", Path.Combine(_dir, "x.kdb"), "--exact");
        Assert.Equal(1, e.Code);
        Assert.Contains("--exact cannot bring back the values", e.Err);
        string other = Baseline(Table("large_reference.csv"), "k32.kdb", "--sketch-above", "100", "--sketch-k", "32");
        e = Run("drift", "baseline", "--merge", baseline, other, "--out", Path.Combine(_dir, "x.kdb"));
        Assert.Equal(1, e.Code);
        Assert.Contains("do not merge", e.Err);
        Assert.False(File.Exists(Path.Combine(_dir, "x.kdb")));
    }

    [Fact]
    public void BadSketchedBaselinesAreRejected()
    {
        string good = Baseline(Table("large_reference.csv"), "good.kdb", "--sketch-above", "100", "--sketch-k", "256");
        string current = Table("large_current.csv");
        var bytes = File.ReadAllBytes(good);
        int versionAt = "KULLBACK-DRIFT-BASELINE\n".Length;

        string v3 = Path.Combine(_dir, "v3.kdb");
        var other = (byte[])bytes.Clone();
        BitConverter.GetBytes(3).CopyTo(other, versionAt);
        File.WriteAllBytes(v3, other);
        var r = Run("drift", "--baseline", v3, current);
        Assert.Equal(1, r.Code);
        Assert.Contains("format version 3", r.Err);
        Assert.Contains("reads versions 1 and 2", r.Err);

        // A version-2 file read as version 1 (what an older kullback would try) fails, and vice versa the storage byte is checked.
        string asV1 = Path.Combine(_dir, "v1.kdb");
        other = (byte[])bytes.Clone();
        BitConverter.GetBytes(1).CopyTo(other, versionAt);
        File.WriteAllBytes(asV1, other);
        Assert.Equal(1, Run("drift", "--baseline", asV1, current).Code);

        string cut = Path.Combine(_dir, "cut.kdb");
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 2 / 3)]);
        r = Run("drift", "--baseline", cut, current);
        Assert.Equal(1, r.Code);
        Assert.Contains("truncated", r.Err);

        // The first column ('same') is a sketch: its stored count, changed, no longer matches its levels' weights.
        string wrong = Path.Combine(_dir, "wrong.kdb");
        other = (byte[])bytes.Clone();
        // magic, version, rows (8), columns (4), name "same" (1 + 4), missing (8), kind, integers, storage, capacity (4) → count.
        int countAt = versionAt + 4 + 8 + 4 + 5 + 8 + 1 + 1 + 1 + 4;
        Assert.Equal(3000L, BitConverter.ToInt64(other, countAt)); // the 3,000 values of 'same'
        BitConverter.GetBytes(2999L).CopyTo(other, countAt);
        File.WriteAllBytes(wrong, other);
        r = Run("drift", "--baseline", wrong, current);
        Assert.Equal(1, r.Code);
        Assert.Contains("corrupt drift baseline (column 'same': quantile sketch weights sum to 3000, not its count 2999)", r.Err);
    }
}
