using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Estimation;
using Kullback.Data;

namespace Kullback.Cli.Compare;

/// <summary><c>kullback compare --logits A B [--tokens T.npy]</c> (NPY, safetensors or llama.cpp base files) and <c>compare --onnx</c>: per-token D(softmax(A)‖softmax(B)) summarised.</summary>
internal static class LogitsMode
{
    /// <summary>Opens and validates the files (before any work), runs the comparison and writes a table or one JSON object.</summary>
    /// <exception cref="InvalidDataException">Unknown format or dtype, shape mismatch, truncated file, bad token, bad row.</exception>
    public static int Run(string pathA, string pathB, string? pathTokens, string? tensor, int threads, bool json, TextWriter output)
    {
        using var a = LogitInput.Open(pathA, tensor);
        using var b = LogitInput.Open(pathB, tensor);
        return Run(a, b, pathTokens, threads, json, output);
    }

    /// <summary>Compares two opened inputs, A the reference; tokens come from <paramref name="pathTokens"/> or from the files that store them.</summary>
    public static int Run(LogitInput a, LogitInput b, string? pathTokens, int threads, bool json, TextWriter output)
    {
        if (a.Rows != b.Rows || a.Columns != b.Columns)
            throw new InvalidDataException($"shapes differ: A {a.Name} is {a.ShapeText}, B {b.Name} is {b.ShapeText}; both must be tokens × vocab");
        if (a.Rows == 0) throw new InvalidDataException($"{a.Name}: no rows to compare");
        if (a.Rows > int.MaxValue) throw new InvalidDataException($"{a.Name}: {a.Rows} rows are more than this tool handles");
        int rows = (int)a.Rows, cols = (int)a.Columns;
        long[]? tokens = pathTokens is null ? null : ReadTokens(pathTokens, rows, cols);
        if (a.Tokens is not null && b.Tokens is not null)
            for (int i = 0; i < rows; i++)
                if (a.Tokens[i] != b.Tokens[i])
                    throw new InvalidDataException($"the files score different texts: token of row {i} is {a.Tokens[i]} in A {a.Name}, {b.Tokens[i]} in B {b.Name}");
        var stored = a.Tokens ?? b.Tokens;
        if (tokens is not null && stored is not null && !tokens.AsSpan().SequenceEqual(stored))
            throw new InvalidDataException($"--tokens {pathTokens} differ from the tokens stored in {(a.Tokens is not null ? a.Name : b.Name)}");
        tokens ??= stored;
        LogitSummary s;
        try
        {
            s = CompareProgress.Run(output, json, "tokens", rows,
                step => LogitComparison.Compare(rows, cols, a.Source, b.Source, tokens, threads, n => step(n)));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        catch (AggregateException e) when (e.InnerExceptions[0] is InvalidDataException first)
        {
            // A source failed inside a worker (a corrupt row of a file, ONNX Runtime rejecting a chunk).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
            throw;
        }
        if (json) WriteJson(s, a, b, output);
        else WriteTable(s, a, b, output);
        return ExitCodes.Success;
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

    private static void WriteJson(LogitSummary s, LogitInput a, LogitInput b, TextWriter output)
    {
        output.WriteLine(JsonOut.Object(w =>
        {
            w.WriteString("method", "logits");
            w.WriteString("direction", "D(A||B)");
            w.WriteString("unit", "nats");
            w.WriteString("dtype_a", a.DType);
            w.WriteString("dtype_b", b.DType);
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
        }));
    }

    private static void WriteTable(LogitSummary s, LogitInput a, LogitInput b, TextWriter output)
    {
        output.WriteLine($"D(A‖B) per token, A = {a.Name} ({a.DType}), B = {b.Name} ({b.DType}), {s.Tokens} tokens × {a.Columns} vocab, nats");
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
