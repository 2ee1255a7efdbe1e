using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Distributions;
using Kullback.Measures;

namespace Kullback.Cli.Kl;

/// <summary><c>kullback kl P Q</c>: D(P‖Q) between two parametric distributions by closed form, or Monte Carlo on request.</summary>
public static class KlCommand
{
    /// <summary>Builds the <c>kl</c> verb.</summary>
    public static Command Create()
    {
        var p = new Argument<string?>("P") { Description = "The first distribution, e.g. \"Normal(0, 1)\" (positional arguments in torch.distributions order, or name=value)", Arity = ArgumentArity.ZeroOrOne };
        var q = new Argument<string?>("Q") { Description = "The second distribution, e.g. \"Normal(1, 2)\"", Arity = ArgumentArity.ZeroOrOne };
        var logBase = new Option<string>("--base") { Description = "Logarithm base of the result: e (nats, default), 2 (bits), 10 (bans) or any b > 0, b ≠ 1", DefaultValueFactory = _ => "e" };
        var json = new Option<bool>("--json") { Description = "Write one JSON object: {\"kl\", \"method\", …}" };
        var input = new Option<string?>("--input") { Description = "Read JSON lines {\"id\", \"p\", \"q\", \"base\"?} from FILE or - (stdin) and write {\"id\", \"kl\", …} per line; needs --json" };
        var monteCarlo = new Option<int>("--monte-carlo") { Description = "Samples for a Monte Carlo estimate where no closed form is registered (0: none, the default)", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the Monte Carlo generator", DefaultValueFactory = _ => 0 };

        var command = new Command("kl", "D(P‖Q) between parametric distributions: closed form from the registry, or a Monte Carlo estimate on request.\n" +
            "Families: " + string.Join(", ", DistributionSpec.Signatures));
        command.Arguments.Add(p);
        command.Arguments.Add(q);
        foreach (var option in new Option[] { logBase, json, input, monteCarlo, seed }) command.Options.Add(option);

        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var unit = LogBaseOption.Parse(parse.GetValue(logBase));
            int samples = parse.GetValue(monteCarlo);
            if (samples < 0 || samples == 1) throw new UsageException($"--monte-carlo {samples}: the number of samples must be 0 (off) or ≥ 2");
            if (samples == 0 && parse.GetResult(seed) is { Implicit: false })
                throw new UsageException("--seed seeds the Monte Carlo draws; it does nothing without --monte-carlo N");
            Limits.AtMost("--monte-carlo", samples, Limits.MonteCarloSamples, "draws; the standard error falls as 1/√n");
            var settings = new Settings(unit, samples, parse.GetValue(seed));
            string? inputPath = parse.GetValue(input);
            string? pSpec = parse.GetValue(p), qSpec = parse.GetValue(q);

            if (inputPath is not null)
            {
                if (!parse.GetValue(json)) throw new UsageException("--input needs --json (the batch output is JSON lines)");
                if (pSpec is not null) throw new UsageException("give either P and Q or --input, not both");
                using var reader = JsonLines.OpenInput(inputPath);
                return JsonLines.Process(reader, output, (line, writer) =>
                {
                    foreach (var property in line.EnumerateObject())
                        if (!LineFields.Contains(property.Name))
                            throw new FormatException($"unknown field \"{property.Name}\" (expected id, p, q, base)");
                    var lineSettings = line.TryGetProperty("base", out var b) ? settings with { Unit = LineBase(b) } : settings;
                    string pLine = ReadSpec(line, "p"), qLine = ReadSpec(line, "q");
                    KlResult result;
                    try
                    {
                        result = Compute(DistributionSpec.Parse(pLine), DistributionSpec.Parse(qLine), lineSettings);
                    }
                    catch (NotSupportedException e)
                    {
                        throw new ArgumentException(e.Message, e); // reported on this line; the batch goes on
                    }
                    WriteFields(writer, result, lineSettings);
                });
            }
            if (pSpec is null || qSpec is null) throw new UsageException("kl needs two distributions, e.g. kullback kl \"Normal(0, 1)\" \"Normal(1, 2)\"");
            // P and Q are typed on the command line: a spec that does not parse, or a parameter outside its domain, is a usage error.
            var pDist = ParseArgument(pSpec);
            var qDist = ParseArgument(qSpec);
            var r = Compute(pDist, qDist, settings);
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonOut.Object(writer =>
                {
                    writer.WriteString("p", pDist.ToString());
                    writer.WriteString("q", qDist.ToString());
                    WriteFields(writer, r, settings);
                }));
            }
            else
            {
                output.WriteLine($"D({pDist} ‖ {qDist}) = {Format(unit.FromNats(r.Value))}{(r.Method == KlMethod.MonteCarlo ? $" ± {Format(unit.FromNats(r.StandardError))}" : "")} {unit.Name}");
                output.WriteLine(r.Method == KlMethod.ClosedForm
                    ? $"method: closed form, {r.Rule!.Source}"
                    : $"method: Monte Carlo, {r.Samples} samples from P (seed {settings.Seed}), ± one standard error");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private sealed record Settings(LogBase Unit, int Samples, int Seed);

    private static readonly HashSet<string> LineFields = ["id", "p", "q", "base"];

    /// <summary>A line's "base": a number b &gt; 0, b ≠ 1, or "e" / "2" / "10" / a unit name, as --base takes (overrides it).</summary>
    private static LogBase LineBase(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            try { return LogBaseOption.Parse(value.GetString()); }
            catch (UsageException) { throw new FormatException($"base \"{value.GetString()}\": expected e, 2, 10, nats, bits, bans or a number > 0 and ≠ 1"); }
        }
        double b = JsonOut.ReadNumber(value, "base");
        if (!double.IsFinite(b) || b <= 0 || b == 1)
            throw new FormatException($"base = {b.ToString(CultureInfo.InvariantCulture)}: a logarithm base must be finite, > 0 and ≠ 1");
        return LogBase.Of(b);
    }

    private static Distribution ParseArgument(string spec)
    {
        try { return DistributionSpec.Parse(spec); }
        catch (Exception e) when (e is FormatException or ArgumentException) { throw new UsageException(ErrorText.Of(e)); }
    }

    private static KlResult Compute(Distribution p, Distribution q, Settings settings)
    {
        try
        {
            return KlRegistry.Default.Divergence(p, q, settings.Samples, settings.Samples > 0 ? new Random(settings.Seed) : null);
        }
        catch (NotSupportedException e)
        {
            throw new NotSupportedException($"{e.Message} with --monte-carlo N", e);
        }
    }

    private static string ReadSpec(JsonElement line, string name)
    {
        var value = JsonLines.Required(line, name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException($"\"{name}\": expected a spec string such as \"Normal(0, 1)\"");
    }

    private static void WriteFields(Utf8JsonWriter writer, KlResult result, Settings settings)
    {
        JsonOut.WriteNumber(writer, "kl", settings.Unit.FromNats(result.Value));
        writer.WriteString("unit", settings.Unit.Name);
        writer.WriteString("method", result.Method == KlMethod.ClosedForm ? "closed-form" : "monte-carlo");
        if (result.Method == KlMethod.ClosedForm)
        {
            writer.WriteString("source", result.Rule!.Source);
        }
        else
        {
            JsonOut.WriteNumber(writer, "standard_error", settings.Unit.FromNats(result.StandardError));
            writer.WriteNumber("samples", result.Samples);
            writer.WriteNumber("seed", settings.Seed);
        }
    }

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+∞" : value.ToString("R", CultureInfo.InvariantCulture);
}
