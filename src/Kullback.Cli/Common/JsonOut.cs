using System.Text.Json;

namespace Kullback.Cli.Common;

/// <summary>JSON output conventions of the tool: non-finite numbers are the strings "Infinity", "-Infinity", "NaN".</summary>
public static class JsonOut
{
    /// <summary>Writes <paramref name="value"/> as a JSON number, or as a string when it is not finite.</summary>
    public static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        WriteNumberValue(writer, value);
    }

    /// <summary>Writes an array element or value: a JSON number, or a string when it is not finite.</summary>
    public static void WriteNumberValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    /// <summary>
    /// One JSON object as a compact line: <c>{</c>, what <paramref name="body"/> writes, <c>}</c>, with
    /// <see cref="LineOptions"/>; the one place the tool turns a result into a JSON line.
    /// </summary>
    public static string Object(Action<Utf8JsonWriter> body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, LineOptions))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Options for writers of JSON lines: compact, no escaping of non-ASCII text beyond what JSON needs.</summary>
    public static readonly JsonWriterOptions LineOptions = new()
    {
        Indented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a JSON number or one of the strings "Infinity", "-Infinity", "NaN" as a double.</summary>
    /// <exception cref="FormatException">The element is neither a number nor one of those strings.</exception>
    public static double ReadNumber(JsonElement element, string what)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                return element.GetDouble();
            case JsonValueKind.String:
                return element.GetString() switch
                {
                    "Infinity" or "+Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    "NaN" => double.NaN,
                    var s => throw new FormatException($"{what}: expected a number, got the string \"{s}\""),
                };
            default:
                throw new FormatException($"{what}: expected a number, got {element.ValueKind.ToString().ToLowerInvariant()}");
        }
    }

    /// <summary>Reads a JSON array of numbers (see <see cref="ReadNumber"/>) into a new array.</summary>
    /// <exception cref="FormatException">The element is not an array of numbers; the message names the index.</exception>
    public static double[] ReadNumberArray(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw new FormatException($"{what}: expected an array of numbers, got {element.ValueKind.ToString().ToLowerInvariant()}");
        var values = new double[element.GetArrayLength()];
        int i = 0;
        foreach (var item in element.EnumerateArray())
        {
            values[i] = ReadNumber(item, $"{what}[{i}]");
            i++;
        }
        return values;
    }
}
