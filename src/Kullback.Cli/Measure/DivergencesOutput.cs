using System.Globalization;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Measures;
using Spectre.Console;

namespace Kullback.Cli.Measure;

/// <summary>
/// The <c>"divergences"</c> object of <c>kullback measure --divergences …</c> (and of JSON lines with
/// <c>"divergences": [...]</c>): one value per requested name, computed by <see cref="NamedDivergence"/>.
/// </summary>
internal static class DivergencesOutput
{
    /// <summary>Parses the command line's list; a bad name is a usage error (exit 2).</summary>
    public static IReadOnlyList<NamedDivergence>? FromOption(string? text)
    {
        if (text is null) return null;
        try
        {
            return NamedDivergence.ParseList(text);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--divergences: {e.Message.Split(" (Parameter")[0]}");
        }
    }

    /// <summary>Reads a JSON line's <c>"divergences": ["hellinger", "renyi:0.5", …]</c>; a bad entry fails the line.</summary>
    public static IReadOnlyList<NamedDivergence> FromJson(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw new FormatException("divergences: expected an array of names such as [\"hellinger\", \"renyi:0.5\"]");
        var list = new List<NamedDivergence>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw new FormatException($"divergences: expected names (strings), got {item.GetRawText()}");
            try
            {
                list.Add(NamedDivergence.Parse(item.GetString()!));
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"divergences: {e.Message.Split(" (Parameter")[0]}");
            }
        }
        return list;
    }

    /// <summary>Computes every named divergence (all inputs were validated by the caller's measures first).</summary>
    public static (string Name, double Value)[] Compute(IReadOnlyList<NamedDivergence> names, CategoricalSpan<double> p, CategoricalSpan<double> q, LogBase unit, bool normalize)
    {
        var values = new (string, double)[names.Count];
        for (int i = 0; i < names.Count; i++) values[i] = (names[i].Name, names[i].Evaluate(p, q, unit, normalize));
        return values;
    }

    /// <summary>Writes <c>"divergences": {"hellinger": v, …}</c> (+∞ as "Infinity").</summary>
    public static void Write(Utf8JsonWriter writer, (string Name, double Value)[] values)
    {
        writer.WriteStartObject("divergences");
        foreach (var (name, value) in values) JsonOut.WriteNumber(writer, name, value);
        writer.WriteEndObject();
    }

    /// <summary>A second table: divergence, value (the log-based ones in the unit).</summary>
    public static void WriteTable(TextWriter output, (string Name, double Value)[] values, LogBase unit)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Divergence").AddColumn(new TableColumn("Value").RightAligned());
        foreach (var (name, value) in values)
        {
            string shown = double.IsPositiveInfinity(value) ? "∞" : value.ToString("G15", CultureInfo.InvariantCulture);
            table.AddRow(Markup.Escape(name), NamedDivergence.Parse(name).UsesLogBase ? $"{shown} {Markup.Escape(unit.Name)}" : shown);
        }
        console.Write(table);
    }
}
