using System.IO.Compression;

namespace Kullback.Data;

/// <summary>Opens a file for reading, transparently decompressing gzip (detected by its magic bytes 1F 8B, not by name).</summary>
internal static class Compressed
{
    public static Stream OpenRead(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Wrap(file);
    }

    public static Stream Wrap(Stream stream)
    {
        var buffered = stream.CanSeek ? stream : new BufferedStream(stream, 1 << 16);
        if (!buffered.CanSeek)
        {
            var copy = new MemoryStream();
            buffered.CopyTo(copy);
            copy.Position = 0;
            buffered = copy;
        }
        int b0 = buffered.ReadByte(), b1 = buffered.ReadByte();
        buffered.Position = 0;
        return b0 == 0x1F && b1 == 0x8B ? new BufferedStream(new GZipStream(buffered, CompressionMode.Decompress), 1 << 16) : buffered;
    }
}
