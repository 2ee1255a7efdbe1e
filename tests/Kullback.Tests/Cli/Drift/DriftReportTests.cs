using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Cli.Drift;
using Kullback.Tests.Support;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Drift;

/// <summary><c>kullback drift --report DIR</c> (HTML page, one chart per column) and the stderr progress bar (never when redirected or with --json).</summary>
public sealed class DriftReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drift-report").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string Table(string name) => TestPaths.Fixture($"Drift/tables/{name}");

    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G'];

    [Theory]
    [InlineData("small")]
    [InlineData("large")]
    public void ReportHasEveryColumnsVerdictAndAChart(string size)
    {
        string report = Path.Combine(_dir, size, "report");
        var json = Run("drift", Table($"{size}_reference.csv"), Table($"{size}_current.csv"), "--json", "--report", report);
        Assert.True(json.Code == 0, json.Err);
        var root = JsonDocument.Parse(json.Out).RootElement; // stdout stays one JSON object with --report
        string html = File.ReadAllText(Path.Combine(report, "index.html"));
        var columns = root.GetProperty("columns").EnumerateArray().ToArray();
        var inv = CultureInfo.InvariantCulture;
        for (int k = 0; k < columns.Length; k++)
        {
            var c = columns[k];
            string p = c.GetProperty("p_value").ValueKind == JsonValueKind.Null ? "—" : c.GetProperty("p_value").GetDouble().ToString("G6", inv);
            // The table row: name, type, method, statistic, p-value, adjusted p, threshold, verdict.
            string row = string.Concat(new[]
            {
                c.GetProperty("name").GetString()!, c.GetProperty("type").GetString()!, c.GetProperty("method").GetString()!,
                c.GetProperty("statistic").GetDouble().ToString("G6", inv), p, "—", c.GetProperty("threshold").GetDouble().ToString("G4", inv),
                c.GetProperty("drift").GetBoolean() ? "DRIFT" : "no",
            }.Select(cell => $"<td>{WebUtility.HtmlEncode(cell)}</td>"));
            Assert.Contains(row, html);
            string chart = Path.Combine(report, $"column{k:D3}.png");
            Assert.True(File.Exists(chart), chart);
            Assert.Equal(Png, File.ReadAllBytes(chart)[..4]);
            Assert.Contains($"src=\"column{k:D3}.png\"", html);
        }
        Assert.Contains(root.GetProperty("dataset_drift").GetBoolean() ? "Data set drift: YES" : "Data set drift: no", html);
        Assert.Contains($"{root.GetProperty("drifted_columns").GetInt32()} of {columns.Length} columns drifted", html);

        // Table mode names the page; from a baseline the page says so.
        string baseline = Path.Combine(_dir, size, "b.kdb");
        Assert.Equal(0, Run("drift", "baseline", Table($"{size}_reference.csv"), "--out", baseline).Code);
        string again = Path.Combine(_dir, size, "again");
        var table = Run("drift", "--baseline", baseline, Table($"{size}_current.csv"), "--report", again);
        Assert.True(table.Code == 0, table.Err);
        Assert.Contains($"report: {Path.Combine(again, "index.html")}", table.Out);
        Assert.Contains("b.kdb", File.ReadAllText(Path.Combine(again, "index.html")));
    }

    [Fact]
    public void ReportPathIsCheckedBeforeAnyWork()
    {
        string file = Path.Combine(_dir, "taken");
        File.WriteAllText(file, "x");
        // The inputs do not exist: the --report error comes first, so nothing was read.
        var r = Run("drift", Path.Combine(_dir, "nope.csv"), Path.Combine(_dir, "nope2.csv"), "--report", file);
        Assert.Equal(2, r.Code);
        Assert.Contains("--report", r.Err);
        Assert.Contains("is an existing file", r.Err);
        r = Run("drift", Path.Combine(_dir, "nope.csv"), Path.Combine(_dir, "nope2.csv"), "--report", Path.Combine(file, "sub"));
        Assert.Equal(2, r.Code);
        Assert.Contains("is a file", r.Err);
        // Bad data: no report is written.
        string a = Path.Combine(_dir, "a.csv"), b = Path.Combine(_dir, "b.csv"), report = Path.Combine(_dir, "never");
        File.WriteAllText(a, "x,y\n1,a\n2,b\n");
        File.WriteAllText(b, "x,z\n1,a\n2,b\n");
        r = Run("drift", a, b, "--report", report);
        Assert.Equal(1, r.Code);
        Assert.False(Directory.Exists(report));
    }

    [Fact]
    public void HistogramBinsCountEveryFiniteValueOnce()
    {
        // Bins of width 1 on [0, 3): 0, 0.5 | 1, 1.99 | 2, 3 (the top edge falls in the last bin); ±∞ and NaN are left out.
        var counts = DriftReport.BinCounts([0, 0.5, 1, 1.99, 2, 3, double.PositiveInfinity, double.NaN], 0, 1, 3, out long finite);
        Assert.Equal(new long[] { 2, 2, 2 }, counts);
        Assert.Equal(6, finite);
        Assert.NotNull(DriftReport.Histogram("x", [1, 1, 1], [1, 1]));
        Assert.Null(DriftReport.Histogram("x", [double.PositiveInfinity], [double.NegativeInfinity]));
    }

    [Fact]
    public void ProgressIsDrawnOnlyOnAnInteractiveStderrWithoutJson()
    {
        Assert.True(DriftProgress.Shows(json: false, Console.Error, errorIsTerminal: true));
        Assert.False(DriftProgress.Shows(json: true, Console.Error, errorIsTerminal: true));
        Assert.False(DriftProgress.Shows(json: false, Console.Error, errorIsTerminal: false));
        Assert.False(DriftProgress.Shows(json: false, new StringWriter(), errorIsTerminal: true));
        // The silent progress accepts every call.
        var silent = DriftProgress.Silent;
        silent.Reference(0.5);
        silent.Current(1);
        silent.StartColumns(3);
        silent.ColumnDone();
        Assert.Equal(42, DriftProgress.Run(false, "a", "b", _ => 42));
    }

    [Fact]
    public async Task RedirectedStderrGetsNothingExtra()
    {
        foreach (var json in new[] { false, true })
        {
            string[] args = ["drift", Table("large_reference.csv"), Table("large_current.csv"), .. json ? new[] { "--json" } : []];
            var r = Run(args);
            Assert.True(r.Code is 0 or 3, r.Err);
            Assert.Equal("", r.Err);
        }
        // As a separate process with stderr redirected to a pipe: stderr stays empty, stdout is the same table.
        // Under qemu ARM64 emulation the host's x86 `dotnet` cannot load the arm64 build, so that half is skipped, visibly.
        if (OnnxRuntimeSupport.IsEmulatedArm64)
            Assert.Skip("under qemu ARM64 emulation a child `dotnet Kullback.Cli.dll` cannot start (the x86 host cannot load the arm64 build); the in-process half ran");
        string cli = Path.Combine(AppContext.BaseDirectory, "Kullback.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { cli, "drift", Table("large_reference.csv"), Table("large_current.csv") }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var ct = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.Equal("", await stderr);
        Assert.Equal(Run("drift", Table("large_reference.csv"), Table("large_current.csv")).Out, await stdout);
    }
}
