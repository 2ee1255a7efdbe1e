using System.Buffers.Binary;

namespace Kullback.Data;

/// <summary>
/// The IDX format of MNIST (gzipped or not, detected by its magic bytes): big-endian magic 0x0000 08 nd (unsigned
/// bytes, nd dimensions), nd big-endian int32 sizes, then the bytes row-major.
/// </summary>
public static class IdxFile
{
    /// <summary>Reads one IDX file of unsigned bytes: its data and dimension sizes.</summary>
    /// <exception cref="InvalidDataException">Bad magic, a type other than unsigned byte, or a short file.</exception>
    public static (byte[] Data, int[] Dimensions) ReadBytes(string path)
    {
        using var stream = Compressed.OpenRead(path);
        Span<byte> header = stackalloc byte[4];
        if (stream.ReadAtLeast(header, 4, throwOnEndOfStream: false) < 4)
            throw new InvalidDataException($"{path}: shorter than the 4-byte IDX magic");
        if (header[0] != 0 || header[1] != 0)
            throw new InvalidDataException($"{path}: not an IDX file (magic {header[0]:X2}{header[1]:X2}{header[2]:X2}{header[3]:X2}, expected 0000TTDD)");
        if (header[2] != 0x08) throw new InvalidDataException($"{path}: IDX element type 0x{header[2]:X2}; only unsigned bytes (0x08) are supported");
        int nd = header[3];
        if (nd is < 1 or > 4) throw new InvalidDataException($"{path}: {nd} dimensions; expected 1 to 4");
        var dimBytes = new byte[4 * nd];
        if (stream.ReadAtLeast(dimBytes, dimBytes.Length, throwOnEndOfStream: false) < dimBytes.Length)
            throw new InvalidDataException($"{path}: ends inside the dimension sizes");
        var dims = new int[nd];
        long count = 1;
        for (int d = 0; d < nd; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(dimBytes.AsSpan(4 * d));
            if (dims[d] < 0) throw new InvalidDataException($"{path}: dimension {d} has negative size {dims[d]}");
        }
        // The product of up to four int32 sizes can pass long's range: compare against the limit before each product.
        for (int d = 0; d < nd && count > 0; d++)
        {
            if (dims[d] != 0 && count > Array.MaxLength / dims[d])
                throw new InvalidDataException($"{path}: dimensions ({string.Join(", ", dims)}) hold more than {Array.MaxLength} elements");
            count *= dims[d];
        }
        // The header is checked against the bytes really there before the body is allocated.
        if (stream.CanSeek && stream.Length - stream.Position < count)
            throw new InvalidDataException($"{path}: holds {stream.Length - stream.Position} data bytes, but its header promises {count}");
        var data = ReadBody(stream, count, path);
        return (data, dims);
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes, growing the buffer as bytes arrive (a gzip stream's length is unknown).</summary>
    private static byte[] ReadBody(Stream stream, long count, string path)
    {
        var data = new byte[Math.Min(count, 1 << 20)];
        long read = 0;
        while (read < count)
        {
            if (read == data.Length) Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
            int n = stream.Read(data, (int)read, data.Length - (int)read);
            if (n == 0) throw new InvalidDataException($"{path}: holds {read} data bytes, but its header promises {count}");
            read += n;
        }
        return data;
    }
}
