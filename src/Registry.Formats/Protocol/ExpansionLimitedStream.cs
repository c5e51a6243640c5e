using System.IO.Compression;

namespace Registry.Formats.Protocol;

/// <summary>
/// A decompressing stream that throws <see cref="ExpansionLimitException"/> once more than a limit of bytes came out
/// of it: the bound on a gzip bomb (a few megabytes that inflate to gigabytes), enforced while the archive streams,
/// whatever sizes its members declare.
/// </summary>
/// <remarks>Owns the decompressor it wraps: disposing this stream disposes it.</remarks>
internal sealed class ExpansionLimitedStream(Stream inner, long limit) : ReadOnlyStream(owned: inner)
{
    private readonly Stream _inner = inner;
    private long _read;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    /// <summary>
    /// Decompresses gzip from <paramref name="compressed"/> (left open), at most <paramref name="maxUncompressedBytes"/>
    /// bytes, or fewer as <see cref="UploadLimits.MaxCompressionRatio"/> allows for the compressed length when it is known.
    /// </summary>
    public static ExpansionLimitedStream Gzip(Stream compressed, UploadLimits limits, long maxUncompressedBytes)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        ArgumentNullException.ThrowIfNull(limits);
        var limit = limits.MaxExpandedBytes(compressed.CanSeek ? compressed.Length : long.MaxValue, maxUncompressedBytes);
        return new(new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true), limit);
    }

    public override int Read(Span<byte> buffer) => Count(_inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    private int Count(int read)
    {
        _read += read;
        return _read > limit ? throw new ExpansionLimitException(limit) : read;
    }
}
