using System.Globalization;

namespace Kullback.Cli.Kl;

/// <summary>A spec that does not parse; <see cref="Column"/> is 1-based and points at the offending character.</summary>
public sealed class SpecFormatException(string spec, int column, string problem)
    : FormatException($"\"{spec}\" column {column}: {problem}")
{
    /// <summary>1-based column of the problem in the spec.</summary>
    public int Column { get; } = column;
}

/// <summary>A value in a spec: a number, or a bracketed list of values (a vector, or a matrix as a list of rows).</summary>
public sealed record SpecValue(double? Number, IReadOnlyList<SpecValue>? Items, int Column);

/// <summary>One argument of a spec: positional when <see cref="Name"/> is null.</summary>
public sealed record SpecArgument(string? Name, SpecValue Value, int Column);

/// <summary>
/// The syntax <c>Family(arg, …, name=arg, …)</c> where each arg is a number or a bracketed list such as
/// <c>[0.2, 0.8]</c> or <c>[[1, 0], [0, 1]]</c>. Whitespace is free; numbers are invariant-culture (inf, -inf, nan accepted).
/// </summary>
public static class SpecSyntax
{
    /// <summary>Parses the family name and arguments of <paramref name="spec"/>.</summary>
    /// <exception cref="SpecFormatException">The spec does not match the grammar (the message gives the column).</exception>
    public static (string Family, int FamilyColumn, IReadOnlyList<SpecArgument> Arguments) Parse(string spec)
    {
        var reader = new Reader(spec);
        reader.SkipSpace();
        int familyColumn = reader.Column;
        string family = reader.Identifier() ?? throw reader.Error("expected a family name such as Normal");
        reader.SkipSpace();
        reader.Expect('(');
        var arguments = new List<SpecArgument>();
        reader.SkipSpace();
        if (!reader.TryConsume(')'))
        {
            while (true)
            {
                reader.SkipSpace();
                int column = reader.Column;
                string? name = null;
                int save = reader.Position;
                if (reader.Identifier() is { } identifier)
                {
                    reader.SkipSpace();
                    if (reader.TryConsume('=')) name = identifier;
                    else reader.Position = save;
                }
                reader.SkipSpace();
                var value = reader.Value();
                arguments.Add(new SpecArgument(name, value, column));
                reader.SkipSpace();
                if (reader.TryConsume(',')) continue;
                reader.Expect(')');
                break;
            }
        }
        reader.SkipSpace();
        if (!reader.AtEnd) throw reader.Error($"unexpected '{reader.Current}' after the closing parenthesis");
        return (family, familyColumn, arguments);
    }

    private sealed class Reader(string text)
    {
        public int Position;
        public int Column => Position + 1;
        public bool AtEnd => Position >= text.Length;
        public char Current => text[Position];

        public SpecFormatException Error(string problem) => new(text, Column, problem);

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(Current)) Position++;
        }

        public bool TryConsume(char c)
        {
            if (AtEnd || Current != c) return false;
            Position++;
            return true;
        }

        public void Expect(char c)
        {
            if (!TryConsume(c)) throw Error(AtEnd ? $"expected '{c}' but the spec ended" : $"expected '{c}', got '{Current}'");
        }

        public string? Identifier()
        {
            int start = Position;
            if (AtEnd || !(char.IsLetter(Current) || Current == '_')) return null;
            while (!AtEnd && (char.IsLetterOrDigit(Current) || Current == '_')) Position++;
            string word = text[start..Position];
            if (IsNumberWord(word)) { Position = start; return null; }
            return word;
        }

        private static bool IsNumberWord(string word) =>
            word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("infinity", StringComparison.OrdinalIgnoreCase)
            || word.Equals("nan", StringComparison.OrdinalIgnoreCase);

        public SpecValue Value()
        {
            SkipSpace();
            int column = Column;
            if (TryConsume('['))
            {
                var items = new List<SpecValue>();
                SkipSpace();
                if (TryConsume(']')) return new SpecValue(null, items, column);
                while (true)
                {
                    items.Add(Value());
                    SkipSpace();
                    if (TryConsume(',')) continue;
                    Expect(']');
                    return new SpecValue(null, items, column);
                }
            }
            int start = Position;
            while (!AtEnd && (char.IsLetterOrDigit(Current) || Current is '.' or '-' or '+')) Position++;
            string token = text[start..Position];
            if (token.Length == 0)
            {
                Position = start;
                throw Error(AtEnd ? "expected a number or '[' but the spec ended" : $"expected a number or '[', got '{Current}'");
            }
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
            {
                if (token.Equals("inf", StringComparison.OrdinalIgnoreCase) || token.Equals("+inf", StringComparison.OrdinalIgnoreCase)) number = double.PositiveInfinity;
                else if (token.Equals("-inf", StringComparison.OrdinalIgnoreCase)) number = double.NegativeInfinity;
                else
                {
                    Position = start;
                    throw Error($"expected a number, got '{token}'");
                }
            }
            return new SpecValue(number, null, column);
        }
    }
}
