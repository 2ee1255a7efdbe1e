using System.Buffers.Binary;

namespace Kullback.Data;

/// <summary>
/// A llama.cpp KL-divergence base file, as llama.cpp's perplexity tool writes it with <c>--kl-divergence-base FILE</c>
/// (reimplemented from the format, little-endian):
/// the 8 bytes <c>_logits_</c> · u32 n_ctx · i32 n_vocab · i32 n_chunk · i32 tokens[n_chunk · n_ctx] · then per chunk
/// n_ctx − 1 − ⌊n_ctx/2⌋ rows of nv = 2·⌈n_vocab/2⌉ + 4 u16 values each: two float32 (scale, min_log_prob) in the first
/// four, then the n_vocab quantised log-probabilities qᵢ (padded to an even count), decoded as
/// log pᵢ = scale·qᵢ + min_log_prob. Row j of chunk c holds the model's log-probabilities at position ⌊n_ctx/2⌋ + j of
/// the chunk, so its observed (next) token is tokens[c·n_ctx + ⌊n_ctx/2⌋ + j + 1]. The file keeps only the last
/// 16 nats below each row's maximum: smaller log-probabilities are stored as min_log_prob.
/// </summary>
public sealed unsafe class LlamaKlBaseFile : IDisposable
{
    /// <summary>The 8 bytes the file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "_logits_"u8;

    private const int HeaderBytes = 8 + 4 + 4 + 4;

    private readonly MappedView _view;
    private byte* _rows => _view.Pointer;

    private LlamaKlBaseFile(string path, int context, int vocab, int chunks, long[] tokens, long rowsStart, long rowBytes)
    {
        FilePath = path;
        Context = context;
        Vocab = vocab;
        Chunks = chunks;
        RowsPerChunk = context - 1 - context / 2;
        RowCount = (long)chunks * RowsPerChunk;
        Tokens = tokens;
        _view = new MappedView(path, rowsStart, rowBytes);
    }

    /// <summary>The path the file was opened from.</summary>
    public string FilePath { get; }

    /// <summary>n_ctx, the context length of each chunk.</summary>
    public int Context { get; }

    /// <summary>n_vocab, the vocabulary size (columns).</summary>
    public int Vocab { get; }

    /// <summary>n_chunk, the number of chunks.</summary>
    public int Chunks { get; }

    /// <summary>Rows stored per chunk: n_ctx − 1 − ⌊n_ctx/2⌋.</summary>
    public int RowsPerChunk { get; }

    /// <summary>Rows (scored tokens): n_chunk · (n_ctx − 1 − ⌊n_ctx/2⌋).</summary>
    public long RowCount { get; }

    /// <summary>u16 values per stored row: 2·⌈n_vocab/2⌉ + 4.</summary>
    public int RowStride => 2 * ((Vocab + 1) / 2) + 4;

    /// <summary>The observed token of each row (the token that follows the row's position), in row order.</summary>
    public long[] Tokens { get; }

    /// <summary>Opens and checks <paramref name="path"/>: magic, sizes, tokens in [0, n_vocab), and the exact file length.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a base file, bad sizes, a token outside the vocabulary, or a truncated or over-long file.</exception>
    public static LlamaKlBaseFile Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        long length = new FileInfo(path).Length;
        using var stream = File.OpenRead(path);
        Span<byte> header = stackalloc byte[HeaderBytes];
        int got = stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false);
        if (got < 8 || !header[..8].SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a llama.cpp KL-divergence base file (no \"_logits_\" magic)");
        if (got < HeaderBytes)
            throw new InvalidDataException($"{path}: truncated llama.cpp base file: {got} bytes, the header alone is {HeaderBytes}");
        uint context = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        int vocab = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        int chunks = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        if (context < 3 || context > 1 << 24)
            throw new InvalidDataException($"{path}: n_ctx = {context}; a base file scores the second half of each context, so 3 ≤ n_ctx ≤ {1 << 24}");
        if (vocab < 1 || vocab > 1 << 26) throw new InvalidDataException($"{path}: n_vocab = {vocab} is not a vocabulary size in [1, {1 << 26}]");
        if (chunks < 1) throw new InvalidDataException($"{path}: n_chunk = {chunks}; at least one chunk is needed");
        int n = (int)context;
        int perChunk = n - 1 - n / 2;
        long tokenBytes = 4L * chunks * n;
        long rowBytes = 2L * (2 * ((vocab + 1) / 2) + 4) * perChunk * chunks;
        long expected = HeaderBytes + tokenBytes + rowBytes;
        if (length != expected)
            throw new InvalidDataException(length < expected
                ? $"{path}: truncated llama.cpp base file: n_ctx {n}, n_vocab {vocab}, n_chunk {chunks} need {expected} bytes, the file has {length}"
                : $"{path}: {length - expected} bytes after the last chunk (n_ctx {n}, n_vocab {vocab}, n_chunk {chunks} need {expected} bytes): not a base file of these sizes");
        if (tokenBytes > Array.MaxLength || (long)chunks * perChunk > Array.MaxLength)
            throw new InvalidDataException($"{path}: {chunks} chunks of {n} tokens are more than this tool handles");
        var raw = new byte[tokenBytes];
        stream.ReadExactly(raw);
        var tokens = new long[(long)chunks * perChunk];
        for (int c = 0; c < chunks; c++)
        {
            for (int j = 0; j < perChunk; j++)
            {
                long at = (long)c * n + n / 2 + j + 1;
                int t = BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan((int)(4 * at)));
                if (t < 0 || t >= vocab)
                    throw new InvalidDataException($"{path}: token {at} (chunk {c}, position {n / 2 + j + 1}) = {t} is outside the vocabulary [0, {vocab})");
                tokens[(long)c * perChunk + j] = t;
            }
        }
        return new LlamaKlBaseFile(path, n, vocab, chunks, tokens, HeaderBytes + tokenBytes, rowBytes);
    }

    /// <summary>
    /// Decodes rows [firstRow, firstRow + rowCount) into log-probabilities log pᵢ = scale·qᵢ + min_log_prob (float32, as
    /// llama.cpp decodes them), row-major into <paramref name="destination"/> (length ≥ rowCount · n_vocab).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Rows outside the file, or destination too short.</exception>
    /// <exception cref="InvalidDataException">A row's scale or min_log_prob is not finite, or the scale is negative.</exception>
    public void CopyLogProbabilities(long firstRow, int rowCount, Span<float> destination)
    {
        if (firstRow < 0 || rowCount < 0 || firstRow + rowCount > RowCount)
            throw new ArgumentOutOfRangeException(nameof(firstRow), firstRow, $"rows {firstRow}…{firstRow + rowCount - 1} are outside [0, {RowCount})");
        if (destination.Length < (long)rowCount * Vocab) throw new ArgumentOutOfRangeException(nameof(destination), destination.Length, $"{(long)rowCount * Vocab} floats are needed");
        ObjectDisposedException.ThrowIf(_rows == null, this);
        int stride = RowStride;
        for (int r = 0; r < rowCount; r++)
        {
            var row = new ReadOnlySpan<ushort>(_rows + (firstRow + r) * stride * 2L, stride);
            float scale = BitConverter.Int32BitsToSingle(row[0] | row[1] << 16);
            float min = BitConverter.Int32BitsToSingle(row[2] | row[3] << 16);
            if (!float.IsFinite(scale) || !float.IsFinite(min) || scale < 0)
                throw new InvalidDataException($"{FilePath}: row {firstRow + r}: scale {scale}, min_log_prob {min}: corrupt base file (a finite scale ≥ 0 and min_log_prob are needed)");
            var q = row.Slice(4, Vocab);
            var dst = destination.Slice(r * Vocab, Vocab);
            for (int i = 0; i < q.Length; i++) dst[i] = scale * q[i] + min;
        }
    }

    /// <summary>Releases the mapping.</summary>
    public void Dispose() => _view.Dispose();
}
