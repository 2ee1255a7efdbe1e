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
        var input = new Option<string?>("--input") { Description = "Read JSON lines {\"id\", \"p\", \"q\"} from FILE or - (stdin) and write {\"id\", \"kl\", …} per line; needs --json" };
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
                    string pLine = ReadSpec(line, "p"), qLine = ReadSpec(line, "q");
                    KlResult result;
                    try
                    {
                        result = Compute(DistributionSpec.Parse(pLine), DistributionSpec.Parse(qLine), settings);
                    }
                    catch (NotSupportedException e)
                    {
                        throw new ArgumentException(e.Message, e); // reported on this line; the batch goes on
                    }
                    WriteFields(writer, result, settings);
                });
            }
            if (pSpec is null || qSpec is null) throw new UsageException("kl needs two distributions, e.g. kullback kl \"Normal(0, 1)\" \"Normal(1, 2)\"");
            var pDist = DistributionSpec.Parse(pSpec);
            var qDist = DistributionSpec.Parse(qSpec);
            var r = Compute(pDist, qDist, settings);
            if (parse.GetValue(json))
            {
                using var stream = new MemoryStream();
                using (var writer = new Utf8JsonWriter(stream, JsonOut.LineOptions))
                {
                    writer.WriteStartObject();
                    writer.WriteString("p", pDist.ToString());
                    writer.WriteString("q", qDist.ToString());
                    WriteFields(writer, r, settings);
                    writer.WriteEndObject();
                }
                output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
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
