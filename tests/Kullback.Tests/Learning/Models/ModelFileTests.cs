using Kullback.Learning.Data;
using Kullback.Learning.Models;

namespace Kullback.Tests.Learning.Models;

public sealed class ModelFileTests
{
    private static Classifier Sample(int members = 2)
    {
        var spec = new ModelSpec(ModelKind.Mlp, 4, 3, [5]);
        var nets = Enumerable.Range(0, members).Select(m => new Network(spec, seed: m)).ToList();
        var scaler = new FeatureScaler(ScalingKind.PerColumn, [0f, 1f, 2f, 3f], [1f, 0.5f, 0.25f, 2f]);
        return new Classifier(nets, scaler, 2, 2);
    }

    private static byte[] Bytes(Classifier c)
    {
        var s = new MemoryStream();
        ModelFile.Write(c, s);
        return s.ToArray();
    }

    [Fact]
    public void RoundTripKeepsEverything()
    {
        var original = Sample();
        var copy = ModelFile.Read(Bytes(original));
        Assert.Equal(original.Spec.Describe(), copy.Spec.Describe());
        Assert.Equal(original.Members.Count, copy.Members.Count);
        for (int m = 0; m < original.Members.Count; m++) Assert.Equal(original.Members[m].Parameters, copy.Members[m].Parameters);
        Assert.Equal(original.Scaler.Offset, copy.Scaler.Offset);
        Assert.Equal(original.Scaler.Scale, copy.Scaler.Scale);
        Assert.Equal(ScalingKind.PerColumn, copy.Scaler.Kind);
        Assert.Equal((2, 2), (copy.ImageHeight, copy.ImageWidth));
        var x = new float[] { 0.1f, -2f, 3f, 0.5f };
        Assert.Equal(original.Members[1].Forward(x).ToArray(), copy.Members[1].Forward(x).ToArray());
    }

    [Fact]
    public void FlippedByteIsCorrupt()
    {
        var bytes = Bytes(Sample());
        bytes[bytes.Length / 2] ^= 0x40;
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => ModelFile.Read(bytes, "m.kbm")).Message);
    }

    [Fact]
    public void TruncatedFileIsAnError()
    {
        var bytes = Bytes(Sample());
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Read(bytes[..(bytes.Length - 20)], "m.kbm"));
        Assert.Contains("m.kbm", e.Message);
    }

    [Fact]
    public void OtherFileAndOtherVersionAreNamed()
    {
        Assert.Contains("not a Kullback model file", Assert.Throws<InvalidDataException>(() => ModelFile.Read("hello, world"u8.ToArray(), "x")).Message);
        var bytes = Bytes(Sample());
        bytes[8] = 9;
        Assert.Contains("version 9", Assert.Throws<InvalidDataException>(() => ModelFile.Read(bytes, "x")).Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ModelFile.Load("/nonexistent/model.kbm"));
        Assert.Contains("/nonexistent/model.kbm", e.Message);
    }

    private static void Reseal(byte[] bytes)
    {
        ulong h = 14695981039346656037UL;
        foreach (byte b in bytes.AsSpan(0, bytes.Length - 8)) h = (h ^ b) * 1099511628211UL;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), h);
    }

    [Fact]
    public void HeaderClaimingMoreInputsThanTheFileHoldsIsAnErrorBeforeAllocating()
    {
        // Issue 10, item 5: 2e9 inputs with the checksum recomputed threw OverflowException in ReadFloats.
        var bytes = Bytes(Sample());
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), 2_000_000_000);
        Reseal(bytes);
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Read(bytes, "big.kbm"));
        Assert.StartsWith("big.kbm: the header (inputs 2000000000) claims 2000000000 values (8000000000 bytes), but only", e.Message);
    }

    [Fact]
    public void OnlyTheMagicIsTruncatedNotAMissingMagic()
    {
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Read("KULLBACK"u8.ToArray(), "m.kbm"));
        Assert.Equal("m.kbm: truncated model file (8 bytes: the magic, but no header)", e.Message);
    }

    [Fact]
    public void ADirectoryIsNamedAsOne()
    {
        var dir = Directory.CreateTempSubdirectory("kbm-dir").FullName;
        try
        {
            var e = Assert.Throws<FileNotFoundException>(() => ModelFile.Load(dir));
            Assert.Equal($"{dir}: is a directory, not a model file", e.Message);
        }
        finally { Directory.Delete(dir); }
    }

    [Fact]
    public void HugeHiddenLayerIsAClearErrorNotAnOverflow()
    {
        // Issue 10, item 4: --hidden 100000000 threw OverflowException in Network..ctor.
        var spec = new ModelSpec(ModelKind.Mlp, 784, 10, [100_000_000]);
        Assert.Equal(79_500_000_010L, spec.ParameterCount);
        var e = Assert.Throws<ArgumentException>(() => new Network(spec, seed: 1));
        Assert.Equal("mlp 784-100000000-10 has 79,500,000,010 parameters; the limit is 268,435,456 (1 GiB of float32 weights)", e.Message);
        Assert.Equal(new ModelSpec(ModelKind.Mlp, 4, 3, [5]).ParameterCount, new Network(new ModelSpec(ModelKind.Mlp, 4, 3, [5]), seed: 1).Parameters.Length);
    }
}
