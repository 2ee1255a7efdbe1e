using System.Globalization;
using System.Text;
using System.Text.Json;
using Kullback.Cli.Common;
using ParquetSharp;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli.Drift;

/// <summary>
/// Parquet input of <c>kullback drift</c>: the same table written as CSV and as Parquet (by ParquetSharp, i.e. Apache
/// Arrow C++, an implementation independent of the Parquet.Net reader under test) gives the same JSON.
/// </summary>
public class DriftParquetTests
{
    /// <summary>One generated table: every column kind the Parquet reader supports, with nulls and NaN.</summary>
    internal sealed record Table(int[] Small, long[] Wide, double?[] Real, int?[] NullableSmall, float[] Single, string?[] Colour);

    internal static Table Generate(int rows, int seed, double shift, bool newCategory)
    {
        var rng = new Random(seed);
        string[] colours = newCategory ? ["red", "green", "blue", "violet"] : ["red", "green", "blue"];
        var t = new Table(new int[rows], new long[rows], new double?[rows], new int?[rows], new float[rows], new string?[rows]);
        for (int i = 0; i < rows; i++)
        {
            t.Small[i] = rng.Next(1, 4) + (shift > 0 && rng.NextDouble() < 0.2 ? 1 : 0);
            t.Wide[i] = rng.NextInt64(-1_000_000, 1_000_000) + (long)(shift * 100_000);
            double u = rng.NextDouble();
            t.Real[i] = u < 0.05 ? null : u < 0.08 ? double.NaN : rng.NextDouble() * 10 + shift;
            t.NullableSmall[i] = rng.NextDouble() < 0.1 ? null : rng.Next(0, 2);
            t.Single[i] = (float)(rng.NextDouble() * (1 + shift));
            t.Colour[i] = rng.NextDouble() < 0.07 ? null : colours[rng.Next(colours.Length)];
        }
        return t;
    }

    private static string R(double v) => double.IsNaN(v) ? "NaN" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The CSV twin: nulls as empty cells, NaN as "NaN", floats as the exact double they widen to.</summary>
    internal static void WriteCsv(string path, Table t)
    {
        var sb = new StringBuilder("small,wide,real,nullable_small,single,colour\n");
        for (int i = 0; i < t.Small.Length; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{t.Small[i]},{t.Wide[i]},{(t.Real[i] is double d ? R(d) : "")},{t.NullableSmall[i]?.ToString(CultureInfo.InvariantCulture) ?? ""},{R(t.Single[i])},{t.Colour[i] ?? ""}\n");
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>Writes with ParquetSharp in row groups of <paramref name="groupRows"/> rows (several row groups are read).</summary>
    private static void WriteParquet(string path, Table t, int groupRows)
    {
        var columns = new Column[]
        {
            new Column<int>("small"), new Column<long>("wide"), new Column<double?>("real"),
            new Column<int?>("nullable_small"), new Column<float>("single"), new Column<string>("colour"),
        };
        using var file = new ParquetFileWriter(path, columns);
        for (int first = 0; first < t.Small.Length; first += groupRows)
        {
            int n = Math.Min(groupRows, t.Small.Length - first);
            using var group = file.AppendRowGroup();
            using (var w = group.NextColumn().LogicalWriter<int>()) w.WriteBatch(t.Small.AsSpan(first, n));
            using (var w = group.NextColumn().LogicalWriter<long>()) w.WriteBatch(t.Wide.AsSpan(first, n));
            using (var w = group.NextColumn().LogicalWriter<double?>()) w.WriteBatch(t.Real.AsSpan(first, n));
            using (var w = group.NextColumn().LogicalWriter<int?>()) w.WriteBatch(t.NullableSmall.AsSpan(first, n));
            using (var w = group.NextColumn().LogicalWriter<float>()) w.WriteBatch(t.Single.AsSpan(first, n));
            using (var w = group.NextColumn().LogicalWriter<string?>()) w.WriteBatch(t.Colour.AsSpan(first, n));
        }
        file.Close();
    }

    /// <summary>Skips visibly where ParquetSharp's native Arrow library cannot load (e.g. an emulated platform).</summary>
    internal static void WriteParquetOrSkip(string path, Table t, int groupRows)
    {
        try
        {
            WriteParquet(path, t, groupRows);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException)
        {
            Assert.Skip($"ParquetSharp's native library (the independent test writer) does not load here: {e.GetType().Name}: {e.Message}");
        }
    }

    [Theory]
    [InlineData(400, 300, 250)]   // reference ≤ 1,000 rows: KS / Z / χ²
    [InlineData(1500, 1200, 700)] // reference > 1,000 rows: Wasserstein/σ and JS distance
    public void ParquetGivesTheSameJsonAsTheSameTableAsCsv(int refRows, int curRows, int groupRows)
    {
        string dir = Directory.CreateTempSubdirectory("drift-parquet").FullName;
        try
        {
            var reference = Generate(refRows, 1, 0, false);
            var current = Generate(curRows, 2, 0.5, true);
            string rc = Path.Combine(dir, "ref.csv"), cc = Path.Combine(dir, "cur.csv");
            string rp = Path.Combine(dir, "ref.parquet"), cp = Path.Combine(dir, "cur.parquet");
            WriteCsv(rc, reference);
            WriteCsv(cc, current);
            WriteParquetOrSkip(rp, reference, groupRows);
            WriteParquetOrSkip(cp, current, groupRows);

            var csv = Run("drift", rc, cc, "--json");
            var parquet = Run("drift", rp, cp, "--json");
            Assert.True(csv.Code is 0 or 3 && parquet.Code == csv.Code, $"csv {csv.Code}: {csv.Err} parquet {parquet.Code}: {parquet.Err}");
            Assert.Equal(csv.Out, parquet.Out);

            // The comparison is not vacuous: every column kind is present, with the missing cells counted.
            var cols = JsonDocument.Parse(parquet.Out).RootElement.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
            Assert.Equal(6, cols.Count);
            Assert.Equal("categorical", cols["small"].GetProperty("type").GetString());
            Assert.Equal("numeric", cols["wide"].GetProperty("type").GetString());
            Assert.Equal("categorical", cols["colour"].GetProperty("type").GetString());
            Assert.Equal(reference.Real.Count(v => v is null || double.IsNaN(v.Value)), cols["real"].GetProperty("missing_reference").GetInt64());
            Assert.Equal(current.Colour.Count(v => v is null), cols["colour"].GetProperty("missing_current").GetInt64());
            Assert.Equal(refRows, JsonDocument.Parse(parquet.Out).RootElement.GetProperty("rows_reference").GetInt64());

            // Mixed inputs agree too: Parquet reference, CSV current.
            Assert.Equal(csv.Out, Run("drift", rp, cc, "--json").Out);

            // A baseline frozen from the Parquet reference prints the same as the raw comparison.
            string baseline = Path.Combine(dir, "ref.kdb");
            Assert.Equal(0, Run("drift", "baseline", rp, "--out", baseline).Code);
            Assert.Equal(csv.Out, Run("drift", "--baseline", baseline, cp, "--json").Out);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void BadParquetInputsGiveClearErrors()
    {
        string dir = Directory.CreateTempSubdirectory("drift-parquet").FullName;
        try
        {
            var t = Generate(50, 3, 0, false);
            string good = Path.Combine(dir, "good.parquet");
            WriteParquetOrSkip(good, t, 50);

            string notParquet = Path.Combine(dir, "text.parquet");
            File.WriteAllText(notParquet, "small,wide\n1,2\n3,4\n");
            var r = Run("drift", notParquet, good);
            Assert.Equal(1, r.Code);
            Assert.Contains("text.parquet: not a Parquet file", r.Err);
            Assert.DoesNotContain("   at ", r.Err);

            string truncated = Path.Combine(dir, "truncated.parquet");
            var bytes = File.ReadAllBytes(good);
            File.WriteAllBytes(truncated, [.. bytes.AsSpan(0, 40), .. bytes.AsSpan(bytes.Length - 4)]); // PAR1 at both ends, body gone
            r = Run("drift", good, truncated);
            Assert.Equal(1, r.Code);
            Assert.Contains("truncated.parquet: corrupt or unreadable Parquet file", r.Err);
            Assert.DoesNotContain("   at ", r.Err);

            string withBool = Path.Combine(dir, "bool.parquet");
            using (var file = new ParquetFileWriter(withBool, new Column[] { new Column<int>("small"), new Column<bool>("flag") }))
            {
                using var group = file.AppendRowGroup();
                using (var w = group.NextColumn().LogicalWriter<int>()) w.WriteBatch([1, 2, 3]);
                using (var w = group.NextColumn().LogicalWriter<bool>()) w.WriteBatch([true, false, true]);
                file.Close();
            }
            r = Run("drift", withBool, withBool);
            Assert.Equal(1, r.Code);
            Assert.Contains("column 'flag' has Parquet type Boolean", r.Err);
            // Selecting only supported columns reads the file.
            Assert.Equal(0, Run("drift", withBool, withBool, "--columns", "small", "--json").Code);

            r = Run("drift", Path.Combine(dir, "absent.parquet"), good);
            Assert.Equal(2, r.Code); // a missing input file is a mistake in the command line
            Assert.Contains("absent.parquet: no such file", r.Err);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
