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
}
