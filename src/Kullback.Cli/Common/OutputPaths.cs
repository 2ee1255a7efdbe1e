namespace Kullback.Cli.Common;

/// <summary>
/// Checks of output paths made before any work (reading data, training), so that a run never ends in a raw .NET error
/// after minutes of work; the message names the option. A file path must not be a folder and its folder must exist; a
/// folder path must not be an existing file (the folder itself and its parents are created when it is written).
/// </summary>
public static class OutputPaths
{
    /// <summary>Checks that <paramref name="path"/>, given as <paramref name="option"/>, can be written as a file.</summary>
    /// <exception cref="UsageException">It is a folder, or its folder does not exist.</exception>
    public static void CheckFile(string option, string? path)
    {
        if (path is null) return;
        if (path.Length == 0) throw new UsageException($"{option}: give a file name");
        if (Directory.Exists(path)) throw new UsageException($"{option} {path}: is a folder; give a file name (e.g. {Path.Combine(path, "model.kbm")})");
        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        if (!Directory.Exists(folder)) throw new UsageException($"{option} {path}: folder {folder} does not exist");
    }

    /// <summary>Checks that <paramref name="path"/>, given as <paramref name="option"/>, can be written as a folder.</summary>
    /// <exception cref="UsageException">It, or one of its parents, is an existing file.</exception>
    public static void CheckFolder(string option, string? path)
    {
        if (path is null) return;
        if (path.Length == 0) throw new UsageException($"{option}: give a folder name");
        for (string? p = Path.GetFullPath(path); !string.IsNullOrEmpty(p); p = Path.GetDirectoryName(p))
        {
            if (File.Exists(p)) throw new UsageException($"{option} {path}: {(p == Path.GetFullPath(path) ? "is an existing file" : $"{p} is a file")}; give a folder (the report is written into it)");
            if (Directory.Exists(p)) return;
        }
    }
}
