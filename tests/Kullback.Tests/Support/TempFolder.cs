namespace Kullback.Tests.Support;

/// <summary>
/// A fresh folder under the system temp path (kullback-PREFIX-XXXXXX) that is deleted with everything in it on
/// <see cref="Dispose"/>: a test class holds one as a field and implements IDisposable, so each test's files go when the
/// test ends. <see cref="ForProcess"/> gives one for static test data, deleted when the test process exits.
/// </summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates the folder.</summary>
    /// <param name="prefix">A word naming the tests (the folder is kullback-PREFIX-…).</param>
    public TempFolder(string prefix) => Path = Directory.CreateTempSubdirectory($"kullback-{prefix}-").FullName;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> inside the folder (nothing is created).</summary>
    public string this[string name] => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> inside the folder and returns its path.</summary>
    public string Write(string name, string content)
    {
        string path = this[name];
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>A folder that lives until the test process exits (for static test data such as theory rows).</summary>
    public static TempFolder ForProcess(string prefix)
    {
        var folder = new TempFolder(prefix);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        return folder;
    }

    /// <summary>Deletes the folder and its contents; a file still open elsewhere leaves it behind, never an exception.</summary>
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
