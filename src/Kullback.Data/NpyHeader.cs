using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Kullback.Data;

/// <summary>
/// The parsed header of an NPY file (format versions 1.0, 2.0 and 3.0): element type, shape and where the data start.
/// Layout: magic <c>\x93NUMPY</c>, major, minor, header length (u16 in v1, u32 in v2/v3), then a Python dict literal
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (rows, cols), }</c>, padded so the data are aligned.
/// </summary>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions, outermost first (C order); empty for a scalar.</param>
/// <param name="DataOffset">Byte offset of the first element.</param>
public sealed record NpyHeader(NpyDType DType, long[] Shape, long DataOffset)
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long Count
    {
        get
        {
            long n = 1;
            foreach (var d in Shape) n = checked(n * d);
            return n;
        }
    }

    /// <summary>Reads and validates the header at the start of <paramref name="stream"/>.</summary>
    /// <param name="stream">The file, positioned at its start.</param>
    /// <param name="file">The file name used in error messages.</param>
    /// <exception cref="InvalidDataException">Not an NPY file, truncated header, unknown dtype, Fortran order, bad shape.</exception>
    public static NpyHeader Read(Stream stream, string file)
    {
        Span<byte> prefix = stackalloc byte[12];
        int got = ReadUpTo(stream, prefix[..10]);
        if (got < 6 || !prefix[..6].SequenceEqual(Magic))
            throw new InvalidDataException($"{file}: not an NPY file (missing the \\x93NUMPY magic)");
        if (got < 10)
            throw new InvalidDataException($"{file}: truncated NPY header ({got} bytes)");
        byte major = prefix[6];
        long headerLength;
        long headerStart;
        Encoding encoding = Encoding.Latin1;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..10]);
                headerStart = 10;
                break;
            case 2:
            case 3:
                if (ReadUpTo(stream, prefix[10..12]) < 2)
                    throw new InvalidDataException($"{file}: truncated NPY header");
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..12]);
                headerStart = 12;
                if (major == 3) encoding = Encoding.UTF8;
                break;
            default:
                throw new InvalidDataException($"{file}: unsupported NPY format version {major}.{prefix[7]} (supported: 1.0, 2.0, 3.0)");
        }
        if (headerLength > 1 << 24)
            throw new InvalidDataException($"{file}: NPY header length {headerLength} is implausible");
        var text = new byte[headerLength];
        if (ReadUpTo(stream, text) < headerLength)
            throw new InvalidDataException($"{file}: truncated NPY header (declared {headerLength} bytes)");
        var dict = encoding.GetString(text);
        var (descr, fortran, shape) = ParseDict(dict, file);
        if (fortran)
            throw new InvalidDataException($"{file}: Fortran-order arrays are not supported; save a C-order copy with np.save(f, np.ascontiguousarray(a))");
        return new NpyHeader(NpyDTypes.Parse(descr, file), shape, headerStart + headerLength);
    }

    private static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static (string Descr, bool Fortran, long[] Shape) ParseDict(string dict, string file)
    {
        string descr = StringValue(dict, "descr", file);
        string fortranText = RawValue(dict, "fortran_order", file);
        bool fortran = fortranText.StartsWith("True", StringComparison.Ordinal) ? true
            : fortranText.StartsWith("False", StringComparison.Ordinal) ? false
            : throw new InvalidDataException($"{file}: bad 'fortran_order' in NPY header: {dict.Trim()}");
        string shapeText = RawValue(dict, "shape", file);
        if (!shapeText.StartsWith('('))
            throw new InvalidDataException($"{file}: bad 'shape' in NPY header: {dict.Trim()}");
        int close = shapeText.IndexOf(')');
        if (close < 0)
            throw new InvalidDataException($"{file}: bad 'shape' in NPY header: {dict.Trim()}");
        var parts = shapeText[1..close].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var shape = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            var p = parts[i].TrimEnd('L');
            if (!long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw new InvalidDataException($"{file}: bad dimension {i} '{parts[i]}' in NPY shape {shapeText[..(close + 1)]}");
        }
        return (descr, fortran, shape);
    }

    private static string RawValue(string dict, string key, string file)
    {
        int k = dict.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (k < 0) k = dict.IndexOf($"\"{key}\"", StringComparison.Ordinal);
        if (k < 0) throw new InvalidDataException($"{file}: NPY header has no '{key}': {dict.Trim()}");
        int colon = dict.IndexOf(':', k + key.Length + 2);
        if (colon < 0) throw new InvalidDataException($"{file}: NPY header has no value for '{key}': {dict.Trim()}");
        return dict[(colon + 1)..].TrimStart();
    }

    private static string StringValue(string dict, string key, string file)
    {
        string raw = RawValue(dict, key, file);
        if (raw.Length == 0 || raw[0] is not ('\'' or '"'))
            throw new InvalidDataException($"{file}: unknown NPY dtype (structured or non-string 'descr' is not supported): {dict.Trim()}");
        int end = raw.IndexOf(raw[0], 1);
        if (end < 0) throw new InvalidDataException($"{file}: unterminated '{key}' in NPY header: {dict.Trim()}");
        return raw[1..end];
    }
}
