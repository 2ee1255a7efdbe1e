using Kullback.Data;
using Kullback.Tests.Support;

namespace Kullback.Tests.Data;

public class NpyFileTests
{
    private static string F(string name) => TestPaths.Fixture(Path.Combine("Npy", name));

    [Theory]
    [InlineData("good_f2.npy", NpyDType.Float16)]
    [InlineData("good_f4.npy", NpyDType.Float32)]
    [InlineData("good_f8.npy", NpyDType.Float64)]
    [InlineData("v2_f8.npy", NpyDType.Float64)]
    public void FloatFilesWrittenByNumpyReadBackExactly(string name, NpyDType type)
    {
        using var npy = NpyFile.Open(F(name));
        Assert.Equal(type, npy.DType);
        Assert.Equal([3L, 4L], npy.Shape);
        Assert.Equal(3, npy.RowCount);
        Assert.Equal(4, npy.Columns);
        var d = new double[12];
        npy.CopyRows(0, 3, d);
        var f = new float[4];
        npy.CopyRows(2, 1, f);
        for (int i = 0; i < 12; i++) Assert.Equal(i * 0.5 - 3, d[i]);
        for (int j = 0; j < 4; j++) Assert.Equal((float)((8 + j) * 0.5 - 3), f[j]);
    }

    [Fact]
    public void RowsUpToTheLastTouchOnlyTheMappingAndReadBackExactly()
    {
        // Rows touches its rows and the next one (for the kernels' prefetch); for the last row that is past the end,
        // which must be clamped to the view, as must a range far outside it.
        using var npy = NpyFile.Open(F("good_f4.npy"));
        var last = npy.Rows<float>(2, 1);
        for (int j = 0; j < 4; j++) Assert.Equal((float)((8 + j) * 0.5 - 3), last[j]);
        Assert.Equal(12, npy.Rows<float>(0, 3).Length);
        using var view = new MappedView(F("good_f4.npy"), 0, 128 + 48);
        view.Touch(100, 1L << 40);
        view.Touch(-4096, 8192);
        view.Touch(1L << 40, 10);
        view.Dispose();
        Assert.Throws<ObjectDisposedException>(() => view.Touch(0, 1));
    }

    [Theory]
    [InlineData("good_u1.npy", NpyDType.UInt8)]
    [InlineData("good_i4.npy", NpyDType.Int32)]
    [InlineData("good_i8.npy", NpyDType.Int64)]
    public void IntegerFilesReadBackExactly(string name, NpyDType type)
    {
        using var npy = NpyFile.Open(F(name));
        Assert.Equal(type, npy.DType);
        var l = new long[8];
        npy.CopyRows(1, 2, l);
        for (int i = 0; i < 8; i++) Assert.Equal(4 + i, l[i]);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (double)i), npy.ReadAllAsDouble());
    }

    [Fact]
    public void RawRowsAreSpansOverTheMappingOfTheRightType()
    {
        using var npy = NpyFile.Open(F("good_f2.npy"));
        var rows = npy.Rows<Half>(1, 2);
        Assert.Equal(8, rows.Length);
        Assert.Equal((Half)(4 * 0.5 - 3), rows[0]);
        Assert.Throws<ArgumentException>(() => npy.Rows<float>(0, 1).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => npy.Rows<Half>(2, 2).Length);
    }

    [Fact]
    public void VectorsHaveOneColumnAndCubesFlattenTrailingDimensions()
    {
        using (var v = NpyFile.Open(F("vector_i8.npy")))
        {
            Assert.Equal(5, v.RowCount);
            Assert.Equal(1, v.Columns);
            Assert.Equal("(5,)", v.ShapeText);
        }
        using var c = NpyFile.Open(F("cube_f4.npy"));
        Assert.Equal(2, c.RowCount);
        Assert.Equal(12, c.Columns);
        var row = new float[12];
        c.CopyRows(1, 1, row);
        Assert.Equal((float)(12 * 0.5 - 3), row[0]);
    }

    [Fact]
    public void EmptyArrayOpensWithZeroRows()
    {
        using var npy = NpyFile.Open(F("empty_f4.npy"));
        Assert.Equal(0, npy.RowCount);
        Assert.Equal(7, npy.Columns);
        Assert.Empty(npy.ReadAllAsDouble());
    }

    [Theory]
    [InlineData("truncated_data.npy", "truncated NPY file")]
    [InlineData("truncated_header.npy", "truncated NPY header")]
    [InlineData("bad_magic.npy", "not an NPY file")]
    [InlineData("unknown_dtype_c16.npy", "unknown NPY dtype '<c16'")]
    [InlineData("fortran_f4.npy", "Fortran-order")]
    [InlineData("bigendian_f4.npy", "big-endian")]
    public void BadFilesAreClearErrorsNamingTheFile(string name, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Open(F(name)));
        Assert.Contains(message, e.Message);
        Assert.Contains(name, e.Message);
    }

    [Fact]
    public void FloatFileCannotBeReadAsIntegers()
    {
        using var npy = NpyFile.Open(F("good_f4.npy"));
        Assert.Throws<InvalidDataException>(() => npy.CopyRows(0, 1, new long[4]));
    }
}
