namespace Kullback.Data;

/// <summary>The element types the NPY reader accepts (little-endian, as numpy writes them on every common machine).</summary>
public enum NpyDType
{
    /// <summary>IEEE half precision, numpy <c>&lt;f2</c>.</summary>
    Float16,
    /// <summary>IEEE single precision, numpy <c>&lt;f4</c>.</summary>
    Float32,
    /// <summary>IEEE double precision, numpy <c>&lt;f8</c>.</summary>
    Float64,
    /// <summary>Unsigned byte, numpy <c>|u1</c>.</summary>
    UInt8,
    /// <summary>32-bit signed integer, numpy <c>&lt;i4</c>.</summary>
    Int32,
    /// <summary>64-bit signed integer, numpy <c>&lt;i8</c>.</summary>
    Int64,
}

/// <summary>Sizes and names of <see cref="NpyDType"/>.</summary>
public static class NpyDTypes
{
    /// <summary>Bytes per element: 2, 4, 8, 1, 4, 8.</summary>
    public static int SizeOf(NpyDType type) => type switch
    {
        NpyDType.Float16 => 2,
        NpyDType.Float32 => 4,
        NpyDType.Float64 => 8,
        NpyDType.UInt8 => 1,
        NpyDType.Int32 => 4,
        NpyDType.Int64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown NPY dtype"),
    };

    /// <summary>The numpy type string without byte order: f2, f4, f8, u1, i4, i8.</summary>
    public static string Code(NpyDType type) => type switch
    {
        NpyDType.Float16 => "f2",
        NpyDType.Float32 => "f4",
        NpyDType.Float64 => "f8",
        NpyDType.UInt8 => "u1",
        NpyDType.Int32 => "i4",
        NpyDType.Int64 => "i8",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown NPY dtype"),
    };

    /// <summary>Whether the type is an integer type (u1, i4, i8).</summary>
    public static bool IsInteger(NpyDType type) => type is NpyDType.UInt8 or NpyDType.Int32 or NpyDType.Int64;

    /// <summary>Parses a numpy <c>descr</c> such as <c>&lt;f4</c> or <c>|u1</c>.</summary>
    /// <exception cref="InvalidDataException">Big-endian, structured or any other type than f2, f4, f8, u1, i4, i8.</exception>
    public static NpyDType Parse(string descr, string file)
    {
        const string supported = "supported: <f2, <f4, <f8, |u1, <i4, <i8";
        if (descr.Length < 2)
            throw new InvalidDataException($"{file}: unknown NPY dtype '{descr}' ({supported})");
        char order = descr[0];
        string code = descr[1..];
        bool oneByte = code is "u1";
        if (order == '>' && !oneByte)
            throw new InvalidDataException($"{file}: big-endian dtype '{descr}' is not supported ({supported}); convert with a.astype('<{code}')");
        if (order is not ('<' or '|' or '=' or '>'))
            throw new InvalidDataException($"{file}: unknown NPY dtype '{descr}' ({supported})");
        return code switch
        {
            "f2" => NpyDType.Float16,
            "f4" => NpyDType.Float32,
            "f8" => NpyDType.Float64,
            "u1" => NpyDType.UInt8,
            "i4" => NpyDType.Int32,
            "i8" => NpyDType.Int64,
            _ => throw new InvalidDataException($"{file}: unknown NPY dtype '{descr}' ({supported})"),
        };
    }
}
