using System.Text;
using System.Text.Json;

namespace Kullback.Cli.Common;

/// <summary>
/// The batch loop shared by every verb with <c>--input FILE|- --json</c>: reads JSON lines one at a time
/// (constant memory), hands each parsed object to a handler that writes one JSON object, and turns a bad
/// line into <c>{"id": ..., "error": "..."}</c> so that the rest of the input is still processed.
/// </summary>
public static class JsonLines
{
    /// <summary>Writes the fields of one output object for one input object (the <c>id</c> is written already).</summary>
    public delegate void LineHandler(JsonElement input, Utf8JsonWriter output);

    /// <summary>Opens <paramref name="path"/> for reading, or standard input when it is "-".</summary>
    /// <exception cref="UsageException">The file does not exist.</exception>
    public static TextReader OpenInput(string path, TextReader? stdin = null)
    {
        if (path == "-") return stdin ?? Console.In;
        if (!File.Exists(path)) throw new UsageException($"--input: file not found: {path}");
        return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    /// <summary>
    /// Processes every non-blank line of <paramref name="input"/>; returns <see cref="ExitCodes.Failure"/> when
    /// any line failed, else <see cref="ExitCodes.Success"/>. Errors are reported per line, never thrown.
    /// </summary>
    public static int Process(TextReader input, TextWriter output, LineHandler handler)
    {
        var buffer = new MemoryStream();
        bool anyFailed = false;
        long lineNumber = 0;
        string? line;
        while ((line = input.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            buffer.SetLength(0);
            JsonElement? id = null;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw new FormatException($"expected a JSON object, got {root.ValueKind.ToString().ToLowerInvariant()}");
                if (root.TryGetProperty("id", out var idElement)) id = idElement.Clone();
                using (var writer = new Utf8JsonWriter(buffer, JsonOut.LineOptions))
                {
                    writer.WriteStartObject();
                    WriteId(writer, id);
                    handler(root, writer);
                    writer.WriteEndObject();
                }
            }
            catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException or OverflowException)
            {
                anyFailed = true;
                buffer.SetLength(0);
                using var writer = new Utf8JsonWriter(buffer, JsonOut.LineOptions);
                writer.WriteStartObject();
                WriteId(writer, id);
                writer.WriteString("error", $"line {lineNumber}: {e.Message}");
                writer.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
        output.Flush();
        return anyFailed ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static void WriteId(Utf8JsonWriter writer, JsonElement? id)
    {
        if (id is { } value)
        {
            writer.WritePropertyName("id");
            value.WriteTo(writer);
        }
    }

    /// <summary>Gets a required property or throws a <see cref="FormatException"/> naming it.</summary>
    public static JsonElement Required(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) ? value : throw new FormatException($"missing \"{name}\"");
}
