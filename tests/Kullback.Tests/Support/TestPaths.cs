namespace Kullback.Tests.Support;

/// <summary>Finds the files tests read: committed fixtures, the repository's data/, and ../shared/data.</summary>
public static class TestPaths
{
    /// <summary>The folder of committed reference fixtures copied next to the test assembly.</summary>
    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>A fixture file by its path relative to tests/Kullback.Tests/Fixtures.</summary>
    public static string Fixture(string relative) => Path.Combine(Fixtures, relative);

    /// <summary>The repository root (the folder holding Kullback.slnx).</summary>
    public static string RepositoryRoot => FindUp(dir => File.Exists(Path.Combine(dir, "Kullback.slnx")))
        ?? throw new DirectoryNotFoundException($"no Kullback.slnx above {AppContext.BaseDirectory}");

    /// <summary>
    /// The shared data folder: $KULLBACK_SHARED/data when set, else the first <c>shared/data</c> found beside
    /// the repository or a folder above it (CI lays shared/ beside the clone).
    /// </summary>
    public static string SharedData
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("KULLBACK_SHARED");
            if (!string.IsNullOrEmpty(env)) return Path.Combine(env, "data");
            var found = FindUp(dir => Directory.Exists(Path.Combine(dir, "shared", "data")));
            return found is null
                ? throw new DirectoryNotFoundException("shared/data not found beside the repository; set KULLBACK_SHARED")
                : Path.Combine(found, "shared", "data");
        }
    }

    private static string? FindUp(Func<string, bool> predicate)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (predicate(dir.FullName)) return dir.FullName;
        return null;
    }
}
