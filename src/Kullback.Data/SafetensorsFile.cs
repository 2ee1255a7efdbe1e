using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Text.Json;

namespace Kullback.Data;

/// <summary>The element types of a safetensors tensor that hold logits.</summary>
public enum SafetensorsDType
{
    /// <summary>IEEE float32 ("F32").</summary>
    F32,
    /// <summary>IEEE float16 ("F16").</summary>
    F16,
    /// <summary>bfloat16 ("BF16"): the upper 16 bits of a float32.</summary>
    BF16,
}

/// <summary>
/// One tensor of a safetensors file, memory-mapped read-only. The format: u64 little-endian N, then N bytes of UTF-8
/// JSON mapping each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the byte
/// buffer after the header; an optional "__metadata__" entry of strings), then the byte buffer, row-major and
/// little-endian. The tensor's last dimension is the row length (<see cref="Columns"/>, the vocabulary); all the
/// dimensions before it are flattened into rows, so [batch, sequence, vocab] logits read as batch·sequence rows.
/// </summary>
public sealed unsafe class SafetensorsFile : IDisposable
{
    /// <summary>The largest JSON header read (100 MB, the limit the safetensors format itself sets).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private readonly MappedView _view;
    private byte* _data => _view.Pointer;

    private SafetensorsFile(string path, string tensor, SafetensorsDType dtype, long[] shape, long dataStart, long byteCount)
    {
        FilePath = path;
        TensorName = tensor;
        DType = dtype;
        Shape = shape;
        Columns = shape[^1];
        long rows = 1;
        for (int i = 0; i < shape.Length - 1; i++) rows = checked(rows * shape[i]);
        RowCount = rows;
        _view = new MappedView(path, dataStart, byteCount);
    }

    /// <summary>The path the file was opened from.</summary>
    public string FilePath { get; }

    /// <summary>The tensor read.</summary>
    public string TensorName { get; }

    /// <summary>Element type.</summary>
    public SafetensorsDType DType { get; }

    /// <summary>The dtype as the header writes it: F32, F16 or BF16.</summary>
    public string DTypeName => DType.ToString();

    /// <summary>Dimensions, outermost first.</summary>
    public long[] Shape { get; }

    /// <summary>Rows: the product of every dimension but the last.</summary>
    public long RowCount { get; }

    /// <summary>Elements per row: the last dimension.</summary>
    public long Columns { get; }

    /// <summary>
    /// Opens <paramref name="path"/> and the tensor <paramref name="tensor"/> (or its only tensor when null) and checks
    /// the header against the file before any data is read.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a safetensors file, a bad or truncated header, no such tensor (or several
    /// and none named), a dtype other than F32/F16/BF16, fewer than 2 dimensions, or offsets that do not match the
    /// shape or run past the end of the file.</exception>
    public static SafetensorsFile Open(string path, string? tensor = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        long length = new FileInfo(path).Length;
        if (length < 8) throw new InvalidDataException($"{path}: {length} bytes; a safetensors file starts with an 8-byte header size");
        byte[] json;
        long headerSize;
        using (var stream = File.OpenRead(path))
        {
            Span<byte> size = stackalloc byte[8];
            stream.ReadExactly(size);
            headerSize = (long)BinaryPrimitives.ReadUInt64LittleEndian(size);
            if (headerSize < 2 || headerSize > MaxHeaderBytes)
                throw new InvalidDataException($"{path}: header size {headerSize} bytes: not a safetensors file (the header is 2 … {MaxHeaderBytes} bytes of JSON)");
            if (8 + headerSize > length)
                throw new InvalidDataException($"{path}: truncated safetensors file: the header claims {headerSize} bytes, the file has {length - 8} after the size");
            json = new byte[headerSize];
            stream.ReadExactly(json);
        }
        long bufferStart = 8 + headerSize, bufferLength = length - bufferStart;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the safetensors header is not valid JSON ({e.Message})", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}: the safetensors header is not a JSON object");
            var names = doc.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__").Select(p => p.Name).ToList();
            string list = string.Join(", ", names.Select(n => $"\"{n}\""));
            if (tensor is null)
            {
                if (names.Count == 0) throw new InvalidDataException($"{path}: the safetensors file holds no tensor");
                if (names.Count > 1) throw new InvalidDataException($"{path}: holds {names.Count} tensors ({list}); choose one with --tensor NAME");
                tensor = names[0];
            }
            else if (!names.Contains(tensor))
            {
                throw new InvalidDataException($"{path}: no tensor named \"{tensor}\"; the file holds {list}");
            }
            var entry = doc.RootElement.GetProperty(tensor);
            string where = $"{path}: tensor \"{tensor}\"";
            if (entry.ValueKind != JsonValueKind.Object
                || !entry.TryGetProperty("dtype", out var dtypeJson) || dtypeJson.ValueKind != JsonValueKind.String
                || !entry.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array
                || !entry.TryGetProperty("data_offsets", out var offsetsJson) || offsetsJson.ValueKind != JsonValueKind.Array || offsetsJson.GetArrayLength() != 2)
                throw new InvalidDataException($"{where}: the header entry needs \"dtype\", \"shape\" and \"data_offsets\": [begin, end]");
            string dtypeText = dtypeJson.GetString()!;
            var dtype = dtypeText switch
            {
                "F32" => SafetensorsDType.F32,
                "F16" => SafetensorsDType.F16,
                "BF16" => SafetensorsDType.BF16,
                _ => throw new InvalidDataException($"{where} is {dtypeText}; logits must be F32, F16 or BF16"),
            };
            var shape = new long[shapeJson.GetArrayLength()];
            int d = 0;
            foreach (var dim in shapeJson.EnumerateArray())
            {
                if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out shape[d]) || shape[d] < 0)
                    throw new InvalidDataException($"{where}: shape entry {d} is not a size ≥ 0");
                d++;
            }
            if (shape.Length < 2)
                throw new InvalidDataException($"{where} has shape [{string.Join(", ", shape)}]; logits need ≥ 2 dimensions (… × tokens × vocab)");
            long[] offsets = new long[2];
            int o = 0;
            foreach (var v in offsetsJson.EnumerateArray())
            {
                if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out offsets[o]) || offsets[o] < 0)
                    throw new InvalidDataException($"{where}: data_offsets[{o}] is not an offset ≥ 0");
                o++;
            }
            long elements = 1;
            try { foreach (long s in shape) elements = checked(elements * s); }
            catch (OverflowException) { throw new InvalidDataException($"{where}: shape [{string.Join(", ", shape)}] overflows"); }
            long need = elements * (dtype == SafetensorsDType.F32 ? 4 : 2);
            if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != need)
                throw new InvalidDataException($"{where}: data_offsets [{offsets[0]}, {offsets[1]}] hold {offsets[1] - offsets[0]} bytes; shape [{string.Join(", ", shape)}] of {dtypeText} needs {need}");
            if (offsets[1] > bufferLength)
                throw new InvalidDataException($"{where}: truncated safetensors file: the data ends at byte {offsets[1]} of the buffer, which has {bufferLength}");
            if (need == 0) throw new InvalidDataException($"{where} has shape [{string.Join(", ", shape)}]: no values");
            return new SafetensorsFile(path, tensor, dtype, shape, bufferStart + offsets[0], need);
        }
    }

    /// <summary>The float32 values of rows [firstRow, firstRow + rowCount) straight from the mapping (F32 tensors only).</summary>
    /// <exception cref="InvalidOperationException">The tensor is not F32.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Rows outside the tensor.</exception>
    public ReadOnlySpan<float> Rows(long firstRow, int rowCount)
    {
        if (DType != SafetensorsDType.F32) throw new InvalidOperationException($"{FilePath}: tensor \"{TensorName}\" is {DTypeName}; use CopyRows");
        long offset = Check(firstRow, rowCount);
        ObjectDisposedException.ThrowIf(_data == null, this);
        // The rows and the one after them mapped now: the row kernels prefetch each row's successor (MappedView.Touch).
        _view.Touch(offset * 4, (rowCount + 1L) * Columns * 4);
        return new ReadOnlySpan<float>(_data + offset * 4, checked((int)(rowCount * Columns)));
    }

    /// <summary>Copies rows converted to float32 into <paramref name="destination"/> (length ≥ rowCount · Columns).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Rows outside the tensor, or destination too short.</exception>
    public void CopyRows(long firstRow, int rowCount, Span<float> destination)
    {
        long offset = Check(firstRow, rowCount);
        int n = checked((int)(rowCount * Columns));
        if (destination.Length < n) throw new ArgumentOutOfRangeException(nameof(destination), destination.Length, $"{n} floats are needed");
        ObjectDisposedException.ThrowIf(_data == null, this);
        var dst = destination[..n];
        switch (DType)
        {
            case SafetensorsDType.F32:
                new ReadOnlySpan<float>(_data + offset * 4, n).CopyTo(dst);
                break;
            case SafetensorsDType.F16:
                TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(_data + offset * 2, n), dst);
                break;
            default:
                // bfloat16 is the upper half of a float32: widen the bits by 16.
                var bits = new ReadOnlySpan<ushort>(_data + offset * 2, n);
                for (int i = 0; i < n; i++) dst[i] = BitConverter.Int32BitsToSingle(bits[i] << 16);
                break;
        }
    }

    private long Check(long firstRow, int rowCount)
    {
        if (firstRow < 0 || rowCount < 0 || firstRow + rowCount > RowCount)
            throw new ArgumentOutOfRangeException(nameof(firstRow), firstRow, $"rows {firstRow}…{firstRow + rowCount - 1} are outside [0, {RowCount})");
        return firstRow * Columns;
    }

    /// <summary>Releases the mapping; spans handed out before become invalid.</summary>
    public void Dispose() => _view.Dispose();
}
