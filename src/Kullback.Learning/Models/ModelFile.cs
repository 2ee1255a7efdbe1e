using System.Buffers.Binary;
using System.Text;
using Kullback.Learning.Data;

namespace Kullback.Learning.Models;

/// <summary>
/// The versioned binary file of a <see cref="Classifier"/>, little-endian:
/// magic "KULLBACK" · u32 version (1) · u32 kind · i32 inputs · i32 classes · i32 hidden count · i32 hidden[] ·
/// i32 image height · i32 image width · u32 scaling kind · f32 offset[inputs] · f32 scale[inputs] · i32 members ·
/// per member: i32 parameter count, f32 θ[] · u64 FNV-1a hash of every byte before it.
/// </summary>
public static class ModelFile
{
    private static readonly byte[] Magic = "KULLBACK"u8.ToArray();

    /// <summary>The format version this code writes and reads.</summary>
    public const uint Version = 1;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (replacing it).</summary>
    public static void Save(Classifier model, string path)
    {
        using var stream = new MemoryStream();
        Write(model, stream);
        File.WriteAllBytes(path, stream.ToArray());
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>.</summary>
    public static void Write(Classifier model, Stream stream)
    {
        var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            var spec = model.Spec;
            w.Write((uint)spec.Kind);
            w.Write(spec.Inputs);
            w.Write(spec.Classes);
            w.Write(spec.Hidden.Length);
            foreach (int h in spec.Hidden) w.Write(h);
            w.Write(model.ImageHeight);
            w.Write(model.ImageWidth);
            w.Write((uint)model.Scaler.Kind);
            foreach (float v in model.Scaler.Offset) w.Write(v);
            foreach (float v in model.Scaler.Scale) w.Write(v);
            w.Write(model.Members.Count);
            foreach (var member in model.Members)
            {
                w.Write(member.Parameters.Length);
                foreach (float v in member.Parameters) w.Write(v);
            }
        }
        ulong hash = Fnv1a(body.GetBuffer().AsSpan(0, (int)body.Length));
        Span<byte> tail = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(tail, hash);
        body.Write(tail);
        body.Position = 0;
        body.CopyTo(stream);
    }

    /// <summary>The largest model file read (the largest byte array .NET holds).</summary>
    public const long MaxFileBytes = 2_147_483_591;

    /// <summary>Reads a classifier from <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a model file, an unknown version, a truncated or corrupt file (the message says which).</exception>
    public static Classifier Load(string path)
    {
        if (Directory.Exists(path)) throw new FileNotFoundException($"{path}: is a directory, not a model file", path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: model file not found", path);
        long length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
            throw new InvalidDataException($"{path}: {length} bytes; a model file is at most {MaxFileBytes} bytes (2 GiB − 1)");
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads a classifier from the bytes of a model file; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">Not a model file, an unknown version, a truncated or corrupt file.</exception>
    public static Classifier Read(byte[] bytes, string name = "model")
    {
        if (bytes.Length >= Magic.Length && bytes.Length < Magic.Length + 12 && bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"{name}: truncated model file ({bytes.Length} bytes: the magic, but no header)");
        if (bytes.Length < Magic.Length + 4 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"{name}: not a Kullback model file (no \"KULLBACK\" magic)");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(Magic.Length));
        if (version != Version)
            throw new InvalidDataException($"{name}: model format version {version}; this kullback reads version {Version}");
        if (bytes.Length < Magic.Length + 12)
            throw new InvalidDataException($"{name}: truncated ({bytes.Length} bytes)");
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8));
        if (Fnv1a(bytes.AsSpan(0, bytes.Length - 8)) != stored)
            throw new InvalidDataException($"{name}: corrupt or truncated model file (checksum mismatch)");
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 8));
            r.ReadBytes(Magic.Length);
            r.ReadUInt32();
            uint kind = r.ReadUInt32();
            if (!Enum.IsDefined((ModelKind)kind)) throw new InvalidDataException($"{name}: unknown model kind {kind}");
            int inputs = r.ReadInt32(), classes = r.ReadInt32(), hiddenCount = r.ReadInt32();
            if (inputs < 1 || classes < 2 || hiddenCount is < 0 or > 64)
                throw new InvalidDataException($"{name}: bad header (inputs {inputs}, classes {classes}, hidden layers {hiddenCount})");
            var hidden = new int[hiddenCount];
            for (int i = 0; i < hiddenCount; i++) hidden[i] = r.ReadInt32();
            int height = r.ReadInt32(), width = r.ReadInt32();
            uint scaling = r.ReadUInt32();
            if (!Enum.IsDefined((ScalingKind)scaling)) throw new InvalidDataException($"{name}: unknown scaling kind {scaling}");
            var offset = ReadFloats(r, inputs, name, $"the header (inputs {inputs})");
            var scale = ReadFloats(r, inputs, name, $"the header (inputs {inputs})");
            int count = r.ReadInt32();
            if (count is < 1 or > 1024) throw new InvalidDataException($"{name}: bad ensemble size {count}");
            var spec = new ModelSpec((ModelKind)kind, inputs, classes, hidden);
            var members = new List<Network>(count);
            for (int m = 0; m < count; m++)
            {
                int length = r.ReadInt32();
                if (length < 0 || length > (bytes.Length / 4)) throw new InvalidDataException($"{name}: member {m} claims {length} parameters");
                members.Add(new Network(spec, ReadFloats(r, length, name, $"member {m}")));
            }
            if (r.BaseStream.Position != r.BaseStream.Length)
                throw new InvalidDataException($"{name}: {r.BaseStream.Length - r.BaseStream.Position} unexpected bytes after the last member");
            return new Classifier(members, new FeatureScaler((ScalingKind)scaling, offset, scale), height, width);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{name}: truncated model file");
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{name}: inconsistent model file: {e.Message}");
        }
    }

    private static float[] ReadFloats(BinaryReader r, int count, string name, string what)
    {
        long need = 4L * count, left = r.BaseStream.Length - r.BaseStream.Position;
        if (count < 0 || need > left)
            throw new InvalidDataException($"{name}: {what} claims {count} values ({need} bytes), but only {left} bytes are left: truncated or corrupt model file");
        var bytes = r.ReadBytes(count * 4);
        if (bytes.Length != count * 4) throw new EndOfStreamException();
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
        return values;
    }

    /// <summary>64-bit FNV-1a over <paramref name="data"/>: h ← (h ⊕ byte)·1099511628211 from 14695981039346656037.</summary>
    private static ulong Fnv1a(ReadOnlySpan<byte> data)
    {
        ulong h = 14695981039346656037UL;
        foreach (byte b in data) h = (h ^ b) * 1099511628211UL;
        return h;
    }
}
