using System.Text.Json;
using Kullback.Cli.Common;

namespace Kullback.Cli.Loss;

/// <summary>
/// A number, an array of numbers or an array of equal rows, read into a row-major matrix: rank 0 is 1 × 1, rank 1 (PyTorch's
/// no-batch-dim input) is 1 × C, rank 2 is N × C. Results go back out in the same shape.
/// </summary>
internal readonly record struct LossTensor(double[] Values, int Rank, int Rows, int Cols)
{
    /// <summary>Reads <paramref name="element"/> (named <paramref name="what"/> in errors).</summary>
    /// <exception cref="FormatException">Not a number, array of numbers or array of equal rows; the message names the field.</exception>
    public static LossTensor Read(JsonElement element, string what)
    {
        if (element.ValueKind is JsonValueKind.Number or JsonValueKind.String) return new([JsonOut.ReadNumber(element, what)], 0, 1, 1);
        if (element.ValueKind != JsonValueKind.Array) throw new FormatException($"{what}: expected a number, an array of numbers or an array of rows");
        if (element.GetArrayLength() == 0) throw new FormatException($"{what}: empty");
        if (element[0].ValueKind != JsonValueKind.Array)
        {
            var v = JsonOut.ReadNumberArray(element, what);
            return new(v, 1, 1, v.Length);
        }
        var (values, rows, cols) = ReadMatrix(element, what, -1);
        return new(values, 2, rows, cols);
    }

    /// <summary>Reads an array of equally long number arrays into a row-major matrix (<paramref name="cols"/> &lt; 0: any width).</summary>
    public static (double[] Values, int Rows, int Cols) ReadMatrix(JsonElement element, string what, int cols)
    {
        if (element.ValueKind != JsonValueKind.Array) throw new FormatException($"{what}: expected an array of rows (arrays of numbers)");
        int rows = element.GetArrayLength();
        var values = new List<double>();
        int i = 0;
        foreach (var row in element.EnumerateArray())
        {
            var r = JsonOut.ReadNumberArray(row, $"{what}[{i}]");
            if (cols < 0) cols = r.Length;
            if (r.Length != cols) throw new FormatException($"{what}[{i}] has {r.Length} numbers, expected {cols}");
            values.AddRange(r);
            i++;
        }
        if (rows == 0 && cols < 0) throw new FormatException($"{what}: no rows");
        if (cols == 0) throw new FormatException($"{what}: rows are empty (no classes)");
        return (values.ToArray(), rows, cols);
    }

    /// <summary>True when <paramref name="other"/> has this shape.</summary>
    public bool SameShape(LossTensor other) => other.Rank == Rank && other.Rows == Rows && other.Cols == Cols;

    /// <summary>"a number", "an array of C numbers" or "N rows of C numbers".</summary>
    public string Shape => Rank switch { 0 => "a number", 1 => $"an array of {Cols} numbers", _ => $"{Rows} rows of {Cols} numbers" };

    /// <summary>Writes <paramref name="values"/> (Rows × Cols) under <paramref name="name"/> in this tensor's shape.</summary>
    public void Write(Utf8JsonWriter writer, string name, ReadOnlySpan<double> values)
    {
        writer.WritePropertyName(name);
        if (Rank == 0) { JsonOut.WriteNumberValue(writer, values[0]); return; }
        if (Rank == 1)
        {
            writer.WriteStartArray();
            foreach (var v in values) JsonOut.WriteNumberValue(writer, v);
            writer.WriteEndArray();
            return;
        }
        writer.WriteStartArray();
        for (int i = 0; i < Rows; i++)
        {
            writer.WriteStartArray();
            for (int c = 0; c < Cols; c++) JsonOut.WriteNumberValue(writer, values[i * Cols + c]);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }
}

/// <summary>Reading the fields the loss objectives share.</summary>
internal static class LossFields
{
    /// <summary>The reduction named by "reduction", or <paramref name="fallback"/> when absent.</summary>
    public static Kullback.Losses.LossReduction Reduction(JsonElement line, Kullback.Losses.LossReduction fallback, bool batchMean = true)
    {
        if (!line.TryGetProperty("reduction", out var r)) return fallback;
        if (r.ValueKind != JsonValueKind.String) throw new FormatException("reduction: expected a string");
        return r.GetString() switch
        {
            "none" => Kullback.Losses.LossReduction.None,
            "sum" => Kullback.Losses.LossReduction.Sum,
            "mean" => Kullback.Losses.LossReduction.Mean,
            "batchmean" when batchMean => Kullback.Losses.LossReduction.BatchMean,
            var s => throw new FormatException($"reduction: \"{s}\" is not one of none, sum, mean{(batchMean ? ", batchmean" : "")}"),
        };
    }

    /// <summary>"torch_compatible": true | false (default false).</summary>
    public static bool TorchCompatible(JsonElement line) => Flag(line, "torch_compatible");

    /// <summary>A boolean field, false when absent.</summary>
    public static bool Flag(JsonElement line, string name) => !line.TryGetProperty(name, out var v) ? false : v.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new FormatException($"{name}: expected true or false"),
    };

    /// <summary>"sample_weight": one number per row, or null when absent.</summary>
    public static double[]? SampleWeight(JsonElement line, int rows)
    {
        if (!line.TryGetProperty("sample_weight", out var s)) return null;
        var v = JsonOut.ReadNumberArray(s, "sample_weight");
        if (v.Length != rows) throw new FormatException($"sample_weight has {v.Length} numbers, expected one per row ({rows})");
        return v;
    }

    /// <summary>Rejects fields not in <paramref name="known"/>.</summary>
    public static void OnlyKnown(JsonElement line, string objective, IReadOnlyCollection<string> known)
    {
        foreach (var property in line.EnumerateObject())
            if (!known.Contains(property.Name))
                throw new FormatException($"unknown field \"{property.Name}\" for objective \"{objective}\" (known: {string.Join(", ", known)})");
    }

    /// <summary>The library's message with its parameter renamed to the JSON field the user typed, without .NET's "(Parameter …)" suffix.</summary>
    public static ArgumentException Renamed(ArgumentException e, IReadOnlyDictionary<string, string> fields)
    {
        string message = e.Message;
        int cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        foreach (var (parameter, field) in fields)
            if (message.StartsWith(parameter, StringComparison.Ordinal) && (message.Length == parameter.Length || !char.IsLetter(message[parameter.Length])))
            {
                message = field + message[parameter.Length..];
                break;
            }
        message = message.Replace("pass TorchCompatible", "give \"torch_compatible\": true", StringComparison.Ordinal);
        return new ArgumentException(message, e);
    }
}
