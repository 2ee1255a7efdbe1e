using System.Numerics.Tensors;

namespace Kullback.Data;

/// <summary>
/// A read-only, memory-mapped NPY array in C order. The first dimension is the row; the remaining dimensions are
/// flattened into <see cref="Columns"/>. Rows are read in chunks straight from the mapping, so memory use does not
/// grow with the file. Spans returned by <see cref="Rows{T}"/> stay valid until the file is disposed.
/// </summary>
public sealed unsafe class NpyFile : IDisposable
{
    private readonly MappedView? _view;
    private byte* _base => _view is null ? null : _view.Pointer;

    private NpyFile(string path, NpyHeader header, MappedView? view)
    {
        FilePath = path;
        Header = header;
        _view = view;
        Shape = header.Shape;
        RowCount = Shape.Length == 0 ? 1 : Shape[0];
        long cols = 1;
        for (int i = 1; i < Shape.Length; i++) cols = checked(cols * Shape[i]);
        Columns = cols;
    }

    /// <summary>The path the file was opened from.</summary>
    public string FilePath { get; }

    /// <summary>The parsed header.</summary>
    public NpyHeader Header { get; }

    /// <summary>Element type.</summary>
    public NpyDType DType => Header.DType;

    /// <summary>Dimensions, outermost first.</summary>
    public long[] Shape { get; }

    /// <summary>Number of rows: the first dimension (1 for a scalar).</summary>
    public long RowCount { get; }

    /// <summary>Elements per row: the product of all dimensions after the first (1 for a vector or scalar).</summary>
    public long Columns { get; }

    /// <summary>The shape as numpy prints it, e.g. <c>(4096, 32000)</c>.</summary>
    public string ShapeText => Shape.Length == 1 ? $"({Shape[0]},)" : "(" + string.Join(", ", Shape) + ")";

    /// <summary>Opens and validates an NPY file and maps its data read-only.</summary>
    /// <param name="path">The .npy file.</param>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Bad magic or header, unknown dtype, Fortran order, or fewer data bytes than the shape needs.</exception>
    public static NpyFile Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        NpyHeader header;
        long length;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096))
        {
            length = stream.Length;
            header = NpyHeader.Read(stream, path);
        }
        long need = checked(header.Count * NpyDTypes.SizeOf(header.DType));
        long have = length - header.DataOffset;
        if (have < need)
            throw new InvalidDataException(
                $"{path}: truncated NPY file: shape ({string.Join(", ", header.Shape)}) of {NpyDTypes.Code(header.DType)} needs {need} data bytes, found {Math.Max(have, 0)}");
        return new NpyFile(path, header, need == 0 ? null : new MappedView(path, 0, header.DataOffset + need));
    }

    /// <summary>
    /// The raw elements of rows [<paramref name="firstRow"/>, <paramref name="firstRow"/> + <paramref name="rowCount"/>)
    /// as a span over the mapping. <typeparamref name="T"/> must be the file's element type
    /// (<see cref="Half"/>, <see cref="float"/>, <see cref="double"/>, <see cref="byte"/>, <see cref="int"/>, <see cref="long"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not the file's element type.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rows are outside the file or span more than 2³¹−1 elements.</exception>
    public ReadOnlySpan<T> Rows<T>(long firstRow, int rowCount) where T : unmanaged
    {
        if (ClrType(DType) != typeof(T))
            throw new ArgumentException($"{FilePath}: holds {NpyDTypes.Code(DType)}, not {typeof(T).Name}", nameof(T));
        long offset = CheckRows(firstRow, rowCount);
        long count = rowCount * Columns;
        if (count > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(rowCount), rowCount, $"{rowCount} rows of {Columns} elements exceed one span");
        if (count == 0) return [];
        ObjectDisposedException.ThrowIf(_base == null, this);
        // The rows and the one after them mapped now: the row kernels prefetch each row's successor (MappedView.Touch).
        _view!.Touch(Header.DataOffset + offset * sizeof(T), (count + Columns) * sizeof(T));
        return new ReadOnlySpan<T>(_base + Header.DataOffset + offset * sizeof(T), (int)count);
    }

    /// <summary>Copies rows converted to <see cref="float"/> into <paramref name="destination"/> (length ≥ rowCount · Columns).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Rows outside the file, or destination too short.</exception>
    public void CopyRows(long firstRow, int rowCount, Span<float> destination)
    {
        int n = CheckDestination(firstRow, rowCount, destination.Length);
        var dst = destination[..n];
        switch (DType)
        {
            case NpyDType.Float16: TensorPrimitives.ConvertToSingle(Rows<Half>(firstRow, rowCount), dst); break;
            case NpyDType.Float32: Rows<float>(firstRow, rowCount).CopyTo(dst); break;
            case NpyDType.Float64: TensorPrimitives.ConvertChecked(Rows<double>(firstRow, rowCount), dst); break;
            case NpyDType.UInt8: TensorPrimitives.ConvertChecked(Rows<byte>(firstRow, rowCount), dst); break;
            case NpyDType.Int32: TensorPrimitives.ConvertChecked(Rows<int>(firstRow, rowCount), dst); break;
            case NpyDType.Int64: TensorPrimitives.ConvertChecked(Rows<long>(firstRow, rowCount), dst); break;
        }
    }

    /// <summary>Copies rows converted to <see cref="double"/> into <paramref name="destination"/> (length ≥ rowCount · Columns).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Rows outside the file, or destination too short.</exception>
    public void CopyRows(long firstRow, int rowCount, Span<double> destination)
    {
        int n = CheckDestination(firstRow, rowCount, destination.Length);
        var dst = destination[..n];
        switch (DType)
        {
            case NpyDType.Float16:
                var half = Rows<Half>(firstRow, rowCount);
                for (int i = 0; i < n; i++) dst[i] = (double)half[i];
                break;
            case NpyDType.Float32: TensorPrimitives.ConvertChecked(Rows<float>(firstRow, rowCount), dst); break;
            case NpyDType.Float64: Rows<double>(firstRow, rowCount).CopyTo(dst); break;
            case NpyDType.UInt8: TensorPrimitives.ConvertChecked(Rows<byte>(firstRow, rowCount), dst); break;
            case NpyDType.Int32: TensorPrimitives.ConvertChecked(Rows<int>(firstRow, rowCount), dst); break;
            case NpyDType.Int64: TensorPrimitives.ConvertChecked(Rows<long>(firstRow, rowCount), dst); break;
        }
    }

    /// <summary>Copies rows of an integer file (u1, i4, i8) into <paramref name="destination"/>.</summary>
    /// <exception cref="InvalidDataException">The file holds floating-point values.</exception>
    public void CopyRows(long firstRow, int rowCount, Span<long> destination)
    {
        if (!NpyDTypes.IsInteger(DType))
            throw new InvalidDataException($"{FilePath}: holds {NpyDTypes.Code(DType)}; integers (u1, i4, i8) are needed here");
        int n = CheckDestination(firstRow, rowCount, destination.Length);
        var dst = destination[..n];
        switch (DType)
        {
            case NpyDType.UInt8: TensorPrimitives.ConvertChecked(Rows<byte>(firstRow, rowCount), dst); break;
            case NpyDType.Int32: TensorPrimitives.ConvertChecked(Rows<int>(firstRow, rowCount), dst); break;
            case NpyDType.Int64: Rows<long>(firstRow, rowCount).CopyTo(dst); break;
        }
    }

    /// <summary>Reads the whole array as doubles, row-major (for small files: samples, tokens, matrices).</summary>
    /// <exception cref="InvalidDataException">More than 2³¹−1 elements.</exception>
    public double[] ReadAllAsDouble()
    {
        long count = RowCount * Columns;
        if (count > Array.MaxLength) throw new InvalidDataException($"{FilePath}: {count} elements are too many to load at once");
        var all = new double[count];
        if (count > 0) CopyRows(0, checked((int)RowCount), all);
        return all;
    }

    /// <summary>Releases the mapping; spans handed out before become invalid.</summary>
    public void Dispose() => _view?.Dispose();

    private long CheckRows(long firstRow, int rowCount)
    {
        if (firstRow < 0 || rowCount < 0 || firstRow + rowCount > RowCount)
            throw new ArgumentOutOfRangeException(nameof(firstRow), firstRow,
                $"{FilePath}: rows [{firstRow}, {firstRow + rowCount}) are outside the {RowCount} rows of the file");
        return firstRow * Columns;
    }

    private int CheckDestination(long firstRow, int rowCount, int length)
    {
        CheckRows(firstRow, rowCount);
        long n = rowCount * Columns;
        if (n > length)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"destination holds {length} elements; {rowCount} rows need {n}");
        return (int)n;
    }

    private static Type ClrType(NpyDType type) => type switch
    {
        NpyDType.Float16 => typeof(Half),
        NpyDType.Float32 => typeof(float),
        NpyDType.Float64 => typeof(double),
        NpyDType.UInt8 => typeof(byte),
        NpyDType.Int32 => typeof(int),
        _ => typeof(long),
    };
}
