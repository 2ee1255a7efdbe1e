using Kullback.Learning.Variational;

namespace Kullback.Tests.Learning.Variational;

public sealed class RegressionCsvTests
{
    private static string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kullback-regression-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ReadsFeaturesAndTheLastColumnAsTargetSkippingBlankLines()
    {
        var path = Write("1, 2,3\n\n4,5 ,6.5\n");
        try
        {
            var (x, y, rows, features) = RegressionCsv.Load(path);
            Assert.Equal((2, 2), (rows, features));
            Assert.Equal([1.0, 2, 4, 5], x);
            Assert.Equal([3.0, 6.5], y);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("1,2\n3,x\n", "line 2, column 2: \"x\" is not a finite number")]
    [InlineData("1,2\n\n3,x\n", "line 3, column 2: \"x\" is not a finite number")]
    [InlineData("1,2\n3,4,5\n", "line 2: 3 columns, but the first row has 2")]
    [InlineData("1\n", "line 1: 1 column; need at least one feature and the target")]
    [InlineData("\n\n", "no rows")]
    public void BadFilesNameTheLineAndColumn(string text, string message)
    {
        var path = Write(text);
        try { Assert.Contains(message, Assert.Throws<InvalidDataException>(() => RegressionCsv.Load(path)).Message); }
        finally { File.Delete(path); }
    }
}
