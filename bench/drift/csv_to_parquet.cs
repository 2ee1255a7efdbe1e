#:package Parquet.Net
#:package Sep
// The Parquet twin of make_drift_bench.py's CSV tables (pyarrow is not installed here), for the Parquet timing:
//   dotnet run bench/drift/csv_to_parquet.cs -- /tmp/drift_ref.csv /tmp/drift_ref.parquet
// Columns num* → double, int* → int64, cat* → string (the types pandas.read_csv gives them); all required (no nulls);
// row groups of 131,072 rows, Snappy compression (Parquet.Net's default).
using System.Globalization;
using nietras.SeparatedValues;
using Parquet;
using Parquet.Schema;

string input = args[0], output = args[1];
const int GroupRows = 131_072;
using var reader = Sep.Reader(o => o with { HasHeader = true }).FromFile(input);
var names = reader.Header.ColNames.ToArray();
var fields = names.Select(n => n.StartsWith("num") ? new DataField<double>(n) : n.StartsWith("int") ? new DataField<long>(n) : (DataField)new DataField<string>(n)).ToArray();
var schema = new ParquetSchema(fields);
using var stream = File.Create(output);
await using var writer = await ParquetWriter.CreateAsync(schema, stream);
var doubles = names.Select(_ => new double[GroupRows]).ToArray();
var longs = names.Select(_ => new long[GroupRows]).ToArray();
var texts = names.Select(_ => new string[GroupRows]).ToArray();
int n = 0;
long total = 0;
async Task Flush()
{
    if (n == 0) return;
    using var group = writer.CreateRowGroup();
    for (int c = 0; c < names.Length; c++)
    {
        if (fields[c].ClrType == typeof(double)) await group.WriteAsync<double>(fields[c], doubles[c].AsMemory(0, n));
        else if (fields[c].ClrType == typeof(long)) await group.WriteAsync<long>(fields[c], longs[c].AsMemory(0, n));
        else await group.WriteAsync(fields[c], texts[c][..n]);
    }
    total += n;
    n = 0;
}
foreach (var row in reader)
{
    for (int c = 0; c < names.Length; c++)
    {
        var cell = row[c];
        if (fields[c].ClrType == typeof(double)) doubles[c][n] = cell.Parse<double>();
        else if (fields[c].ClrType == typeof(long)) longs[c][n] = long.Parse(cell.Span, CultureInfo.InvariantCulture);
        else texts[c][n] = cell.ToString();
    }
    if (++n == GroupRows) await Flush();
}
await Flush();
Console.WriteLine($"{output}: {total} rows, {names.Length} columns");
