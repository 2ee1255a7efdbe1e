using System.Globalization;
using nietras.SeparatedValues;

namespace Kullback.Cli.Common;

/// <summary>
/// A CSV cell as a number, exactly as Sep's <c>TryParse&lt;double&gt;</c> reads it, for every verb that reads numeric
/// CSV columns through Sep (drift, mi).
/// </summary>
internal static class CsvNumber
{
    /// <summary>
    /// csFastFloat (the parser Sep calls) on the span already in hand when it reads the whole cell — correctly rounded,
    /// like pandas' default ("high") parser, and precompiled with the CLI, where Sep's generic <c>TryParse&lt;T&gt;</c>
    /// is jitted on first use; else Sep itself decides (a cell with trailing text, commas or spaces — rare, and never
    /// a plain number).
    /// </summary>
    internal static bool TryParse(SepReader.Col cell, ReadOnlySpan<char> span, out double value)
    {
        if (csFastFloat.FastDoubleParser.TryParseDouble(span, out int used, out value, NumberStyles.Float | NumberStyles.AllowThousands, '.') && used == span.Length)
            return true;
        double? parsed = cell.TryParse<double>();
        value = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }
}
