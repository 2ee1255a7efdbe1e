using Kullback.Data;
using Kullback.Learning.Data;
using Kullback.Tests.Support;

namespace Kullback.Tests.Learning.Data;

public sealed class IdxDatasetTests
{
    [Fact]
    public void ReadsMnistSubset()
    {
        var (train, test) = IdxDataset.LoadFolder(Path.Combine(TestPaths.SharedData, "mnist-10k"));
        Assert.Equal(8000, train.Rows);
        Assert.Equal(2000, test.Rows);
        Assert.Equal(784, train.FeatureCount);
        Assert.Equal((28, 28), (train.ImageHeight, train.ImageWidth));
        Assert.Equal(10, train.Classes);
        Assert.InRange(train.Features.Min(), 0f, 0f);
        Assert.InRange(train.Features.Max(), 1f, 1f);
    }

    [Fact]
    public void UncompressedFilesAreRead()
    {
        var dir = Directory.CreateTempSubdirectory("kullback-idx-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "img"), [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 255, 51, 102]);
            File.WriteAllBytes(Path.Combine(dir, "lab"), [0, 0, 8, 1, 0, 0, 0, 2, 1, 0]);
            var d = IdxDataset.Load(Path.Combine(dir, "img"), Path.Combine(dir, "lab"));
            Assert.Equal(new[] { 0f, 1f, 0.2f, 0.4f }, d.Features);
            Assert.Equal(new[] { 1, 0 }, d.Labels);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void BadMagicAndShortFileAreErrors()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [1, 2, 3, 4]);
            Assert.Contains("not an IDX file", Assert.Throws<InvalidDataException>(() => IdxFile.ReadBytes(path)).Message);
            File.WriteAllBytes(path, [0, 0, 8, 1, 0, 0, 0, 5, 1, 2]);
            Assert.Contains("holds 2 data bytes, but its header promises 5", Assert.Throws<InvalidDataException>(() => IdxFile.ReadBytes(path)).Message);
            File.WriteAllBytes(path, [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
            Assert.Contains("only unsigned bytes", Assert.Throws<InvalidDataException>(() => IdxFile.ReadBytes(path)).Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void MissingFolderFileIsNamed()
    {
        var dir = Directory.CreateTempSubdirectory("kullback-idx-").FullName;
        try
        {
            var e = Assert.Throws<FileNotFoundException>(() => IdxDataset.LoadFolder(dir));
            Assert.Contains("train-images-idx3-ubyte", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}
