using Kullback.Cli.Common;
using static Kullback.Tests.Support.KullbackCli;

namespace Kullback.Tests.Cli;

/// <summary>
/// Files that are not what they claim (issue 10, item 18): a 3 GB model file (sparse: nothing is written) and one holding only
/// the magic bytes say what is wrong and name the file in every verb that reads models; so does a 3 GB temperature file.
/// </summary>
public sealed class ModelFileMessagesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kullback-modelfile-" + Guid.NewGuid().ToString("N"));

    public ModelFileMessagesTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>A sparse file of <paramref name="bytes"/> (as `truncate -s`): its length is set, no data is written.</summary>
    private string Sparse(string name, long bytes)
    {
        string path = Path.Combine(_dir, name);
        using var f = File.Create(path);
        f.SetLength(bytes);
        return path;
    }

    private static IEnumerable<string[]> ModelReaders(string model)
    {
        yield return ["evaluate", "--model", model];
        yield return ["predict", "--model", model, "--input", "-"];
        yield return ["calibrate", "--model", model];
        yield return ["train", "--teacher", model, "--epochs", "1"];
    }

    [Fact]
    public void AThreeGigabyteModelFileIsNamedWithItsSize()
    {
        string big = Sparse("big.kbm", 3L << 30);
        foreach (var args in ModelReaders(big))
        {
            var (code, _, err) = Run(args);
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Equal($"kullback: {big}: 3221225472 bytes; a model file is at most 2147483591 bytes (2 GiB − 1)", err.Trim());
        }
    }

    [Fact]
    public void AModelFileOfOnlyTheMagicSaysItIsTruncated()
    {
        string magic = Path.Combine(_dir, "magic.kbm");
        File.WriteAllBytes(magic, "KULLBACK"u8.ToArray());
        foreach (var args in ModelReaders(magic))
        {
            var (code, _, err) = Run(args);
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Equal($"kullback: {magic}: truncated model file (8 bytes: the magic, but no header)", err.Trim());
        }
    }

    [Fact]
    public void AThreeGigabyteTemperatureFileIsAnOptionError()
    {
        string big = Sparse("t.txt", 3L << 30);
        var (code, _, err) = Run("evaluate", "--model", "unused.kbm", "--temperature", big);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal($"kullback: --temperature {big}: 3221225472 bytes; a temperature file (from `kullback calibrate --save`) holds one number", err.Trim());
        (code, _, err) = Run("predict", "--model", "unused.kbm", "--temperature", _dir);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith($"kullback: --temperature {_dir}: is a folder; expected a temperature T > 0", err.Trim());
    }
}
