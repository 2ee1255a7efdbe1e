using System.Net;
using System.Text;

namespace Kullback.Cli.Reporting;

/// <summary>
/// A self-contained HTML report written to a folder: <c>index.html</c> plus the image files it shows. Build it as
/// a sequence of sections (headings, paragraphs, tables, titled images, rows of images); every text is escaped.
/// Shared by every verb that takes <c>--report DIR</c>.
/// </summary>
public sealed class HtmlReport
{
    private readonly StringBuilder _body = new();
    private readonly List<(string FileName, byte[] Bytes)> _files = [];
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Starts a report with the page title <paramref name="title"/>.</summary>
    public HtmlReport(string title)
    {
        Title = title;
        _body.Append("<h1>").Append(Escape(title)).Append("</h1>\n");
    }

    /// <summary>The page title.</summary>
    public string Title { get; }

    /// <summary>The image files added so far (names relative to the report folder).</summary>
    public IEnumerable<string> Files => _files.Select(f => f.FileName);

    /// <summary>Adds a section heading.</summary>
    public HtmlReport Heading(string text)
    {
        _body.Append("<h2>").Append(Escape(text)).Append("</h2>\n");
        return this;
    }

    /// <summary>Adds a paragraph of plain text.</summary>
    public HtmlReport Paragraph(string text)
    {
        _body.Append("<p>").Append(Escape(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Adds a table with a title, column headers and rows of cells (plain text).</summary>
    /// <exception cref="ArgumentException">A row has a different number of cells than the headers.</exception>
    public HtmlReport Table(string title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<figure><figcaption>").Append(Escape(title)).Append("</figcaption><table>\n<tr>");
        foreach (var h in headers) _body.Append("<th>").Append(Escape(h)).Append("</th>");
        _body.Append("</tr>\n");
        int index = 0;
        foreach (var row in rows)
        {
            if (row.Count != headers.Count) throw new ArgumentException($"table \"{title}\" row {index} has {row.Count} cells, the header {headers.Count}", nameof(rows));
            _body.Append("<tr>");
            foreach (var cell in row) _body.Append("<td>").Append(Escape(cell)).Append("</td>");
            _body.Append("</tr>\n");
            index++;
        }
        _body.Append("</table></figure>\n");
        return this;
    }

    /// <summary>Adds one titled image (PNG or SVG bytes) saved as <paramref name="fileName"/>.</summary>
    public HtmlReport Image(string title, string fileName, byte[] bytes)
    {
        _body.Append("<figure>").Append(ImageTag(title, fileName, bytes)).Append("<figcaption>").Append(Escape(title)).Append("</figcaption></figure>\n");
        return this;
    }

    /// <summary>Adds a row of titled images side by side (e.g. an input beside its P and Q).</summary>
    public HtmlReport ImageRow(string title, IEnumerable<(string Title, string FileName, byte[] Bytes)> images)
    {
        _body.Append("<figure><div class=\"row\">");
        foreach (var (t, f, b) in images)
            _body.Append("<div>").Append(ImageTag(t, f, b)).Append("<div class=\"sub\">").Append(Escape(t)).Append("</div></div>");
        _body.Append("</div><figcaption>").Append(Escape(title)).Append("</figcaption></figure>\n");
        return this;
    }

    private string ImageTag(string title, string fileName, byte[] bytes)
    {
        if (fileName.IndexOfAny(['/', '\\']) >= 0 || !(fileName.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".svg", StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException($"image file name \"{fileName}\" must be a plain .png or .svg name", nameof(fileName));
        if (!_names.Add(fileName)) throw new ArgumentException($"image file name \"{fileName}\" is used twice", nameof(fileName));
        _files.Add((fileName, bytes));
        return $"<img src=\"{Uri.EscapeDataString(fileName)}\" alt=\"{Escape(title)}\">";
    }

    /// <summary>The complete HTML page.</summary>
    public string Html() =>
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Escape(Title) + "</title>\n<style>\n" +
        "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}\n" +
        "table{border-collapse:collapse;font-variant-numeric:tabular-nums}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}\n" +
        "th{background:#f3f3f3}figure{margin:1em 0}figcaption{color:#555;margin:.3em 0}img{max-width:100%}\n" +
        ".row{display:flex;gap:12px;align-items:flex-start;flex-wrap:wrap}.sub{font-size:85%;color:#555;text-align:center}\n" +
        "</style></head><body>\n" + _body + "</body></html>\n";

    /// <summary>Writes <c>index.html</c> and every image into <paramref name="directory"/> (created if needed); returns the page's path.</summary>
    public string Save(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, bytes) in _files) File.WriteAllBytes(Path.Combine(directory, name), bytes);
        var index = Path.Combine(directory, "index.html");
        File.WriteAllText(index, Html(), new UTF8Encoding(false));
        return index;
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
