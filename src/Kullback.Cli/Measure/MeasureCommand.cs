using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Measures;
using Spectre.Console;

namespace Kullback.Cli.Measure;

/// <summary>
/// <c>kullback measure</c>: H(P), H(P,Q), D(P‖Q), D(Q‖P) and JS(P,Q) of two discrete distributions given on the
/// command line (a table, or one JSON object with <c>--json</c>), or of every JSON line of <c>--input FILE|-</c>.
/// </summary>
public static class MeasureCommand
{
    /// <summary>Builds the <c>measure</c> verb (standard input is the console's).</summary>
    public static Command Create() => Create(null);

    /// <summary>Builds the <c>measure</c> verb reading <c>--input -</c> from <paramref name="stdin"/> (tests pass a reader).</summary>
    public static Command Create(TextReader? stdin)
    {
        var p = new Option<string>("--p") { Description = "P as probabilities, comma-separated: --p 1,0" };
        var q = new Option<string>("--q") { Description = "Q as probabilities, comma-separated: --q 0.9,0.1" };
        var pLogits = new Option<string>("--p-logits") { Description = "P as logits (softmax taken in log space; -inf masks a class)" };
        var qLogits = new Option<string>("--q-logits") { Description = "Q as logits: --q-logits 2.2,0" };
        var pIndex = new Option<int?>("--p-index") { Description = "P as a class index (one-hot): --p-index 0 is [1, 0, …]" };
        var logBase = new Option<string?>("--base") { Description = "Logarithm base: e (nats, default), 2 (bits), 10 (bans) or any b > 0, b ≠ 1" };
        var bits = new Option<bool>("--bits") { Description = "Same as --base 2" };
        var normalize = new Option<bool>("--normalize") { Description = "Rescale probabilities to sum 1 instead of rejecting sums off by more than 1e-6" };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"entropy\",\"cross_entropy\",\"kl\",\"reverse_kl\",\"js\",\"unit\"}; +∞ is \"Infinity\"" };
        var divergences = new Option<string?>("--divergences") { Description = "Also compute these, comma-separated: hellinger, bhattacharyya, total_variation, chi2, renyi:A, tsallis:A, renyi_entropy:A, tsallis_entropy:A (A a number or inf)" };
        var input = new Option<string>("--input") { Description = "With --json: JSON lines {\"id\"?, \"p\"|\"p_logits\"|\"p_index\", \"q\"|\"q_logits\", \"base\"?, \"normalize\"?} from FILE or - (stdin)" };

        var command = new Command("measure", "Entropy H(P), cross-entropy H(P,Q), KL divergences D(P‖Q), D(Q‖P) and Jensen–Shannon JS(P,Q) of discrete distributions. H(P,Q) = H(P) + D(P‖Q).")
        {
            p, q, pLogits, qLogits, pIndex, logBase, bits, normalize, json, input, divergences,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var unit = Unit(parse.GetValue(logBase), parse.GetValue(bits));
            bool normalizeAll = parse.GetValue(normalize);
            var named = DivergencesOutput.FromOption(parse.GetValue(divergences));
            if (parse.GetValue(input) is { } path)
            {
                if (!parse.GetValue(json)) throw new UsageException("--input needs --json (one JSON line out for each line in)");
                if (parse.GetValue(p) is not null || parse.GetValue(q) is not null || parse.GetValue(pLogits) is not null
                    || parse.GetValue(qLogits) is not null || parse.GetValue(pIndex) is not null)
                    throw new UsageException("--input takes P and Q from the file: drop --p, --q, --p-logits, --q-logits and --p-index");
                using var reader = JsonLines.OpenInput(path, stdin);
                return JsonLines.Process(reader, output, (line, writer) => MeasureLine(line, writer, unit, normalizeAll, named));
            }
            var pGiven = Given(("--p", parse.GetValue(p)), ("--p-logits", parse.GetValue(pLogits)), ("--p-index", parse.GetValue(pIndex)?.ToString(CultureInfo.InvariantCulture)), "P");
            var qGiven = Given(("--q", parse.GetValue(q)), ("--q-logits", parse.GetValue(qLogits)), (null, null), "Q");
            var qValues = ParseList(qGiven.Option, qGiven.Text);
            var pValues = pGiven.Option == "--p-index" ? [] : ParseList(pGiven.Option, pGiven.Text);
            MeasureResult result;
            (string Name, double Value)[]? extra;
            try
            {
                var pDistribution = pGiven.Option switch
                {
                    "--p-logits" => CategoricalSpan.Logits<double>(pValues),
                    "--p-index" => CategoricalSpan.OneHot<double>(int.Parse(pGiven.Text, CultureInfo.InvariantCulture), qValues.Length),
                    _ => CategoricalSpan.Probabilities<double>(pValues),
                };
                var qDistribution = qGiven.Option == "--q-logits" ? CategoricalSpan.Logits<double>(qValues) : CategoricalSpan.Probabilities<double>(qValues);
                result = MeasureResult.Of(pDistribution, qDistribution, unit, normalizeAll);
                extra = named is null ? null : DivergencesOutput.Compute(named, pDistribution, qDistribution, unit, normalizeAll);
            }
            catch (ArgumentException e)
            {
                // A bad value typed on the command line is a usage error naming the option (issue 10, item 17).
                string message = ErrorText.Of(e);
                string option = message.StartsWith('p') ? pGiven.Option : message.StartsWith('q') ? qGiven.Option : $"{pGiven.Option}/{qGiven.Option}";
                throw new UsageException($"{option}: {message}");
            }
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonOut.Object(writer =>
                {
                    result.WriteTo(writer);
                    if (extra is not null) DivergencesOutput.Write(writer, extra);
                }));
            }
            else
            {
                result.WriteTable(output);
                if (extra is not null) DivergencesOutput.WriteTable(output, extra, unit);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static readonly HashSet<string> LineFields = ["id", "p", "p_logits", "p_index", "q", "q_logits", "base", "normalize", "divergences", "joint"];

    /// <summary>One JSON line: reads P, Q, base and normalize (line values override the command line's) and writes the measures.</summary>
    private static void MeasureLine(JsonElement line, Utf8JsonWriter writer, LogBase unit, bool normalize, IReadOnlyList<NamedDivergence>? named)
    {
        foreach (var property in line.EnumerateObject())
            if (!LineFields.Contains(property.Name))
                throw new FormatException($"unknown field \"{property.Name}\" (expected id, p | p_logits | p_index, q | q_logits | joint, base, normalize, divergences)");
        if (line.TryGetProperty("divergences", out var lineDivergences)) named = DivergencesOutput.FromJson(lineDivergences);
        if (line.TryGetProperty("base", out var b))
        {
            double value = JsonOut.ReadNumber(b, "base");
            if (!double.IsFinite(value) || value <= 0 || value == 1)
                throw new FormatException($"base = {value.ToString(CultureInfo.InvariantCulture)}: a logarithm base must be finite, > 0 and ≠ 1");
            unit = LogBase.Of(value);
        }
        if (line.TryGetProperty("normalize", out var n))
            normalize = n.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new FormatException("normalize: expected true or false"),
            };
        if (line.TryGetProperty("joint", out var joint))
        {
            foreach (var field in new[] { "p", "p_logits", "p_index", "q", "q_logits", "divergences" })
                if (line.TryGetProperty(field, out _)) throw new FormatException($"a \"joint\" line takes no \"{field}\"");
            JointOutput.Write(joint, writer, unit, normalize);
            return;
        }
        string pField = OneOf(line, "P", "p", "p_logits", "p_index");
        string qField = OneOf(line, "Q", "q", "q_logits");
        var qValues = JsonOut.ReadNumberArray(line.GetProperty(qField), qField);
        double[] pValues = pField == "p_index" ? [] : JsonOut.ReadNumberArray(line.GetProperty(pField), pField);
        var pDistribution = pField switch
        {
            "p_logits" => CategoricalSpan.Logits<double>(pValues),
            "p_index" => CategoricalSpan.OneHot<double>(ReadIndex(line.GetProperty("p_index")), qValues.Length),
            _ => CategoricalSpan.Probabilities<double>(pValues),
        };
        var qDistribution = qField == "q_logits" ? CategoricalSpan.Logits<double>(qValues) : CategoricalSpan.Probabilities<double>(qValues);
        var result = MeasureResult.Of(pDistribution, qDistribution, unit, normalize);
        var extra = named is null ? null : DivergencesOutput.Compute(named, pDistribution, qDistribution, unit, normalize);
        result.WriteTo(writer);
        if (extra is not null) DivergencesOutput.Write(writer, extra);
    }

    private static int ReadIndex(JsonElement element) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int k)
            ? k
            : throw new FormatException($"p_index: expected an integer class index, got {element.GetRawText()}");

    private static string OneOf(JsonElement line, string what, params string[] fields)
    {
        string? found = null;
        foreach (var field in fields)
        {
            if (!line.TryGetProperty(field, out _)) continue;
            if (found is not null) throw new FormatException($"give {what} once: both \"{found}\" and \"{field}\"");
            found = field;
        }
        return found ?? throw new FormatException($"missing {what}: give one of {string.Join(", ", fields.Select(f => $"\"{f}\""))}");
    }

    private static (string Option, string Text) Given((string? Option, string? Text) a, (string? Option, string? Text) b, (string? Option, string? Text) c, string what)
    {
        var given = new[] { a, b, c }.Where(x => x.Option is not null && x.Text is not null).ToArray();
        if (given.Length == 0)
            throw new UsageException(what == "P" ? "give P with --p, --p-logits or --p-index (or use --input FILE --json)" : "give Q with --q or --q-logits (or use --input FILE --json)");
        if (given.Length > 1) throw new UsageException($"give {what} once: both {given[0].Option} and {given[1].Option}");
        return (given[0].Option!, given[0].Text!);
    }

    private static LogBase Unit(string? logBase, bool bits)
    {
        var unit = LogBaseOption.Parse(logBase);
        if (bits && logBase is not null && unit != LogBase.Bits) throw new UsageException($"--bits and --base {logBase} disagree");
        return bits ? LogBase.Bits : unit;
    }

    /// <summary>"0.9,0.1" → [0.9, 0.1]; "-inf", "-Infinity" and "−∞" are −∞ (for logits).</summary>
    internal static double[] ParseList(string option, string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            string s = parts[i];
            values[i] = s.ToLowerInvariant() switch
            {
                "-inf" or "-infinity" or "−∞" or "-∞" => double.NegativeInfinity,
                "inf" or "infinity" or "+inf" or "+infinity" or "∞" => double.PositiveInfinity,
                "nan" => double.NaN,
                _ => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                    ? v
                    : throw new UsageException($"{option}: \"{s}\" (item {i}) is not a number; give comma-separated numbers like 0.9,0.1"),
            };
        }
        return values;
    }
}
