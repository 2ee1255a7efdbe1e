using System.Text;
using Kullback.Cli.Common;
using Kullback.Tests.Support;

namespace Kullback.Tests.Docs;

/// <summary>
/// Every <c>kullback …</c> command of README.md and the docs/ guides runs as written from the repository root: the
/// commands are parsed from the documents (indented or fenced, with or without a <c>$ </c> prompt), run in this
/// process through the tool's own <see cref="CliRunner"/> in document order, and must exit 0 — or, where the document
/// shows an error (<c>kullback: …</c>, a <c>"error"</c> line or <c>exit code N</c>), exit non-zero. Paths under
/// examples/, data/ and the compare guide's <c>$FX</c> must exist; files a command writes (<c>--save</c>,
/// <c>--report</c>, <c>teacher.kbm</c>, <c>T.txt</c>, <c>digits.onnx</c>) go to a temporary folder, the same for the whole document so a
/// later command reads what an earlier one wrote.
/// </summary>
public sealed class DocumentedCommandTests
{
    /// <summary>
    /// Commands not run here, each for a stated reason: Fashion-MNIST lives in ../shared/data (an MLP on 60 000 rows is
    /// a benchmark, not a test); the speed and verb-table lines of PERFORMANCE.md are measurements; commands that run an
    /// ONNX model (<c>--onnx</c>) under qemu ARM64 emulation, where ONNX Runtime's native library crashes the process
    /// (<see cref="OnnxRuntimeSupport.EmulatedArm64Reason"/>; the test says which it left out).
    /// </summary>
    private static bool Skipped(string command) => command.Contains("../shared/") || command.StartsWith("kullback bench")
        || OnnxRuntimeSupport.IsEmulatedArm64 && command.Contains(" --onnx ");

    public static TheoryData<string> Documents() => new(["README.md", "docs/calibration.md", "docs/compare.md", "docs/distributions.md",
        "docs/drift.md", "docs/losses.md", "docs/measures.md", "docs/training.md", "docs/variational.md"]);

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryCommandOfTheDocumentRunsAsWritten(string document)
    {
        string root = TestPaths.RepositoryRoot;
        var lines = File.ReadAllLines(Path.Combine(root, document));
        string temp = Directory.CreateTempSubdirectory("kullback-docs-").FullName;
        var failures = new List<string>();
        int ran = 0;
        // "As written from the repository root": defaults such as vi's data/diabetes.csv are relative to it.
        lock (ConsoleLock)
        {
        string saved = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(root);
        try
        {
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                int first = i;
                while (line.EndsWith('\\') && i + 1 < lines.Length) line = line[..^1].TrimEnd() + " " + lines[++i].Trim(); // continuation lines
                if (line.StartsWith("$ ")) line = line[2..];
                if (line.StartsWith("cat "))
                {
                    var file = Tokenize(line)![1].Text;
                    if (!File.Exists(Resolve(file, root, temp))) failures.Add($"{document}:{i + 1}: {file} does not exist");
                    continue;
                }
                int bar = line.IndexOf("| kullback ", StringComparison.Ordinal);
                if (!line.StartsWith("kullback ") && bar < 0) continue;
                var tokens = Tokenize(line);
                if (tokens is null || tokens.Any(t => t.Unquoted && (t.Text.StartsWith('[') || t.Text.Contains('|') && t.Text != "|"))) continue; // a synopsis
                string command = line[(bar < 0 ? 0 : bar + 2)..];
                if (Skipped(command))
                {
                    if (command.Contains(" --onnx ")) TestContext.Current.TestOutputHelper?.WriteLine($"{document}:{first + 1}: not run: {OnnxRuntimeSupport.EmulatedArm64Reason}");
                    continue;
                }
                var (args, stdin, error) = Prepare(tokens, root, temp);
                if (error is not null) { failures.Add($"{document}:{i + 1}: {error}"); continue; }
                bool errorShown = ShowsError(lines, i + 1);
                var (code, stderr) = Run(args, stdin);
                ran++;
                if (errorShown ? code == ExitCodes.Success : code != ExitCodes.Success)
                    failures.Add($"{document}:{first + 1}: `{line}` exited {code}{(errorShown ? " (the document shows an error)" : "")}: {stderr.Trim()}");
            }
        }
        finally
        {
            Directory.SetCurrentDirectory(saved);
            Directory.Delete(temp, recursive: true);
        }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        if (document is "README.md" or "docs/calibration.md" or "docs/losses.md" or "docs/distributions.md")
            Assert.True(ran > 0, $"{document}: no command found");
    }

    /// <summary>Whether the lines after a command, up to the next command or the end of its block, show an error.</summary>
    private static bool ShowsError(string[] lines, int from)
    {
        for (int j = from; j < lines.Length; j++)
        {
            string l = lines[j].Trim();
            if (l.StartsWith("$ ") || l.StartsWith("```") || l.Length == 0 || l.StartsWith("kullback ")) return false;
            if (l.StartsWith("kullback: ") || l.Contains("\"error\":") || l.StartsWith("exit code ")) return true;
        }
        return false;
    }

    private sealed record Token(string Text, bool Unquoted);

    /// <summary>Splits a shell line into words (single and double quotes, no escapes), dropping a trailing # comment.</summary>
    private static List<Token>? Tokenize(string line)
    {
        var tokens = new List<Token>();
        var word = new StringBuilder();
        bool inWord = false, quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c is '\'' or '"')
            {
                int end = line.IndexOf(c, i + 1);
                if (end < 0) return null;
                word.Append(line, i + 1, end - i - 1);
                i = end; inWord = true; quoted = true;
            }
            else if (c == ' ')
            {
                if (inWord) tokens.Add(new Token(word.ToString(), !quoted));
                word.Clear(); inWord = false; quoted = false;
            }
            else if (c == '#' && !inWord) break;
            else { word.Append(c); inWord = true; }
        }
        if (inWord) tokens.Add(new Token(word.ToString(), !quoted));
        return tokens;
    }

    /// <summary>The arguments after <c>kullback</c>, standard input (an <c>echo</c>, <c>head -n N FILE</c> or <c>&lt; FILE</c>).</summary>
    private static (string[] Args, string? Stdin, string? Error) Prepare(List<Token> tokens, string root, string temp)
    {
        string? stdin = null;
        int k = tokens.FindIndex(t => t.Unquoted && t.Text == "kullback");
        if (k > 0)
        {
            var pipe = tokens[..(k - 1)];
            if (pipe[0].Text == "echo") stdin = pipe[1].Text + "\n";
            else if (pipe[0].Text == "printf" && pipe[1].Text == "%s\\n") stdin = string.Concat(pipe.Skip(2).Select(t => t.Text + "\n"));
            else if (pipe[0].Text == "head" && pipe[1].Text == "-n")
            {
                var file = Resolve(pipe[3].Text, root, temp);
                if (!File.Exists(file)) return ([], null, $"{pipe[3].Text} does not exist");
                stdin = string.Join("\n", File.ReadLines(file).Take(int.Parse(pipe[2].Text))) + "\n";
            }
            else return ([], null, $"cannot run the pipe `{string.Join(' ', pipe.Select(t => t.Text))}`");
        }
        var args = new List<string>();
        string previous = "";
        for (int j = k + 1; j < tokens.Count; j++)
        {
            var t = tokens[j];
            if (t.Unquoted && t.Text == "2>/dev/null") continue;
            if (t.Unquoted && t.Text == "<")
            {
                var file = Resolve(tokens[++j].Text, root, temp);
                if (!File.Exists(file)) return ([], null, $"{tokens[j].Text} does not exist");
                stdin = File.ReadAllText(file);
                continue;
            }
            string text = t.Unquoted ? Resolve(t.Text, root, temp, previous) : t.Text;
            if (t.Unquoted && IsRepositoryPath(t.Text) && !File.Exists(text) && !Directory.Exists(text))
                return ([], null, $"{t.Text} does not exist");
            args.Add(text);
            previous = t.Text;
        }
        return (args.ToArray(), stdin, null);
    }

    private static bool IsRepositoryPath(string text) => text.StartsWith("examples/") || text.StartsWith("data/") || text.StartsWith("$FX/");

    /// <summary>A path of the documents as this test sees it: repository files absolute, written files in the temporary folder.</summary>
    private static string Resolve(string text, string root, string temp, string previous = "")
    {
        if (text.StartsWith("$FX/")) return Path.Combine(root, "tests/Kullback.Tests/Fixtures/Compare", text[4..]);
        if (IsRepositoryPath(text)) return Path.Combine(root, text);
        if (previous is "--report" or "--save" || System.Text.RegularExpressions.Regex.IsMatch(text, @"^[\w\-]+\.(kbm|txt|onnx|kdb)$"))
            return Path.Combine(temp, text);
        return text;
    }

    /// <summary>The working directory and standard input are the process's: one document runs at a time.</summary>
    private static readonly object ConsoleLock = new();

    /// <summary>Runs the tool in this process; <paramref name="stdin"/> becomes <c>--input -</c>'s standard input.</summary>
    private static (int Code, string Stderr) Run(string[] args, string? stdin)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        if (stdin is null) return (CliRunner.Run(Kullback.Cli.Program.BuildRoot(), args, stdout, stderr), stderr.ToString());
        // Standard input is the process's (the documents run one at a time, under ConsoleLock).
        var saved = Console.In;
        Console.SetIn(new StringReader(stdin));
        try { return (CliRunner.Run(Kullback.Cli.Program.BuildRoot(), args, stdout, stderr), stderr.ToString()); }
        finally { Console.SetIn(saved); }
    }
}
