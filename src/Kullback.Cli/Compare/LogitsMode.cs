using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Estimation;
using Kullback.Learning.Data;

namespace Kullback.Cli.Compare;

/// <summary><c>kullback compare --logits A.npy B.npy [--tokens T.npy]</c>: per-token D(softmax(A)‖softmax(B)) summarised.</summary>
internal static class LogitsMode
{
    /// <summary>Opens and validates the files (before any work), runs the comparison and writes a table or one JSON object.</summary>
    /// <exception cref="InvalidDataException">Unknown dtype, shape mismatch, truncated file, bad token, bad row.</exception>
    public static int Run(string pathA, string pathB, string? pathTokens, int threads, bool json, TextWriter output)
    {
        using var a = NpyFile.Open(pathA);
        using var b = NpyFile.Open(pathB);
        CheckLogits(a, "A");
        CheckLogits(b, "B");
        if (a.RowCount != b.RowCount || a.Columns != b.Columns)
            throw new InvalidDataException($"shapes differ: A {pathA} is {a.ShapeText}, B {pathB} is {b.ShapeText}; both must be tokens × vocab");
        if (a.RowCount == 0) throw new InvalidDataException($"{pathA}: no rows to compare");
        if (a.RowCount > int.MaxValue) throw new InvalidDataException($"{pathA}: {a.RowCount} rows are more than this tool handles");
        int rows = (int)a.RowCount, cols = (int)a.Columns;
        long[]? tokens = pathTokens is null ? null : ReadTokens(pathTokens, rows, cols);
        LogitSummary s;
        try
        {
            s = CompareProgress.Run(output, json, "tokens", rows,
                step => LogitComparison.Compare(rows, cols, Source(a), Source(b), tokens, threads, n => step(n)));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        if (json) WriteJson(s, a, b, output);
        else WriteTable(s, a, b, output);
        return ExitCodes.Success;
    }

    private static LogitRowSource Source(NpyFile file) => file.DType == NpyDType.Float32
        ? (first, count, _) => file.Rows<float>(first, count)
        : (first, count, buffer) =>
        {
            var dst = buffer[..(count * (int)file.Columns)];
            file.CopyRows(first, count, dst);
            return dst;
        };

    private static void CheckLogits(NpyFile file, string which)
    {
        if (file.DType is not (NpyDType.Float32 or NpyDType.Float16))
            throw new InvalidDataException($"{file.FilePath}: logits {which} are {NpyDTypes.Code(file.DType)}; float32 (f4) or float16 (f2) are needed");
        if (file.Shape.Length != 2)
            throw new InvalidDataException($"{file.FilePath}: logits {which} have shape {file.ShapeText}; tokens × vocab (2 dimensions) is needed");
        if (file.Columns < 1) throw new InvalidDataException($"{file.FilePath}: logits {which} have an empty vocabulary");
    }

    private static long[] ReadTokens(string path, int rows, int vocab)
    {
        using var t = NpyFile.Open(path);
        if (t.DType is not (NpyDType.Int32 or NpyDType.Int64))
            throw new InvalidDataException($"{path}: tokens are {NpyDTypes.Code(t.DType)}; int32 (i4) or int64 (i8) are needed");
        if (t.RowCount != rows || t.Columns != 1 || t.Shape.Length > 2)
            throw new InvalidDataException($"{path}: tokens have shape {t.ShapeText}; one per row, ({rows},), is needed");
        var tokens = new long[rows];
        t.CopyRows(0, rows, tokens);
        for (int i = 0; i < rows; i++)
            if (tokens[i] < 0 || tokens[i] >= vocab)
                throw new InvalidDataException($"{path}: token[{i}] = {tokens[i]} is outside the vocabulary [0, {vocab})");
        return tokens;
    }

    private static void WriteJson(LogitSummary s, NpyFile a, NpyFile b, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOut.LineOptions))
        {
            w.WriteStartObject();
            w.WriteString("method", "logits");
            w.WriteString("direction", "D(A||B)");
            w.WriteString("unit", "nats");
            w.WriteString("dtype_a", NpyDTypes.Code(a.DType));
            w.WriteString("dtype_b", NpyDTypes.Code(b.DType));
            w.WriteNumber("vocab", a.Columns);
            w.WriteNumber("tokens", s.Tokens);
            JsonOut.WriteNumber(w, "kl_mean", s.KlMean);
            JsonOut.WriteNumber(w, "kl_mean_stderr", s.KlMeanStderr);
            JsonOut.WriteNumber(w, "kl_median", s.KlMedian);
            JsonOut.WriteNumber(w, "kl_min", s.KlMin);
            JsonOut.WriteNumber(w, "kl_max", s.KlMax);
            foreach (var (name, _, value) in s.Percentiles) JsonOut.WriteNumber(w, name, value);
            JsonOut.WriteNumber(w, "top1_agreement", s.Top1Agreement);
            var r = s.Report;
            JsonOut.WriteNumber(w, "kl_reverse_mean", r.KlReverseMean);
            JsonOut.WriteNumber(w, "js_mean", r.JsMean);
            JsonOut.WriteNumber(w, "top5_overlap", r.Top5Overlap);
            JsonOut.WriteNumber(w, "top10_overlap", r.Top10Overlap);
            JsonOut.WriteNumber(w, "same_sampled_p", r.SameSampledP);
            w.WriteStartArray("kl_mean_ci95");
            JsonOut.WriteNumberValue(w, r.KlMeanCi95Low);
            JsonOut.WriteNumberValue(w, r.KlMeanCi95High);
            w.WriteEndArray();
            w.WriteStartArray("kl_by_confidence");
            foreach (var bucket in r.KlByConfidence)
            {
                w.WriteStartObject();
                w.WriteNumber("lo", bucket.Lo);
                w.WriteNumber("hi", bucket.Hi);
                w.WriteNumber("rows", bucket.Rows);
                if (bucket.Rows == 0) w.WriteNull("kl_mean");
                else JsonOut.WriteNumber(w, "kl_mean", bucket.KlMean);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (s.Token is { } t)
            {
                JsonOut.WriteNumber(w, "ppl_a", t.PplA);
                JsonOut.WriteNumber(w, "ppl_b", t.PplB);
                JsonOut.WriteNumber(w, "delta_p_mean", t.DeltaPMean);
                JsonOut.WriteNumber(w, "delta_p_rms", t.DeltaPRms);
                JsonOut.WriteNumber(w, "delta_p_median", t.DeltaPMedian);
                JsonOut.WriteNumber(w, "delta_p_min", t.DeltaPMin);
                JsonOut.WriteNumber(w, "delta_p_max", t.DeltaPMax);
                foreach (var (name, _, value) in t.DeltaPPercentiles) JsonOut.WriteNumber(w, name, value);
            }
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteTable(LogitSummary s, NpyFile a, NpyFile b, TextWriter output)
    {
        output.WriteLine($"D(A‖B) per token, A = {a.FilePath} ({NpyDTypes.Code(a.DType)}), B = {b.FilePath} ({NpyDTypes.Code(b.DType)}), {s.Tokens} tokens × {a.Columns} vocab, nats");
        void Row(string name, string value) => output.WriteLine($"  {name,-16} {value}");
        string F(double v) => v.ToString("G8", System.Globalization.CultureInfo.InvariantCulture);
        Row("KL mean", $"{F(s.KlMean)} ± {F(s.KlMeanStderr)}");
        Row("KL median", F(s.KlMedian));
        Row("KL min", F(s.KlMin));
        Row("KL max", F(s.KlMax));
        foreach (var (_, percent, value) in s.Percentiles)
            Row($"KL {percent.ToString(System.Globalization.CultureInfo.InvariantCulture)}%", F(value));
        Row("top-1 agreement", $"{F(100 * s.Top1Agreement)} %");
        var r = s.Report;
        Row("KL mean 95% CI", $"[{F(r.KlMeanCi95Low)}, {F(r.KlMeanCi95High)}]");
        Row("D(B‖A) mean", F(r.KlReverseMean));
        Row("JS mean", F(r.JsMean));
        Row("top-5 overlap", $"{F(100 * r.Top5Overlap)} %");
        Row("top-10 overlap", $"{F(100 * r.Top10Overlap)} %");
        Row("same sampled", $"{F(100 * r.SameSampledP)} %");
        output.WriteLine("  KL by confidence of A (max p_A):");
        foreach (var bucket in r.KlByConfidence)
            if (bucket.Rows > 0) output.WriteLine($"    [{bucket.Lo.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}, {bucket.Hi.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}{(bucket.Hi == 1 ? "]" : ")")}  {bucket.Rows,8} rows  KL mean {F(bucket.KlMean)}");
        if (s.Token is { } t)
        {
            Row("PPL(A)", F(t.PplA));
            Row("PPL(B)", F(t.PplB));
            Row("Δp mean", F(t.DeltaPMean));
            Row("Δp RMS", F(t.DeltaPRms));
            Row("Δp median", F(t.DeltaPMedian));
            Row("Δp min", F(t.DeltaPMin));
            Row("Δp max", F(t.DeltaPMax));
            foreach (var (_, percent, value) in t.DeltaPPercentiles)
                Row($"Δp {percent.ToString(System.Globalization.CultureInfo.InvariantCulture)}%", F(value));
        }
    }
}
