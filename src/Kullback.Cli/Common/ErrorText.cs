namespace Kullback.Cli.Common;

/// <summary>
/// The text the tool prints for an exception: its message without .NET's internals — no " (Parameter 'name')" (a C#
/// parameter name the user never typed) and no "Actual value was …" line. The library's messages already name the value
/// and its domain; the CLI adds which option or field it came from.
/// </summary>
public static class ErrorText
{
    /// <summary>The user-facing message of <paramref name="e"/>.</summary>
    public static string Of(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentException argument)
        {
            int actual = message.IndexOf("Actual value was", StringComparison.Ordinal);
            if (actual >= 0) message = message[..actual];
            if (argument.ParamName is { } name) message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        }
        return message.TrimEnd();
    }

    private static readonly (string Type, string Words)[] TypeWords =
    [
        ("System.Nullable`1[System.Int32]", "a whole number"), ("System.Int32", "a whole number"),
        ("System.Nullable`1[System.Int64]", "a whole number"), ("System.Int64", "a whole number"),
        ("System.Nullable`1[System.Double]", "a number"), ("System.Double", "a number"),
        ("System.Nullable`1[System.Boolean]", "true or false"), ("System.Boolean", "true or false"),
    ];

    /// <summary>
    /// A command-line parse error in words: "Cannot parse argument 'x' for option '--lr' as expected type 'System.Double'"
    /// becomes "--lr x: expected a number" (no .NET type names).
    /// </summary>
    public static string OfParse(string message)
    {
        const string head = "Cannot parse argument '";
        int typeAt = message.IndexOf("' as expected type '", StringComparison.Ordinal);
        int optionAt = message.IndexOf("' for option '", StringComparison.Ordinal);
        if (!message.StartsWith(head, StringComparison.Ordinal) || typeAt < 0 || optionAt < 0 || optionAt > typeAt) return message;
        string value = message[head.Length..optionAt];
        string option = message[(optionAt + "' for option '".Length)..typeAt];
        string type = message[(typeAt + "' as expected type '".Length)..].TrimEnd('.', '\'');
        string words = TypeWords.FirstOrDefault(t => t.Type == type).Words ?? "a value of another kind";
        return $"{option} {value}: expected {words}";
    }
}
