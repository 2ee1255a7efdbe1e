using System.Globalization;
using System.Text;
using Kullback.Cli.Drift;
using Kullback.Tests.Support;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Drift;

/// <summary>
/// A sketched baseline streams its large numeric columns into their sketches (<see cref="DriftTable.ReadSketched"/>)
/// instead of reading the whole reference first: the file written is byte for byte the one the in-memory build
/// (<see cref="DriftTable.Read"/> then <see cref="DriftTable.SketchColumnsAbove"/>) writes, for CSV, NPY and Parquet,
/// and the one kullback wrote before streaming (a fixture).
/// </summary>
public sealed class DriftStreamedBaselineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drift-stream").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string Table(string name) => TestPaths.Fixture($"Drift/tables/{name}");

    private byte[] InMemory(string path, long above, int k, string[]? select = null)
    {
        var table = DriftTable.Read(path, select);
        table.SketchColumnsAbove(above, k);
        string file = Path.Combine(_dir, "memory.kdb");
        table.SaveBaseline(file);
        return File.ReadAllBytes(file);
    }

    private byte[] Streamed(string path, long above, int k, string[]? select = null)
    {
        var table = DriftTable.ReadSketched(path, select, above, k);
        Assert.All(table.Columns, c => Assert.True(c.Sketch is null || c.Count == 0 && c.Numbers.Length == 0, $"{c.Name} kept its numbers"));
        string file = Path.Combine(_dir, "streamed.kdb");
        table.SaveBaseline(file);
        return File.ReadAllBytes(file);
    }

    /// <summary>
    /// 150,000 rows (several 65,536-number spills): a wide column, one of 3 values (its exact counts kept), one with
    /// missing and NaN cells, integers, one with exactly <paramref name="above"/> numbers (stays exact) and one with one
    /// more (a sketch), a column of numbers whose text cell comes after the threshold (text: its sketch is dropped), text.
    /// </summary>
    private string WriteCsv(int rows, long above)
    {
        var rng = new Random(5);
        var sb = new StringBuilder("wide,three,gaps,ints,at_threshold,past_threshold,late_text,colour\n");
        for (int i = 0; i < rows; i++)
        {
            double u = rng.NextDouble();
            string gaps = u < 0.05 ? "" : u < 0.08 ? "NaN" : (rng.NextDouble() * 10).ToString("R", CultureInfo.InvariantCulture);
            string at = i < above ? (rng.NextDouble() - 0.5).ToString("R", CultureInfo.InvariantCulture) : "";
            string past = i <= above ? (rng.NextDouble() * 3).ToString("R", CultureInfo.InvariantCulture) : "NA";
            string late = i == rows - 10 ? "oops" : rng.Next(0, 1000).ToString(CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture,
                $"{rng.NextDouble() * 1e6 - 5e5:R},{rng.Next(1, 4)},{gaps},{rng.Next(-50, 50)},{at},{past},{late},{(rng.Next(3) switch { 0 => "red", 1 => "green", _ => "blue" })}\n");
        }
        string path = Path.Combine(_dir, "wide.csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Theory]
    [InlineData(150_000, 100_000, 64)]
    [InlineData(150_000, 1_000, 8192)]
    [InlineData(3_000, 1, 16)]
    public void StreamedCsvBaselineIsTheInMemoryOneByteForByte(int rows, long above, int k)
    {
        string csv = WriteCsv(rows, above);
        var memory = InMemory(csv, above, k);
        Assert.Equal(memory, Streamed(csv, above, k));
        // The sketches are really there (format 2), and a column selection streams too.
        Assert.Equal(2, BitConverter.ToInt32(memory, "KULLBACK-DRIFT-BASELINE\n".Length));
        string[] some = ["late_text", "three", "wide"];
        Assert.Equal(InMemory(csv, above, k, some), Streamed(csv, above, k, some));
        var sketched = DriftTable.ReadSketched(csv, null, above, k).Columns.ToDictionary(c => c.Name);
        Assert.NotNull(sketched["wide"].Sketch);
        Assert.Equal(3, sketched["three"].SmallCounts!.Count);
        Assert.NotNull(sketched["past_threshold"].Sketch);
        Assert.Null(sketched["at_threshold"].Sketch); // exactly `above` numbers: exact
        Assert.False(sketched["late_text"].IsNumeric);
    }

    [Fact]
    public void StreamedNpyAndParquetBaselinesAreTheInMemoryOnesByteForByte()
    {
        Assert.Equal(InMemory(Table("npy_reference.npy"), 100, 32), Streamed(Table("npy_reference.npy"), 100, 32));
        var t = DriftParquetTests.Generate(20_000, 3, 0, false);
        string parquet = Path.Combine(_dir, "t.parquet");
        DriftParquetTests.WriteParquetOrSkip(parquet, t, 3_001); // 7 row groups, the last short
        foreach (long above in new long[] { 1, 5_000, 19_000 })
            Assert.Equal(InMemory(parquet, above, 64), Streamed(parquet, above, 64));
    }

    [Fact]
    public void SketchedBaselineBytesAreThoseKullbackWroteBeforeStreaming()
    {
        // Written by kullback at commit d6146a2 (in-memory sketching), identical at every ISA level there:
        // `kullback drift baseline large_reference.csv --out … --sketch-above 100 --sketch-k 256`.
        var before = File.ReadAllBytes(TestPaths.Fixture("Drift/large_reference.sketch100k256.kdb"));
        string now = Path.Combine(_dir, "now.kdb");
        var r = Run("drift", "baseline", Table("large_reference.csv"), "--out", now, "--sketch-above", "100", "--sketch-k", "256");
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal(before, File.ReadAllBytes(now));
    }
}
