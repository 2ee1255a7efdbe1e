using System.IO.Compression;
using System.Text.Json;
using Kullback.Measures;
using Kullback.Tests.Support;

namespace Kullback.Tests.Measures;

/// <summary>The divergence families against mpmath (60 digits, Fixtures/Measures/divergences.jsonl.gz made by
/// make_divergence_fixtures.py): within 8·ε·Σ|terms| propagated to each value, and exactly +∞ where the truth is infinite.</summary>
public class DivergenceFixtureTests(ITestOutputHelper output)
{
    private static readonly Lazy<(JsonElement Header, Dictionary<string, JsonElement> Cases)> Data = new(Load);

    private static (JsonElement, Dictionary<string, JsonElement>) Load()
    {
        using var file = File.OpenRead(TestPaths.Fixture("Measures/divergences.jsonl.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var header = JsonDocument.Parse(reader.ReadLine()!).RootElement.Clone();
        var cases = new Dictionary<string, JsonElement>();
        while (reader.ReadLine() is { } line)
        {
            var c = JsonDocument.Parse(line).RootElement.Clone();
            cases[c.GetProperty("id").GetString()!] = c;
        }
        return (header, cases);
    }

    public static IEnumerable<object[]> Ids => Data.Value.Cases.Keys.Select(k => new object[] { k });

    [Fact]
    public void FixturesNameTheirMaker()
    {
        Assert.StartsWith("mpmath", Data.Value.Header.GetProperty("tool").GetString());
        Assert.True(Data.Value.Header.GetProperty("dps").GetInt32() >= 50);
        Assert.Equal(Data.Value.Header.GetProperty("cases").GetInt32(), Data.Value.Cases.Count);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void AgreesWithMpmathWithinTheBound(string id)
    {
        var c = Data.Value.Cases[id];
        var unit = c.TryGetProperty("base", out var b) ? LogBase.Of(b.GetDouble()) : LogBase.Nats;
        int checkedCount = 0;
        foreach (var entry in c.GetProperty("values").EnumerateObject())
        {
            double computed;
            if (entry.Name == "gjs")
            {
                var rows = c.GetProperty("gjs").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
                double[] flat = rows.SelectMany(r => r).ToArray();
                double[] weights = c.TryGetProperty("weights", out var w) ? w.EnumerateArray().Select(v => v.GetDouble()).ToArray() : [];
                computed = GeneralisedJensenShannon.Divergence(flat, rows[0].Length, weights, unit);
                if (rows.Length == 2 && weights.Length == 0)
                    Assert.Equal(JensenShannon.Divergence(rows[0], rows[1], unit), computed, 1e-15);
            }
            else
            {
                double[] p = Doubles(c.GetProperty("p")), q = Doubles(c.GetProperty("q"));
                computed = NamedDivergence.Parse(entry.Name).Evaluate(p, q, unit);
                if (entry.Name == "hellinger") computed *= computed; // the bound is on H²
            }
            string exact = entry.Value.GetString()!;
            if (exact == "Infinity")
            {
                Assert.True(double.IsPositiveInfinity(computed), $"{id} {entry.Name}: expected +∞, computed {computed:R}");
                checkedCount++;
                continue;
            }
            double hi = double.Parse(exact, System.Globalization.CultureInfo.InvariantCulture);
            double lo = c.GetProperty("lo").GetProperty(entry.Name).GetDouble();
            double bound = c.GetProperty("bound").GetProperty(entry.Name).GetDouble();
            double error = Math.Abs((computed - hi) - lo);
            output.WriteLine($"{id} {entry.Name}: computed {computed:R}, expected {exact}, error/bound {error / bound:G3}");
            Assert.True(error <= bound, $"{id} {entry.Name}: computed {computed:R}, expected {exact}, error {error:G3} > bound {bound:G3}");
            checkedCount++;
        }
        Assert.True(checkedCount > 0);
    }

    private static double[] Doubles(JsonElement a) => a.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
