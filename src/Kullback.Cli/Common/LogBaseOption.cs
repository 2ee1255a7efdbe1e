using System.Globalization;
using Kullback.Measures;

namespace Kullback.Cli.Common;

/// <summary>The one parser of <c>--base</c> for every verb: e|nats, 2|bits, 10|bans, or any finite b &gt; 0, b ≠ 1.</summary>
public static class LogBaseOption
{
    /// <summary>Parses the text of <c>--base</c> into a <see cref="LogBase"/>; null or empty means nats.</summary>
    /// <exception cref="UsageException">Not a unit name nor a finite number &gt; 0 and ≠ 1.</exception>
    public static LogBase Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return LogBase.Nats;
        switch (text.Trim().ToLowerInvariant())
        {
            case "e" or "nat" or "nats": return LogBase.Nats;
            case "2" or "bit" or "bits": return LogBase.Bits;
            case "10" or "ban" or "bans": return LogBase.Bans;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new UsageException($"--base {text}: expected e (nats), 2 (bits), 10 (bans) or a number > 0 and ≠ 1");
        if (!double.IsFinite(value) || value <= 0 || value == 1)
            throw new UsageException($"--base {text}: a logarithm base must be finite, > 0 and ≠ 1");
        return LogBase.Of(value);
    }
}
