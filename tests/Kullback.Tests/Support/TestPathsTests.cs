namespace Kullback.Tests.Support;

public class TestPathsTests
{
    [Fact]
    public void SharedDataHoldsTheDataSetsTestsRead()
    {
        Assert.True(File.Exists(Path.Combine(TestPaths.SharedData, "digits.csv.gz")), TestPaths.SharedData);
        Assert.True(File.Exists(Path.Combine(TestPaths.RepositoryRoot, "data", "digits.csv.gz")));
    }
}
