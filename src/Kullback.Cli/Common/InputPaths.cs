namespace Kullback.Cli.Common;

/// <summary>
/// Checks of input paths made before any work: a file named on the command line that does not exist, or is a folder, is a
/// mistake in the command line (exit 2), reported with the option or argument that named it.
/// </summary>
public static class InputPaths
{
    /// <summary>Checks that <paramref name="path"/>, given as <paramref name="what"/> (an option such as "--model", or "A"), is an existing file.</summary>
    /// <exception cref="UsageException">It does not exist, or it is a folder.</exception>
    public static void CheckFile(string what, string? path)
    {
        if (path is null) return;
        if (path.Length == 0) throw new UsageException($"{what}: give a file name");
        if (Directory.Exists(path)) throw new UsageException($"{what} {path}: is a folder, not a file");
        if (!File.Exists(path)) throw new UsageException($"{what} {path}: no such file");
    }
}
