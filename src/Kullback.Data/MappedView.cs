using System.IO.MemoryMappedFiles;

namespace Kullback.Data;

/// <summary>
/// A read-only memory mapping of bytes [offset, offset + length) of a file and a pointer to its first byte, held until
/// <see cref="Dispose"/>: the one mapping the file readers (NPY, safetensors, llama.cpp KL base) read through.
/// </summary>
internal sealed unsafe class MappedView : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;

    /// <summary>Maps the bytes; nothing stays open when this throws.</summary>
    /// <param name="path">The file.</param>
    /// <param name="offset">First byte mapped.</param>
    /// <param name="length">Bytes mapped, &gt; 0.</param>
    public MappedView(string path, long offset, long length)
    {
        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        try
        {
            _view = _map.CreateViewAccessor(offset, length, MemoryMappedFileAccess.Read);
        }
        catch
        {
            _map.Dispose();
            throw;
        }
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        Pointer = p + _view.PointerOffset;
    }

    /// <summary>Byte <c>offset</c> of the file; null after <see cref="Dispose"/>.</summary>
    public byte* Pointer { get; private set; }

    /// <summary>Releases the pointer and the mapping (idempotent).</summary>
    public void Dispose()
    {
        if (Pointer != null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            Pointer = null;
        }
        _view.Dispose();
        _map.Dispose();
    }
}
