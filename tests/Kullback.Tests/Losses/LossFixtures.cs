using System.Text.Json;
using Kullback.Losses;
using Kullback.Tests.Support;

namespace Kullback.Tests.Losses;

/// <summary>One multiclass case of Fixtures/Losses/loss_fixtures.json (made by PyTorch, see make_loss_fixtures.py).</summary>
public sealed record MulticlassCase(
    string Name, string Objective, int Rows, int Cols, double[] Logits, string Reduction, double LabelSmoothing,
    int[]? Target, double[]? TargetProbs, double[]? Weight, int? IgnoreIndex, bool[]? RowMask,
    double[] Loss, bool LossIsPerRow, double[] Grad, double[]? Entropy, double[]? CrossEntropy, double[]? Kl, string Line)
{
    public override string ToString() => Name;

    public LossReduction ReductionValue => Reduction switch
    {
        "none" => LossReduction.None,
        "sum" => LossReduction.Sum,
        "mean" => LossReduction.Mean,
        "batchmean" => LossReduction.BatchMean,
        _ => throw new FormatException(Reduction),
    };

    public LossOptions Options(bool decompose = false) => new()
    {
        Reduction = ReductionValue, IgnoreIndex = IgnoreIndex, LabelSmoothing = LabelSmoothing, Decompose = decompose,
    };
}

/// <summary>Reads the committed PyTorch fixtures.</summary>
public static class LossFixtures
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Losses/loss_fixtures.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static double Number(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch { "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, _ => double.NaN }
        : e.GetDouble();

    public static double[] Numbers(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? e.EnumerateArray().Select(Number).ToArray()
        : [Number(e)];

    private static double[]? OptionalNumbers(JsonElement c, string name) => c.TryGetProperty(name, out var v) ? Numbers(v) : null;

    public static IEnumerable<MulticlassCase> Multiclass() => Root.GetProperty("cases").EnumerateArray().Select(c => new MulticlassCase(
        c.GetProperty("name").GetString()!, c.GetProperty("objective").GetString()!, c.GetProperty("rows").GetInt32(), c.GetProperty("cols").GetInt32(),
        Numbers(c.GetProperty("logits")), c.GetProperty("reduction").GetString()!, c.GetProperty("label_smoothing").GetDouble(),
        c.TryGetProperty("target", out var t) ? t.EnumerateArray().Select(x => x.GetInt32()).ToArray() : null,
        OptionalNumbers(c, "target_probs"), OptionalNumbers(c, "weight"),
        c.TryGetProperty("ignore_index", out var ig) ? ig.GetInt32() : null,
        c.TryGetProperty("row_mask", out var m) ? m.EnumerateArray().Select(x => x.GetBoolean()).ToArray() : null,
        Numbers(c.GetProperty("loss")), c.GetProperty("loss").ValueKind == JsonValueKind.Array, Numbers(c.GetProperty("grad")),
        OptionalNumbers(c, "entropy"), OptionalNumbers(c, "cross_entropy"), OptionalNumbers(c, "kl"), c.GetRawText()));

    public static TheoryData<string> MulticlassNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Multiclass()) data.Add(c.Name);
        return data;
    }

    public static MulticlassCase Case(string name) => Multiclass().Single(c => c.Name == name);

    /// <summary>Asserts |actual − expected| ≤ tolerance · max(|expected|, floor) element by element, naming the index.</summary>
    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what, double floor = 0)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsInfinity(e) || double.IsNaN(e)) { Assert.True(e.Equals(a), $"{what}[{i}]: expected {e}, got {a}"); continue; }
            double bound = tolerance * Math.Max(Math.Abs(e), floor);
            Assert.True(Math.Abs(a - e) <= bound, $"{what}[{i}]: expected {e:R}, got {a:R} (|Δ| = {Math.Abs(a - e):g3} > {bound:g3})");
        }
    }

    /// <summary>The largest |x| (the scale a gradient's rounding is relative to).</summary>
    public static double MaxAbs(ReadOnlySpan<double> x)
    {
        double m = 0;
        foreach (var v in x) if (double.IsFinite(v)) m = Math.Max(m, Math.Abs(v));
        return m;
    }
}
