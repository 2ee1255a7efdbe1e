using System.Text.Json;
using Kullback.Losses;
using Kullback.Tests.Support;

namespace Kullback.Tests.Losses;

/// <summary>
/// Fixtures/Losses/torch_criterion_fixtures.json (PyTorch's own criterion tests and Kullback's additions, made by
/// make_torch_criterion_fixtures.py with torch 1.13 float64): each case is a `kullback loss` request with torch's loss
/// and gradient. This evaluates a request through the library (not the CLI) for the library tests.
/// </summary>
public static class TorchCriterionFixtures
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("Losses/torch_criterion_fixtures.json"))));

    public static IEnumerable<JsonElement> Cases => Document.Value.RootElement.GetProperty("cases").EnumerateArray();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    public static JsonElement Case(string name) => Cases.Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>A number or (nested) array flattened row-major, with its rank and last dimension.</summary>
    public static (double[] Values, int Rank, int Cols) Flatten(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array) return ([LossFixtures.Number(e)], 0, 1);
        if (e.GetArrayLength() > 0 && e[0].ValueKind == JsonValueKind.Array)
        {
            var rows = e.EnumerateArray().Select(r => LossFixtures.Numbers(r)).ToArray();
            return (rows.SelectMany(r => r).ToArray(), 2, rows[0].Length);
        }
        var v = LossFixtures.Numbers(e);
        return (v, 1, v.Length);
    }

    private static LossReduction Reduction(JsonElement q, LossReduction fallback) => !q.TryGetProperty("reduction", out var r) ? fallback : r.GetString() switch
    {
        "none" => LossReduction.None,
        "sum" => LossReduction.Sum,
        "mean" => LossReduction.Mean,
        "batchmean" => LossReduction.BatchMean,
        var s => throw new FormatException(s),
    };

    private static bool Flag(JsonElement q, string name) => q.TryGetProperty(name, out var v) && v.GetBoolean();

    private static double[]? Optional(JsonElement q, string name) => q.TryGetProperty(name, out var v) ? Flatten(v).Values : null;

    /// <summary>Evaluates the request with the library; returns the loss (per row or per element for "none") and the gradient, flattened.</summary>
    public static (double[] Loss, double[] Grad) Evaluate(JsonElement request)
    {
        string objective = request.GetProperty("objective").GetString()!;
        switch (objective)
        {
            case "binary_cross_entropy" or "binary_cross_entropy_with_logits":
            {
                bool logits = objective.EndsWith("logits", StringComparison.Ordinal);
                var (x, rank, cols) = Flatten(request.GetProperty(logits ? "logits" : "probs"));
                int rows = x.Length / cols;
                var y = Flatten(request.GetProperty("target_probs")).Values;
                double[]? w = null;
                if (request.TryGetProperty("weight", out var we))
                {
                    var (wv, wr, _) = Flatten(we);
                    // PyTorch broadcasting: a number, one per column, or one per element
                    w = wv.Length == x.Length ? wv : Enumerable.Range(0, x.Length).Select(k => wr == 0 ? wv[0] : wv[k % cols]).ToArray();
                }
                double[]? pw = null;
                if (request.TryGetProperty("pos_weight", out var pe))
                {
                    var pv = Flatten(pe).Values;
                    pw = pv.Length == cols ? pv : Enumerable.Repeat(pv[0], cols).ToArray();
                }
                var options = new BinaryLossOptions { Reduction = Reduction(request, LossReduction.Mean), TorchCompatible = Flag(request, "torch_compatible") };
                var grad = new double[x.Length];
                var elements = new double[x.Length];
                double loss = logits
                    ? LogisticLoss.Evaluate(x, rows, cols, y, grad, options, w, pw, Optional(request, "sample_weight"), elements)
                    : BinaryCrossEntropyLoss.Evaluate(x, rows, cols, y, grad, options, w, pw, Optional(request, "sample_weight"), elements);
                return (options.Reduction == LossReduction.None ? elements : [loss], grad);
            }
            case "nll":
            {
                var (x, _, cols) = Flatten(request.GetProperty("log_probs"));
                int rows = x.Length / cols;
                var t = request.GetProperty("target");
                int[] y = t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(v => v.GetInt32()).ToArray() : [t.GetInt32()];
                var options = new LossOptions
                {
                    Reduction = Reduction(request, LossReduction.Mean), TorchCompatible = Flag(request, "torch_compatible"),
                    IgnoreIndex = request.TryGetProperty("ignore_index", out var ig) ? ig.GetInt32() : null,
                };
                var grad = new double[x.Length];
                var rowLoss = new double[rows];
                var r = NegativeLogLikelihoodLoss.Evaluate(x, rows, cols, y, grad, options, Optional(request, "weight"), Optional(request, "sample_weight"), rowLoss);
                return (options.Reduction == LossReduction.None ? rowLoss : [r.Loss], grad);
            }
            default:
            {
                bool kl = objective == "kl";
                var (z, _, cols) = Flatten(request.GetProperty("logits"));
                int rows = z.Length / cols;
                var options = new LossOptions
                {
                    Reduction = Reduction(request, kl ? LossReduction.BatchMean : LossReduction.Mean), TorchCompatible = Flag(request, "torch_compatible"),
                    IgnoreIndex = request.TryGetProperty("ignore_index", out var ig) ? ig.GetInt32() : null,
                    LabelSmoothing = request.TryGetProperty("label_smoothing", out var ls) ? ls.GetDouble() : 0,
                };
                var grad = new double[z.Length];
                var rowLoss = new double[rows];
                var terms = new RowTerms { Loss = rowLoss };
                var w = Optional(request, "weight");
                var s = Optional(request, "sample_weight");
                LossResult r;
                if (request.TryGetProperty("target", out var t))
                {
                    int[] y = t.EnumerateArray().Select(v => v.GetInt32()).ToArray();
                    r = kl ? KullbackLeiblerLoss.Evaluate(z, rows, cols, y, grad, options, w, terms, s)
                        : CrossEntropyLoss.Evaluate(z, rows, cols, y, grad, options, w, terms, s);
                }
                else if (request.TryGetProperty("target_log_probs", out var lt))
                    r = KullbackLeiblerLoss.EvaluateLogTarget(z, rows, cols, Flatten(lt).Values, grad, options, w, default, terms, s);
                else
                {
                    var p = Flatten(request.GetProperty("target_probs")).Values;
                    r = kl ? KullbackLeiblerLoss.Evaluate(z, rows, cols, p, grad, options, w, default, terms, s)
                        : CrossEntropyLoss.Evaluate(z, rows, cols, p, grad, options, w, default, terms, s);
                }
                return (options.Reduction == LossReduction.None ? rowLoss : [r.Loss], grad);
            }
        }
    }
}
