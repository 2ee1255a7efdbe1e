using System.Globalization;
using System.Text.Json;
using Kullback.Estimation;
using Kullback.Tests.Support;

namespace Kullback.Tests.Estimation;

public class SklearnMutualInformationTests
{
    private static readonly JsonElement Fixture =
        JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("MutualInformation/sklearn.json"))).RootElement;

    /// <summary>A fixture CSV as columns: numbers where every cell parses, else text.</summary>
    internal static Dictionary<string, string[]> ReadCsv(string file)
    {
        var lines = File.ReadAllLines(TestPaths.Fixture("MutualInformation/" + file));
        var names = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        return names.Select((n, j) => (n, rows.Select(r => r[j]).ToArray())).ToDictionary(t => t.n, t => t.Item2);
    }

    private static MutualInformationColumn Column(string name, string[] cells, bool discrete)
    {
        if (!discrete) return new MutualInformationColumn(name, cells.Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray(), null);
        var codes = new Dictionary<string, int>();
        return new MutualInformationColumn(name, null, cells.Select(c => codes.TryGetValue(c, out int v) ? v : codes[c] = codes.Count).ToArray());
    }

    [Fact]
    public void SklearnCompatibleModeMatchesMutualInfoRegressionAndClassif()
    {
        Assert.StartsWith("scikit-learn 1.2.1", Fixture.GetProperty("made_by").GetString());
        int compared = 0;
        foreach (var c in Fixture.GetProperty("cases").EnumerateArray())
        {
            var data = ReadCsv(c.GetProperty("file").GetString()!);
            var discrete = c.GetProperty("discrete").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
            bool classification = c.GetProperty("task").GetString() == "classification";
            string targetName = c.GetProperty("target").GetString()!;
            var target = Column(targetName, data[targetName], classification);
            var settings = new MutualInformationSettings(K: c.GetProperty("k").GetInt32(), SklearnCompatible: true, Threads: 2);
            var features = c.GetProperty("features").EnumerateArray().Select(e => e.GetString()!).ToArray();
            var expected = c.GetProperty("mi").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int j = 0; j < features.Length; j++)
            {
                var score = FeatureMutualInformation.Score(Column(features[j], data[features[j]], discrete.Contains(features[j])), target, null, settings);
                Assert.True(Math.Abs(expected[j] - score.MutualInformation) <= 1e-4,
                    $"{c.GetProperty("file")} k={settings.K} {features[j]} ({score.Estimator}): sklearn {expected[j]}, ours {score.MutualInformation}");
                Assert.True(score.MutualInformation >= 0);
                compared++;
            }
        }
        Assert.Equal(36, compared);
    }

    [Fact]
    public void RawModeIsUnclippedAndSkipsScaling()
    {
        var data = ReadCsv("regression.csv");
        var target = Column("y", data["y"], false);
        var x2 = Column("x2", data["x2"], false); // independent of y: the raw estimate may be below 0
        var raw = FeatureMutualInformation.Score(x2, target, null, new MutualInformationSettings());
        var sk = FeatureMutualInformation.Score(x2, target, null, new MutualInformationSettings(SklearnCompatible: true));
        Assert.Equal("ksg", raw.Estimator);
        Assert.Equal(Math.Max(0, sk.MutualInformation), sk.MutualInformation);
        Assert.NotEqual(raw.MutualInformation, sk.MutualInformation); // x2 is on a scale of 100: scaling changes the max-norm neighbours
        Assert.Null(raw.PValue);
    }

    [Fact]
    public void FeatureErrorsNameTheColumn()
    {
        var target = new MutualInformationColumn("y", [1, 2, 3, 4, 5], null);
        Assert.Contains("column 'c' is constant (all values 2)", Assert.Throws<ArgumentException>(() =>
            FeatureMutualInformation.Score(new MutualInformationColumn("c", [2, 2, 2, 2, 2], null), target, null, new())).Message);
        Assert.Contains("feature 'f' has 2 samples, target 'y' has 5", Assert.Throws<ArgumentException>(() =>
            FeatureMutualInformation.Score(new MutualInformationColumn("f", [2, 3], null), target, null, new())).Message);
        Assert.Contains("'g' is discrete: conditional MI (Frenzel–Pompe) needs continuous", Assert.Throws<ArgumentException>(() =>
            FeatureMutualInformation.Score(new MutualInformationColumn("f", [2, 3, 1, 5, 4], null), target, new MutualInformationColumn("g", null, [1, 1, 2, 2, 1]), new())).Message);
        Assert.Contains("given 'g' has 1 samples", Assert.Throws<ArgumentException>(() =>
            FeatureMutualInformation.Score(new MutualInformationColumn("f", [2, 3, 1, 5, 4], null), target, new MutualInformationColumn("g", [1], null), new())).Message);
    }
}
