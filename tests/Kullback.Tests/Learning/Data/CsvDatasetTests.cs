using System.IO.Compression;
using System.Text;
using Kullback.Learning.Data;
using Kullback.Tests.Support;

namespace Kullback.Tests.Learning.Data;

public sealed class CsvDatasetTests
{
    private static Dataset Parse(string text, CsvLayout? layout = null) =>
        CsvDataset.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), layout, "t.csv");

    [Fact]
    public void ReadsDigitsGzipped()
    {
        var d = CsvDataset.Load(Path.Combine(TestPaths.RepositoryRoot, "data", "digits.csv.gz"));
        Assert.Equal(1797, d.Rows);
        Assert.Equal(64, d.FeatureCount);
        Assert.Equal(10, d.Classes);
        Assert.Equal(8, d.ImageHeight);
        Assert.Equal(0, d.Labels[0]);
        Assert.Equal(5f, d.Features[2]);
        Assert.Equal(16f, d.Features.Max());
    }

    [Fact]
    public void GzippedAndPlainAgree()
    {
        var plain = Encoding.UTF8.GetBytes("1,2,0\n3,4.5,1\n");
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) z.Write(plain);
        gz.Position = 0;
        var a = CsvDataset.Read(new MemoryStream(plain));
        var b = CsvDataset.Read(gz);
        Assert.Equal(a.Features, b.Features);
        Assert.Equal(new[] { 0, 1 }, b.Labels);
    }

    [Fact]
    public void HeaderAndLabelColumn()
    {
        var d = Parse("label,a,b\n2,0.5,1e-1\n0,3,4\n", new CsvLayout(HasHeader: true, LabelColumn: 0));
        Assert.Equal(new[] { 2, 0 }, d.Labels);
        Assert.Equal(new[] { 0.5f, 0.1f, 3f, 4f }, d.Features);
        Assert.Equal(3, d.Classes);
    }

    [Fact]
    public void NonNumericCellNamesLineAndColumn()
    {
        var e = Assert.Throws<InvalidDataException>(() => Parse("1,2,0\n3,x7,1\n"));
        Assert.Contains("line 2, column 2", e.Message);
        Assert.Contains("\"x7\"", e.Message);
    }

    [Fact]
    public void RaggedRowNamesLine()
    {
        var e = Assert.Throws<InvalidDataException>(() => Parse("1,2,0\n3,4,1\n5,1\n"));
        Assert.Contains("line 3", e.Message);
        Assert.Contains("2 columns", e.Message);
    }

    [Fact]
    public void FractionalLabelIsAnError()
    {
        var e = Assert.Throws<InvalidDataException>(() => Parse("1,2,0\n3,4,1.5\n"));
        Assert.Contains("line 2, column 3", e.Message);
    }

    [Fact]
    public void EmptyFileIsAnError() => Assert.Throws<InvalidDataException>(() => Parse(""));

    [Fact]
    public void SplitIsSeededAndDisjoint()
    {
        var d = CsvDataset.Load(Path.Combine(TestPaths.RepositoryRoot, "data", "digits.csv.gz"));
        var (a1, b1) = d.Split(0.25, seed: 7);
        var (a2, b2) = d.Split(0.25, seed: 7);
        var (a3, _) = d.Split(0.25, seed: 8);
        Assert.Equal(a1.Features, a2.Features);
        Assert.Equal(b1.Labels, b2.Labels);
        Assert.NotEqual(a1.Features, a3.Features);
        Assert.Equal(d.Rows, a1.Rows + b1.Rows);
        Assert.Equal(449, b1.Rows);
    }

    [Fact]
    public void GlobalScalingMapsDigitsToUnitInterval()
    {
        var d = CsvDataset.Load(Path.Combine(TestPaths.RepositoryRoot, "data", "digits.csv.gz"));
        var s = FeatureScaler.Fit(d, ScalingKind.Global);
        var t = s.Transform(d);
        Assert.Equal(0f, t.Features.Min());
        Assert.Equal(1f, t.Features.Max());
        Assert.Equal(5f / 16f, t.Features[2]);
    }

    [Fact]
    public void LabelAboveTheClassLimitIsAnErrorNamingLineAndColumn()
    {
        // Issue 10, item 3: a label 1e9 threw OverflowException (and built a model of 10⁹ outputs from NPY).
        var e = Assert.Throws<InvalidDataException>(() => Parse("1,2,0\n3,4,1e9\n"));
        Assert.Equal("t.csv: line 2, column 3: label \"1e9\" is above the limit of 100000 classes (labels 0 … 99999)", e.Message);
        Assert.Equal(100_000, Parse("1,2,0\n3,4,99999\n").Classes);
        var npy = Assert.Throws<InvalidDataException>(() => LabelledArray.FromRows([1.0, 2.0, 0.0, 3.0, 4.0, 1e9], 2, 3, -1, "t.npy"));
        Assert.Equal("t.npy: row 1, column 2: label 1000000000 is above the limit of 100000 classes (labels 0 … 99999)", npy.Message);
    }
}
