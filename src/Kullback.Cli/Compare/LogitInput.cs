using Kullback.Estimation;
using Kullback.Data;

namespace Kullback.Cli.Compare;

/// <summary>
/// One side of <c>compare --logits</c> / <c>--onnx</c>: a tokens × vocab matrix of logits read row chunk by row chunk
/// through <see cref="Source"/>, whatever holds it (an NPY or safetensors file, a llama.cpp KL-divergence base file,
/// an ONNX model run over data), with the observed tokens when the file stores them.
/// </summary>
internal sealed class LogitInput(string name, string dtype, long rows, long columns, LogitRowSource source, IDisposable? owner, long[]? tokens = null) : IDisposable
{
    /// <summary>The file (or model) named in messages and reports.</summary>
    public string Name { get; } = name;

    /// <summary>The stored element type, as the JSON report names it (f4, f2, bf16, u16-logprob, onnx-f4).</summary>
    public string DType { get; } = dtype;

    /// <summary>Rows (tokens).</summary>
    public long Rows { get; } = rows;

    /// <summary>Columns (vocabulary).</summary>
    public long Columns { get; } = columns;

    /// <summary>Supplies rows as float32 logits.</summary>
    public LogitRowSource Source { get; } = source;

    /// <summary>The observed token of each row when the file stores them (llama.cpp base files), else null.</summary>
    public long[]? Tokens { get; } = tokens;

    /// <summary>Text of the shape, e.g. (4096, 32000).</summary>
    public string ShapeText => $"({Rows}, {Columns})";

    /// <summary>Opens a logits file by its content: NPY ("\x93NUMPY"), llama.cpp base file ("_logits_"), else safetensors.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">An unknown format, a bad header or dtype, a truncated file.</exception>
    public static LogitInput Open(string path, string? tensor)
    {
        if (Directory.Exists(path)) throw new FileNotFoundException($"{path}: is a directory, not a logits file", path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: logits file not found", path);
        Span<byte> magic = stackalloc byte[8];
        int got;
        using (var f = File.OpenRead(path)) got = f.ReadAtLeast(magic, 8, throwOnEndOfStream: false);
        magic = magic[..got];
        if (got >= 6 && magic[0] == 0x93 && magic[1..6].SequenceEqual("NUMPY"u8))
        {
            if (tensor is not null) throw new Kullback.Cli.Common.UsageException($"--tensor {tensor}: {path} is an NPY file, which holds one array; --tensor names a tensor of a safetensors file");
            return Npy(path);
        }
        if (magic.SequenceEqual(LlamaKlBaseFile.Magic))
        {
            if (tensor is not null) throw new Kullback.Cli.Common.UsageException($"--tensor {tensor}: {path}: --tensor names a tensor of a safetensors file; a llama.cpp base file holds one matrix");
            var llama = LlamaKlBaseFile.Open(path);
            return new LogitInput(path, "u16-logprob", llama.RowCount, llama.Vocab, (first, count, buffer) =>
            {
                var dst = buffer[..(count * llama.Vocab)];
                llama.CopyLogProbabilities(first, count, dst);
                return dst;
            }, llama, llama.Tokens);
        }
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || got == 8 && magic[7] == 0 && magic[6] == 0)
        {
            var st = SafetensorsFile.Open(path, tensor);
            int cols = (int)st.Columns;
            return new LogitInput(path, st.DTypeName, st.RowCount, st.Columns, st.DType == SafetensorsDType.F32
                ? (first, count, _) => st.Rows(first, count)
                : (first, count, buffer) =>
                {
                    var dst = buffer[..(count * cols)];
                    st.CopyRows(first, count, dst);
                    return dst;
                }, st);
        }
        throw new InvalidDataException($"{path}: not a logits file this tool reads (NPY, safetensors, or a llama.cpp --kl-divergence-base file)");
    }

    private static LogitInput Npy(string path)
    {
        var file = NpyFile.Open(path);
        try
        {
            if (file.DType is not (NpyDType.Float32 or NpyDType.Float16))
                throw new InvalidDataException($"{file.FilePath}: logits are {NpyDTypes.Code(file.DType)}; float32 (f4) or float16 (f2) are needed");
            if (file.Shape.Length != 2)
                throw new InvalidDataException($"{file.FilePath}: logits have shape {file.ShapeText}; tokens × vocab (2 dimensions) is needed");
            if (file.Columns < 1) throw new InvalidDataException($"{file.FilePath}: logits have an empty vocabulary");
        }
        catch
        {
            file.Dispose();
            throw;
        }
        LogitRowSource source = file.DType == NpyDType.Float32
            ? (first, count, _) => file.Rows<float>(first, count)
            : (first, count, buffer) =>
            {
                var dst = buffer[..(count * (int)file.Columns)];
                file.CopyRows(first, count, dst);
                return dst;
            };
        return new LogitInput(path, NpyDTypes.Code(file.DType), file.RowCount, file.Columns, source, file);
    }

    /// <summary>Closes the file (or model) behind the rows.</summary>
    public void Dispose() => owner?.Dispose();
}
