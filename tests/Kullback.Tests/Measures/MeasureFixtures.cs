using System.IO.Compression;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Tests.Support;

namespace Kullback.Tests.Measures;

/// <summary>One mpmath reference case of Fixtures/Measures/measures.jsonl.gz (made by make_measures_fixtures.py).</summary>
public sealed class MeasureCase
{
    public required string Id { get; init; }
    /// <summary>The case's input fields only (id, p | p_logits | p_index, q | q_logits, base) as one JSON line.</summary>
    public required string InputLine { get; init; }
    public required JsonElement Json { get; init; }
    public double[]? P { get; init; }
    public double[]? PLogits { get; init; }
    public int? PIndex { get; init; }
    public double[]? Q { get; init; }
    public double[]? QLogits { get; init; }
    public double Base { get; init; } = Math.E;

    public static readonly string[] Measures = ["entropy", "cross_entropy", "kl", "reverse_kl", "js"];

    /// <summary>The exact value as hi + lo (hi = the double nearest), or +∞.</summary>
    public (double Hi, double Lo) Expected(string measure)
    {
        string text = Json.GetProperty(measure).GetString()!;
        if (text == "Infinity") return (double.PositiveInfinity, 0.0);
        return (double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), Json.GetProperty(measure + "_lo").GetDouble());
    }

    /// <summary>8·ε·Σ|terms| computed by mpmath.</summary>
    public double Bound(string measure) => Json.GetProperty(measure + "_bound").GetDouble();

    /// <summary>|computed − exact| / bound (0/0 = 0; a nonzero error against a zero bound is +∞); NaN if infinities disagree.</summary>
    public double ErrorInBounds(string measure, double computed)
    {
        var (hi, lo) = Expected(measure);
        if (double.IsPositiveInfinity(hi)) return double.IsPositiveInfinity(computed) ? 0.0 : double.NaN;
        if (!double.IsFinite(computed)) return double.NaN;
        double error = Math.Abs((computed - hi) - lo);
        double bound = Bound(measure);
        return error == 0 ? 0.0 : error / bound;
    }

    public override string ToString() => Id;
}

/// <summary>Loads the mpmath reference cases once.</summary>
public static class MeasureFixtures
{
    private static readonly Lazy<(JsonElement Header, IReadOnlyList<MeasureCase> Cases)> Loaded = new(Load);

    public static JsonElement Header => Loaded.Value.Header;

    public static IReadOnlyList<MeasureCase> Cases => Loaded.Value.Cases;

    public static MeasureCase Get(string id) => Cases.Single(c => c.Id == id);

    public static IEnumerable<object[]> Ids => Cases.Select(c => new object[] { c.Id });

    private static (JsonElement, IReadOnlyList<MeasureCase>) Load()
    {
        using var file = File.OpenRead(TestPaths.Fixture("Measures/measures.jsonl.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var header = JsonDocument.Parse(reader.ReadLine()!).RootElement.Clone();
        var cases = new List<MeasureCase>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var json = JsonDocument.Parse(line).RootElement.Clone();
            var input = new Dictionary<string, JsonElement>();
            foreach (var name in new[] { "id", "p", "p_logits", "p_index", "q", "q_logits", "base" })
                if (json.TryGetProperty(name, out var value)) input[name] = value;
            cases.Add(new MeasureCase
            {
                Id = json.GetProperty("id").GetString()!,
                InputLine = JsonSerializer.Serialize(input),
                Json = json,
                P = Array(json, "p"),
                PLogits = Array(json, "p_logits"),
                PIndex = json.TryGetProperty("p_index", out var k) ? k.GetInt32() : null,
                Q = Array(json, "q"),
                QLogits = Array(json, "q_logits"),
                Base = json.TryGetProperty("base", out var b) ? b.GetDouble() : Math.E,
            });
        }
        return (header, cases);
    }

    private static double[]? Array(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) ? JsonOut.ReadNumberArray(value, name) : null;
}
