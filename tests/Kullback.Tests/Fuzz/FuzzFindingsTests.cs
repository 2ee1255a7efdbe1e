using System.CommandLine;
using Kullback.Cli.Common;
using Kullback.Data;
using Kullback.Learning.Data;

namespace Kullback.Tests.Fuzz;

/// <summary>
/// Inputs found by the AFL++ targets of tests/Kullback.Fuzz that crashed the tool (an exception a user would have
/// seen as a stack trace). Each is kept here as it was found, and must now give one clean error line.
/// </summary>
public sealed class FuzzFindingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kullback-fuzz-findings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs <paramref name="read"/> as the fuzz harness does: as a command under the tool's error policy.</summary>
    private static (int Code, string Error) UnderCliPolicy(Action read)
    {
        var command = new Command("fuzz");
        command.SetAction(_ => read());
        var stderr = new StringWriter();
        int code = CliRunner.Run(command, [], new StringWriter(), stderr);
        return (code, stderr.ToString());
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void IdxDimensionsWhoseProductOverflowsLongAreAnError()
    {
        // idx target, found by havoc: images magic 00 00 08 03 with sizes 0x00001003 × 0x6B00FF02 × 0x00636363 (the
        // product passes 2^63 and wrapped negative: OverflowException in new byte[count]).
        var bytes = Convert.FromBase64String("AAAIAwAAEANrAP8CAGNjY2NjY2NjY2NjY2NjY2NjY2MAAAIAFCgnUGR4jKC0//+AAAgBAAoAAwABAg==");
        var path = Write("images-idx3-ubyte", bytes);
        var (code, error) = UnderCliPolicy(() => IdxFile.ReadBytes(path));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("hold more than", error);
        Assert.Contains(path, error);
    }

    [Fact]
    public void IdxImagesWithTooManyPixelsPerImageAreAnError()
    {
        // 0 images of 65536 × 65536 pixels: the pixel count per image overflowed int.
        byte[] images = [0, 0, 8, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0];
        byte[] labels = [0, 0, 8, 1, 0, 0, 0, 0];
        string imagesPath = Write("i-idx3-ubyte", images), labelsPath = Write("l-idx1-ubyte", labels);
        var (code, error) = UnderCliPolicy(() => IdxDataset.Load(imagesPath, labelsPath));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("65536 × 65536 pixels are too large", error);
    }

    [Theory]
    [InlineData("@.")]
    [InlineData("@/nonexistent/file")]
    public void AnArgumentStartingWithAtIsAnArgumentNotAResponseFile(string spec)
    {
        // spec target, found by havoc: the input "@." made System.CommandLine read "." as a response file, and the
        // UnauthorizedAccessException escaped before any verb ran.
        var stderr = new StringWriter();
        int code = CliRunner.Run(Kullback.Cli.Program.BuildRoot(), ["kl", spec, "Normal(0, 1)", "--json"], new StringWriter(), stderr);
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.StartsWith("kullback: ", stderr.ToString());
        Assert.Contains(spec, stderr.ToString());
    }
}
