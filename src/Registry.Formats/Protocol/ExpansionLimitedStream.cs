using System.IO.Compression;

namespace Registry.Formats.Protocol;

/// <summary>
/// A decompressing stream that throws <see cref="ExpansionLimitException"/> once more than a limit of bytes came out
/// of it: the bound on a gzip bomb (a few megabytes that inflate to gigabytes), enforced while the archive streams,
/// whatever sizes its members declare.
/// </summary>
internal sealed class ExpansionLimitedStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
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

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _read += read;
        return _read > limit ? throw new ExpansionLimitException(limit) : read;
    }
}
