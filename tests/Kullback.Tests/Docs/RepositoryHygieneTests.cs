using Kullback.Tests.Support;

namespace Kullback.Tests.Docs;

/// <summary>Issue 10, items 24, 26, 27: the licence exists, doc commands' outputs are ignored, docs use repo-relative paths.</summary>
public class RepositoryHygieneTests
{
    private static IEnumerable<string> Docs() =>
        Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "docs"), "*.md").Append(Path.Combine(TestPaths.RepositoryRoot, "README.md"));

    [Fact]
    public void DocsHaveNoMachineSpecificAbsolutePaths()
    {
        foreach (var file in Docs())
        {
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
                Assert.False(lines[i].Contains("/work/") || lines[i].Contains("/home/"), $"{Path.GetFileName(file)}:{i + 1}: {lines[i]}");
        }
    }

    [Fact]
    public void OutputsOfTheDocumentedCommandsAreGitignored()
    {
        var ignore = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, ".gitignore"));
        foreach (var pattern in new[] { "/report/", "/vi-report/", "/*.kbm" }) Assert.Contains(pattern, ignore);
    }

    [Fact]
    public void MitLicenceIsShippedAndDeclared()
    {
        Assert.StartsWith("MIT License", File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "LICENSE")));
        Assert.Contains("<PackageLicenseExpression>MIT</PackageLicenseExpression>", File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "Directory.Build.props")));
    }
}
