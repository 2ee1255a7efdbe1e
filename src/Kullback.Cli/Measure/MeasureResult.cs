using System.Globalization;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Measures;
using Spectre.Console;

namespace Kullback.Cli.Measure;

/// <summary>The five numbers <c>kullback measure</c> reports for one pair (P, Q), in one unit.</summary>
internal readonly record struct MeasureResult(double Entropy, double CrossEntropy, double Divergence, double ReverseDivergence, double JensenShannon, LogBase Unit)
{
    /// <summary>Validates P and Q (all errors before any work) and computes H(P), H(P,Q), D(P‖Q), D(Q‖P), JS(P,Q).</summary>
    public static MeasureResult Of(CategoricalSpan<double> p, CategoricalSpan<double> q, LogBase unit, bool normalize)
    {
        var d = Decomposition.Of(p, q, unit, normalize);
        return new MeasureResult(d.Entropy, d.CrossEntropy, d.Divergence,
            KullbackLeibler.Reverse(p, q, unit, normalize),
            Measures.JensenShannon.Divergence(p, q, unit, normalize),
            unit);
    }

    /// <summary>Writes the fields "entropy", "cross_entropy", "kl", "reverse_kl", "js", "unit" (+∞ as "Infinity").</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        JsonOut.WriteNumber(writer, "entropy", Entropy);
        JsonOut.WriteNumber(writer, "cross_entropy", CrossEntropy);
        JsonOut.WriteNumber(writer, "kl", Divergence);
        JsonOut.WriteNumber(writer, "reverse_kl", ReverseDivergence);
        JsonOut.WriteNumber(writer, "js", JensenShannon);
        writer.WriteString("unit", Unit.Name);
    }

    /// <summary>A small table: measure, symbol, value, with the identity as caption.</summary>
    public void WriteTable(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Measure").AddColumn("Symbol").AddColumn(new TableColumn($"Value ({Markup.Escape(Unit.Name)})").RightAligned());
        table.AddRow("entropy", "H(P)", Format(Entropy));
        table.AddRow("cross-entropy", "H(P,Q)", Format(CrossEntropy));
        table.AddRow("KL divergence", "D(P‖Q)", Format(Divergence));
        table.AddRow("reverse KL", "D(Q‖P)", Format(ReverseDivergence));
        table.AddRow("Jensen–Shannon", "JS(P,Q)", Format(JensenShannon));
        table.Caption("H(P,Q) = H(P) + D(P‖Q)");
        console.Write(table);
    }

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "∞" : value.ToString("G15", CultureInfo.InvariantCulture);
}
