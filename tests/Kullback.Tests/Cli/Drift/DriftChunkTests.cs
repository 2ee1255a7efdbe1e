using nietras.SeparatedValues;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Data;
using Kullback.Learning.Data;
using Kullback.Tests.Support;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Drift;

/// <summary>
/// <c>kullback drift --chunk-size N</c>: chunk k of a chunked run equals a whole-file run of the reference against a
/// file holding only chunk k's rows (CSV, NPY, Parquet, baseline), a shift that starts mid-file shows in the later chunks
/// only, bad N is a command-line error, and the report's chunk charts load in headless Chromium.
/// </summary>
public sealed class DriftChunkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drift-chunks").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string Table(string name) => TestPaths.Fixture($"Drift/tables/{name}");

    private static JsonElement Json((int Code, string Out, string Err) r)
    {
        Assert.True(r.Code is 0 or 3, r.Err);
        return JsonDocument.Parse(r.Out).RootElement;
    }

    /// <summary>Writes the header and data lines [first, first + count) of a CSV file (one row per line, as the fixtures are).</summary>
    private static string CsvChunk(string source, long first, long count, string target)
    {
        var lines = File.ReadAllLines(source);
        File.WriteAllLines(target, lines.Take(1).Concat(lines.Skip(1 + (int)first).Take((int)count)));
        return target;
    }

    /// <summary>Checks every chunk of <paramref name="chunked"/> against a whole run on that chunk's rows alone, written by <paramref name="writeChunk"/>.</summary>
    private static void ChunksEqualWholeRuns(JsonElement chunked, long chunkSize, Func<long, long, string> writeChunk, string[] referenceArgs)
    {
        long rows = chunked.GetProperty("rows_current").GetInt64();
        var chunks = chunked.GetProperty("chunks").EnumerateArray().ToArray();
        Assert.Equal((rows + chunkSize - 1) / chunkSize, chunks.Length);
        var wholeColumns = chunked.GetProperty("columns").EnumerateArray().ToArray();
        for (int k = 0; k < chunks.Length; k++)
        {
            var chunk = chunks[k];
            long start = chunk.GetProperty("row_start").GetInt64(), end = chunk.GetProperty("row_end").GetInt64();
            Assert.Equal(k * chunkSize, start);
            Assert.Equal(Math.Min(rows, (k + 1) * chunkSize), end);
            Assert.Equal(end - start, chunk.GetProperty("rows").GetInt64());
            var alone = Json(Run([.. referenceArgs, writeChunk(start, end - start), "--json"]));
            Assert.Equal(end - start, alone.GetProperty("rows_current").GetInt64());
            var expected = alone.GetProperty("columns").EnumerateArray().ToArray();
            var got = chunk.GetProperty("columns").EnumerateArray().ToArray();
            Assert.Equal(expected.Length, got.Length);
            for (int j = 0; j < got.Length; j++)
            {
                string where = $"chunk {k}, column {got[j].GetProperty("name").GetString()}";
                Assert.Equal(expected[j].GetProperty("name").GetString(), got[j].GetProperty("name").GetString());
                // The chunk uses the whole comparison's method; on these tables it is also the method a run on the chunk picks.
                Assert.Equal(wholeColumns[j].GetProperty("method").GetString(), expected[j].GetProperty("method").GetString());
                Assert.True(expected[j].GetProperty("statistic").GetDouble() == got[j].GetProperty("statistic").GetDouble(), where);
                Assert.Equal(expected[j].GetProperty("p_value").ToString(), got[j].GetProperty("p_value").ToString());
                Assert.True(expected[j].GetProperty("drift").GetBoolean() == got[j].GetProperty("drift").GetBoolean(), where);
                Assert.True(expected[j].GetProperty("missing_current").GetInt64() == got[j].GetProperty("missing_current").GetInt64(), where);
                if (expected[j].TryGetProperty("p_value_adjusted", out var pa))
                    Assert.Equal(pa.GetDouble(), got[j].GetProperty("p_value_adjusted").GetDouble());
            }
            Assert.Equal(alone.GetProperty("drifted_columns").GetInt32(), chunk.GetProperty("drifted_columns").GetInt32());
            Assert.Equal(alone.GetProperty("share").GetDouble(), chunk.GetProperty("share").GetDouble());
            Assert.Equal(alone.GetProperty("dataset_drift").GetBoolean(), chunk.GetProperty("dataset_drift").GetBoolean());
        }
    }

    [Theory]
    [InlineData("small", 250, new string[0])]        // 600 current rows: chunks of 250, 250, 100 (KS / Z / χ²)
    [InlineData("large", 1000, new string[0])]       // 2,500 rows: 1000, 1000, 500 (W₁/σ, JS)
    [InlineData("small", 200, new[] { "--correction", "bh" })]
    [InlineData("large", 700, new[] { "--method", "same=psi", "--method", "mean_shift=ks", "--method", "proportion=hellinger" })]
    public void EachCsvChunkEqualsAWholeRunOnThatChunkAlone(string size, long chunkSize, string[] extra)
    {
        string reference = Table($"{size}_reference.csv"), current = Table($"{size}_current.csv");
        var chunked = Json(Run(["drift", reference, current, "--json", "--chunk-size", chunkSize.ToString(CultureInfo.InvariantCulture), .. extra]));
        // The whole comparison is unchanged by --chunk-size.
        var plain = Json(Run(["drift", reference, current, "--json", .. extra]));
        Assert.Equal(plain.GetProperty("columns").ToString(), chunked.GetProperty("columns").ToString());
        int n = 0;
        ChunksEqualWholeRuns(chunked, chunkSize, (first, count) => CsvChunk(current, first, count, Path.Combine(_dir, $"chunk{n++}.csv")), ["drift", reference, .. extra]);

        // From a frozen baseline: the same chunks.
        string baseline = Path.Combine(_dir, "ref.kdb");
        Assert.Equal(0, Run("drift", "baseline", reference, "--out", baseline).Code);
        var fromBaseline = Json(Run(["drift", "--baseline", baseline, current, "--json", "--chunk-size", chunkSize.ToString(CultureInfo.InvariantCulture), .. extra]));
        Assert.Equal(chunked.ToString(), fromBaseline.ToString());
    }

    /// <summary>A float64 NPY file of rows [first, first + count) of a 2-D float64 NPY file.</summary>
    private static string NpyChunk(string source, long first, long count, string target)
    {
        using var npy = NpyFile.Open(source);
        int cols = (int)npy.Columns;
        var data = new double[count * cols];
        npy.CopyRows(first, (int)count, data);
        string header = $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({count}, {cols}), }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        using var f = File.Create(target);
        f.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)(header.Length & 0xFF), (byte)(header.Length >> 8)]);
        f.Write(Encoding.ASCII.GetBytes(header));
        f.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        return target;
    }

    [Fact]
    public void EachNpyChunkEqualsAWholeRunOnThatChunkAlone()
    {
        string reference = Table("npy_reference.npy"), current = Table("npy_current.npy");
        using (var npy = NpyFile.Open(current)) Assert.Equal(NpyDType.Float64, npy.DType);
        var chunked = Json(Run("drift", reference, current, "--json", "--chunk-size", "64"));
        int n = 0;
        ChunksEqualWholeRuns(chunked, 64, (first, count) => NpyChunk(current, first, count, Path.Combine(_dir, $"chunk{n++}.npy")), ["drift", reference]);
    }

    [Theory]
    [InlineData(400, 300, 70, 110)]    // chunk boundaries inside row groups, KS / Z / χ²
    [InlineData(1500, 1200, 500, 350)] // W₁/σ and JS
    public void ParquetChunksEqualCsvChunksAndWholeRunsOnEachChunk(int refRows, int curRows, int groupRows, int chunkSize)
    {
        var reference = DriftParquetTests.Generate(refRows, 1, 0, false);
        var current = DriftParquetTests.Generate(curRows, 2, 0.5, true);
        string rc = Path.Combine(_dir, "ref.csv"), cc = Path.Combine(_dir, "cur.csv"), cp = Path.Combine(_dir, "cur.parquet");
        DriftParquetTests.WriteCsv(rc, reference);
        DriftParquetTests.WriteCsv(cc, current);
        DriftParquetTests.WriteParquetOrSkip(cp, current, groupRows);
        string size = chunkSize.ToString(CultureInfo.InvariantCulture);
        var parquet = Run("drift", rc, cp, "--json", "--chunk-size", size);
        Assert.Equal(Run("drift", rc, cc, "--json", "--chunk-size", size).Out, parquet.Out);
        int n = 0;
        ChunksEqualWholeRuns(Json(parquet), chunkSize, (first, count) => CsvChunk(cc, first, count, Path.Combine(_dir, $"chunk{n++}.csv")), ["drift", rc]);
    }

    /// <summary>Reference: x ~ N(0, 1), y ~ N(0, 1), c uniform over a, b, c. Current: the same law, except that from row 2,000 x moves by 1 and c loses a.</summary>
    private (string Reference, string Current) ShiftFromRow2000()
    {
        var rng = new Random(12);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        string write(string name, int rows, int shiftFrom)
        {
            var sb = new StringBuilder("x,y,c\n");
            for (int i = 0; i < rows; i++)
            {
                bool shifted = i >= shiftFrom;
                string c = shifted ? (rng.Next(2) == 0 ? "b" : "c") : "abc"[rng.Next(3)].ToString();
                sb.Append(CultureInfo.InvariantCulture, $"{(Normal() + (shifted ? 1 : 0)).ToString("R", CultureInfo.InvariantCulture)},{Normal().ToString("R", CultureInfo.InvariantCulture)},{c}\n");
            }
            string path = Path.Combine(_dir, name);
            File.WriteAllText(path, sb.ToString());
            return path;
        }
        return (write("ref.csv", 3000, int.MaxValue), write("cur.csv", 3000, 2000));
    }

    [Fact]
    public void AShiftFromMidFileShowsInTheLaterChunksOnly()
    {
        var (reference, current) = ShiftFromRow2000();
        var root = Json(Run("drift", reference, current, "--json", "--chunk-size", "500"));
        var chunks = root.GetProperty("chunks").EnumerateArray().ToArray();
        Assert.Equal(6, chunks.Length);
        for (int k = 0; k < chunks.Length; k++)
        {
            var cols = chunks[k].GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
            bool later = k >= 4; // rows 2000 … 2999
            Assert.Equal(later, cols["x"].GetProperty("drift").GetBoolean());
            Assert.Equal(later, cols["c"].GetProperty("drift").GetBoolean());
            Assert.False(cols["y"].GetProperty("drift").GetBoolean());
            Assert.Equal(later ? 2 : 0, chunks[k].GetProperty("drifted_columns").GetInt32());
            Assert.Equal(later, chunks[k].GetProperty("dataset_drift").GetBoolean());
            Assert.True(cols["x"].GetProperty("statistic").GetDouble() is var w && (later ? w > 0.5 : w < 0.1), $"chunk {k}: W₁/σ of x");
        }
        // The whole file sees a third of the rows shifted.
        var whole = root.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.True(whole["x"].GetProperty("drift").GetBoolean());

        // Without --json a line per chunk names the drifted columns.
        var table = Run("drift", reference, current, "--chunk-size", "500");
        Assert.True(table.Code is 0 or 3, table.Err);
        Assert.Contains("6 chunks of current rows", table.Out);
        Assert.Contains("chunk 0  rows    0– 499  drift: no   0 of 3 columns drifted (share 0)", table.Out);
        Assert.Contains("chunk 5  rows 2500–2999  drift: yes  2 of 3 columns drifted (share 0.6667): x, c", table.Out);
    }

    [Fact]
    public void ChunkLargerThanTheFileIsOneChunkEqualToTheWholeComparison()
    {
        var root = Json(Run("drift", Table("large_reference.csv"), Table("large_current.csv"), "--json", "--chunk-size", "1000000"));
        var chunk = Assert.Single(root.GetProperty("chunks").EnumerateArray());
        Assert.Equal(2500, chunk.GetProperty("row_end").GetInt64());
        var whole = root.GetProperty("columns").EnumerateArray().ToArray();
        var got = chunk.GetProperty("columns").EnumerateArray().ToArray();
        for (int j = 0; j < whole.Length; j++)
        {
            Assert.Equal(whole[j].GetProperty("statistic").GetDouble(), got[j].GetProperty("statistic").GetDouble());
            Assert.Equal(whole[j].GetProperty("drift").GetBoolean(), got[j].GetProperty("drift").GetBoolean());
        }
        Assert.Equal(root.GetProperty("drifted_columns").GetInt32(), chunk.GetProperty("drifted_columns").GetInt32());
    }

    [Fact]
    public void AColumnWithoutValuesInAChunkIsNotJudgedThere()
    {
        string reference = Path.Combine(_dir, "r.csv"), current = Path.Combine(_dir, "c.csv");
        File.WriteAllText(reference, "a,b\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},{i % 7}\n")));
        File.WriteAllText(current, "a,b\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},{(i < 20 ? "" : (i % 7).ToString(CultureInfo.InvariantCulture))}\n")));
        var root = Json(Run("drift", reference, current, "--json", "--chunk-size", "20"));
        var first = root.GetProperty("chunks")[0].GetProperty("columns")[1];
        Assert.Equal(JsonValueKind.Null, first.GetProperty("statistic").ValueKind);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("drift").ValueKind);
        Assert.Equal(20, first.GetProperty("missing_current").GetInt64());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("chunks")[1].GetProperty("columns")[1].GetProperty("statistic").ValueKind);
    }

    [Theory]
    [InlineData("0", "must be a whole number of rows ≥ 1")]
    [InlineData("-5", "must be a whole number of rows ≥ 1")]
    [InlineData("2.5", "--chunk-size")]
    [InlineData("ten", "--chunk-size")]
    public void BadChunkSizeIsACommandLineError(string n, string message)
    {
        var r = Run("drift", Table("small_reference.csv"), Table("small_current.csv"), "--json", "--chunk-size", n);
        Assert.Equal(2, r.Code);
        Assert.Contains(message, r.Err);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void ReportDrawsEachColumnsChunkSeriesAndLoadsInHeadlessChromium()
    {
        var (reference, current) = ShiftFromRow2000();
        string report = Path.Combine(_dir, "report");
        var root = Json(Run("drift", reference, current, "--json", "--chunk-size", "500", "--report", report));
        string html = File.ReadAllText(Path.Combine(report, "index.html"));
        Assert.Contains("Chunks of the current data (6, each compared with the whole reference)", html);
        Assert.Contains("<td>4</td><td>2000–2499</td><td>2</td><td>0.6667</td><td>DRIFT</td><td>x, c</td>", html);
        for (int j = 0; j < 3; j++)
        {
            Assert.Contains($"src=\"chunk{j:D3}.png\"", html);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(report, $"chunk{j:D3}.png"))[..4]);
        }
        Assert.Contains("x: wasserstein per chunk, threshold 0.1 (drift at or above)", html);

        // In a real browser: the page parses, and every chart it links (column and chunk charts) decodes as an image.
        string? chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            // CI installs Debian's chromium and sets KULLBACK_BROWSER=required (.ci/run): there, no browser is a failure.
            Assert.NotEqual("required", Environment.GetEnvironmentVariable("KULLBACK_BROWSER"));
            Assert.Skip("no headless Chromium installed (/usr/bin/chromium); the HTML and PNG checks above ran");
        }
        var images = System.Text.RegularExpressions.Regex.Matches(html, "src=\"([^\"]+\\.png)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(6, images.Length); // 3 distribution charts + 3 chunk series
        string probe = Path.Combine(report, "probe.html");
        File.WriteAllText(probe, $$"""
            <html><head><title>pending</title></head><body><script>
            const names = {{JsonSerializer.Serialize(images)}}; const seen = [];
            for (const n of names) { const i = new Image();
              i.onload = () => { seen.push(n + "=" + i.naturalWidth + "x" + i.naturalHeight); done(); };
              i.onerror = () => { seen.push(n + "=error"); done(); }; i.src = n; }
            function done() { if (seen.length === names.length) document.title = seen.sort().join(" "); }
            </script></body></html>
            """);
        string dom = Chromium(chromium, probe);
        foreach (var name in images) Assert.Contains($"{name}={Kullback.Cli.Reporting.Charts.Width}x300", dom);
        var page = Chromium(chromium, Path.Combine(report, "index.html"));
        Assert.Equal(6, System.Text.RegularExpressions.Regex.Matches(page, "<img ").Count);
        Assert.Contains("2000–2499", page);
        Assert.True(root.GetProperty("dataset_drift").GetBoolean() ? page.Contains("Data set drift: YES") : page.Contains("Data set drift: no"));
    }

    /// <summary>The DOM Chromium builds from a local page (headless, scripts run for up to 5 s of virtual time).</summary>
    private static string Chromium(string chromium, string page)
    {
        var start = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // A container (CI) may have a small /dev/shm and no writable home: shared memory in /tmp and a profile of its own.
        string profile = Directory.CreateTempSubdirectory("kullback-chromium-").FullName;
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-breakpad",
                     $"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom", new Uri(page).AbsoluteUri })
            start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        string dom = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "chromium did not finish in 120 s");
        Assert.True(p.ExitCode == 0, $"chromium exit {p.ExitCode}: {err.Result}");
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return dom;
    }
}

/// <summary>The drift CSV reader calls csFastFloat on the cell directly: it must read every cell as Sep's <c>TryParse&lt;double&gt;</c> does.</summary>
public sealed class DriftNumberParsingTests
{
    [Fact]
    public void CellsParseExactlyAsSepParsesThem()
    {
        string[] cells =
        [
            "0", "-0", "+1", "1.5", "-1.2377763455675042", ".5", "5.", "1e5", "1E+05", "1e-400", "4.9e-324", "2.4703282292062328e-324",
            "1.7976931348623157e308", "1.7976931348623159e308", "1e309", "inf", "-inf", "Infinity", "-Infinity", "+infinity", "nan", "NaN",
            "-nan", " 1.5", "1.5 ", " ", "1,5", "0x10", "1_000", "--1", "1e", "e5", "1d", "1.5f", "∞", "١", "00012", "1..2", "1e5.5",
            "9007199254740993", "0.1000000000000000055511151231257827", "123456789012345678901234567890", "abc", "NA", "true",
            "1,000.5", ",5", "1,", "1, ", "1.5\t", "1 2", "1e5 ", " 1e5 x", "1,,2", "1,2,3", "-1,234.5e3", "\u00a01", "1\u00a0", "1.0e", "-", "+", ".", "1e+",
        ];
        string csv = "x\n" + string.Concat(cells.Select(c => $"\"{c}\"\n"));
        using var reader = Sep.Reader(o => o with { HasHeader = true, Unescape = true }).From(new StringReader(csv));
        int i = 0;
        foreach (var row in reader)
        {
            var cell = row[0];
            Assert.Equal(cells[i], cell.ToString());
            double? sep = cell.TryParse<double>();
            bool ours = Kullback.Cli.Common.CsvNumber.TryParse(cell, cell.Span, out double v);
            Assert.True(sep.HasValue == ours, $"'{cells[i]}': Sep {sep}, ours {ours}");
            if (ours) Assert.Equal(BitConverter.DoubleToInt64Bits(sep!.Value) , BitConverter.DoubleToInt64Bits(v));
            i++;
        }
        Assert.Equal(cells.Length, i);
    }
}
