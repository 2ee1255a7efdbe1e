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
        if (Directory.Exists(path)) throw new UsageException($"--input {path}: is a folder, not a file");
        if (!File.Exists(path)) throw new UsageException($"--input: file not found: {path}");
        return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    /// <summary>
    /// Processes every line of <paramref name="input"/>, one output line per input line (a blank line is reported as an
    /// error line, so output line N always answers input line N; line numbers are 1-based physical lines); returns <see cref="ExitCodes.Failure"/> when
    /// any line failed, else <see cref="ExitCodes.Success"/>. Errors are reported per line, never thrown.
    /// </summary>
    public static int Process(TextReader input, TextWriter output, LineHandler handler) => Process(input, output, handler, MaxLineChars);

    /// <summary>As <see cref="Process(TextReader, TextWriter, LineHandler)"/> with a chosen line-length limit (tests).</summary>
    internal static int Process(TextReader input, TextWriter output, LineHandler handler, int maxLineChars)
    {
        int code = Process(input, output.WriteLine, handler, maxLineChars);
        output.Flush();
        return code;
    }

    /// <summary>
    /// As <see cref="Process(TextReader, TextWriter, LineHandler)"/>, handing each output line (one JSON object, no newline)
    /// to <paramref name="emit"/> as soon as its input line is answered, before the next input line is read: a verb that
    /// shows the answers in another form (the <c>loss</c> table) streams them as a pipe delivers its lines.
    /// </summary>
    public static int Process(TextReader input, Action<string> emit, LineHandler handler) => Process(input, emit, handler, MaxLineChars);

    private static int Process(TextReader input, Action<string> emit, LineHandler handler, int maxLineChars)
    {
        var buffer = new MemoryStream();
        bool anyFailed = false;
        long lineNumber = 0;
        string? line;
        var text = new StringBuilder();
        while ((line = ReadLine(input, text, maxLineChars, out bool tooLong)) is not null)
        {
            lineNumber++;
            // A UTF-8 byte-order mark decoded as U+FEFF (standard input is not BOM-sniffed as files are): dropped.
            if (lineNumber == 1 && line.StartsWith('\uFEFF')) line = line[1..];
            buffer.SetLength(0);
            JsonElement? id = null;
            try
            {
                if (tooLong)
                    throw new FormatException($"longer than {maxLineChars} characters (the line-length limit of JSON lines); skipped");
                if (string.IsNullOrWhiteSpace(line))
                    throw new FormatException("blank line: every input line must be one JSON object (each answers with one output line)");
                using var doc = Parse(line);
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
                writer.WriteString("error", $"line {lineNumber}: {Describe(e)}");
                writer.WriteEndObject();
            }
            emit(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
        return anyFailed ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>The longest JSON line read (64 Mi characters); a longer line is reported and skipped, never buffered.</summary>
    public const int MaxLineChars = 64 << 20;

    /// <summary>
    /// The next line (without its \n or \r\n), or null at the end. A line longer than <paramref name="maxChars"/> is
    /// read to its end without being kept: the result is "" and <paramref name="tooLong"/> is true.
    /// </summary>
    internal static string? ReadLine(TextReader input, StringBuilder text, int maxChars, out bool tooLong)
    {
        text.Clear();
        tooLong = false;
        int c = input.Read();
        if (c < 0) return null;
        for (; c >= 0 && c != '\n'; c = input.Read())
        {
            if (tooLong) continue;
            if (text.Length >= maxChars) { tooLong = true; text.Clear(); continue; }
            text.Append((char)c);
        }
        if (!tooLong && text.Length > 0 && text[^1] == '\r') text.Length--;
        return text.ToString();
    }

    private static readonly JsonDocumentOptions StrictObjects = new() { AllowDuplicateProperties = false };

    /// <summary>Parses one line; a duplicate key is an error (which of two values was meant is unknowable).</summary>
    private static JsonDocument Parse(string line) => JsonDocument.Parse(line, StrictObjects);

    /// <summary>
    /// The message of a line's error without .NET's internals: a JSON syntax error gives its 1-based column instead of
    /// "LineNumber: 0 | BytePositionInLine: n", and a duplicate key is named as a field.
    /// </summary>
    private static string Describe(Exception e)
    {
        if (e is not JsonException json) return ErrorText.Of(e);
        string message = json.Message;
        int internals = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (internals >= 0) message = message[..internals];
        const string duplicate = "Duplicate property '";
        if (message.StartsWith(duplicate, StringComparison.Ordinal))
        {
            int end = message.IndexOf('\'', duplicate.Length);
            return $"field \"{message[duplicate.Length..end]}\" is given twice";
        }
        return json.BytePositionInLine is { } column ? $"invalid JSON at byte {column + 1}: {message}" : $"invalid JSON: {message}";
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
