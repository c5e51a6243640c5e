using Amazon.S3.Model;

namespace Registry.Storage.S3;

/// <summary>
/// A seekable read of one object. Nothing is fetched until the first read; then one <c>GET</c> streams from the
/// current position to the end (a ranged <c>GET</c> after a seek), so a whole download costs one request and a range
/// read fetches only what follows its start.
/// </summary>
internal sealed class S3ReadStream : Stream
{
    private readonly S3BlobStore _store;
    private readonly string _objectKey;
    private readonly long _length;
    private GetObjectResponse? _response;
    private long _position;

    public S3ReadStream(S3BlobStore store, string objectKey, long length)
    {
        _store = store;
        _objectKey = objectKey;
        _length = length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= _length || buffer.IsEmpty)
        {
            return 0;
        }

        _response ??= await _store.GetObjectAsync(_objectKey, _position, _length, cancellationToken).ConfigureAwait(false);
        var read = await _response.ResponseStream.ReadAsync(buffer[..Remaining(buffer.Length)], cancellationToken).ConfigureAwait(false);
        return Advance(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <remarks>
    /// Synchronous readers exist (<c>ZipArchive</c>, which NuGet's inspection uses on a large upload read back), and the
    /// SDK has no synchronous request on .NET, so the request alone is waited for; the body itself is read synchronously.
    /// </remarks>
    public override int Read(Span<byte> buffer)
    {
        if (_position >= _length || buffer.IsEmpty)
        {
            return 0;
        }

        _response ??= _store.GetObjectAsync(_objectKey, _position, _length, CancellationToken.None).GetAwaiter().GetResult();
        return Advance(_response.ResponseStream.Read(buffer[..Remaining(buffer.Length)]));
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        if (target != _position)
        {
            // The open response streams from the old position; the next read asks for the new one.
            CloseResponse();
            _position = target;
        }

        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseResponse();
        }

        base.Dispose(disposing);
    }

    private int Remaining(int wanted) => (int)Math.Min(wanted, _length - _position);

    private int Advance(int read)
    {
        if (read == 0)
        {
            throw new IOException($"The object {_objectKey} ended after {_position} of its {_length} bytes.");
        }

        _position += read;
        return read;
    }

    private void CloseResponse()
    {
        _response?.Dispose();
        _response = null;
    }
}
