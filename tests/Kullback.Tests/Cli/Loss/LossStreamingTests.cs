using System.Collections.Concurrent;
using System.CommandLine;
using System.IO.Pipes;
using System.Text;
using Kullback.Cli.Common;
using Kullback.Cli.Loss;

namespace Kullback.Tests.Cli.Loss;

/// <summary>
/// <c>kullback loss --input -</c> answers each line as it arrives, in the text table as in <c>--json</c> (issue 10, item 16):
/// fed through a pipe that stays open, the answer to line 1 is read before line 2 is written.
/// </summary>
public class LossStreamingTests
{
    /// <summary>How long to wait for one answer: far beyond one line's work, so only buffering until end of input fails.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A writer that hands over each completed line at once.</summary>
    private sealed class LineQueue : TextWriter
    {
        private readonly StringBuilder _line = new();
        public BlockingCollection<string> Lines { get; } = new();
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\n') { Lines.Add(_line.ToString().TrimEnd('\r')); _line.Clear(); }
            else _line.Append(value);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EachAnswerComesBeforeTheNextLineIsSent(bool json)
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        using var stdin = new StreamReader(client, Encoding.UTF8);
        var stdout = new LineQueue();
        var stderr = new LineQueue();
        var root = new Command("kullback") { LossCommand.Create(stdin) };
        string[] args = json ? ["loss", "--input", "-", "--json"] : ["loss", "--input", "-"];
        var run = Task.Run(() => CliRunner.Run(root, args, stdout, stderr), TestContext.Current.CancellationToken);
        var feed = new StreamWriter(server, new UTF8Encoding(false)) { AutoFlush = true };
        try
        {
            feed.WriteLine("""{"id": "a", "logits": [[0, 0]], "target_probs": [[0.5, 0.5]]}""");
            Assert.True(stdout.Lines.TryTake(out var first, Patience), "no answer to line 1 while the pipe stays open");
            if (json) Assert.StartsWith("""{"id":"a","loss":""", first);
            else Assert.StartsWith($"\"a\"\tloss {Math.Log(2):R}\tH(P) {Math.Log(2):R}", first);

            feed.WriteLine("""{"id": "b", "logits": [[0, 0]], "target": [5]}""");
            var answers = json ? stdout : stderr;
            Assert.True(answers.Lines.TryTake(out var second, Patience), "no answer to the bad line 2 while the pipe stays open");
            Assert.Contains("line 2:", second);
            Assert.Contains("target[0] = 5", second);

            feed.WriteLine("""{"id": "c", "logits": [[0, 0]], "target": [1]}""");
            Assert.True(stdout.Lines.TryTake(out var third, Patience), "no answer to line 3 while the pipe stays open");
            Assert.Contains(json ? "\"id\":\"c\"" : "\"c\"\tloss", third);
            Assert.False(run.IsCompleted);
        }
        finally
        {
            feed.Dispose(); // end of input
        }
        int code = await run.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(ExitCodes.Failure, code); // line 2 failed
        Assert.Empty(stdout.Lines);
        Assert.Empty(stderr.Lines);
    }
}
