namespace Registry.Storage.Tests.FileSystem;

/// <summary>
/// A read-only stream of deterministic pseudo-random bytes, produced as it is read, so that large uploads can be
/// simulated without holding them in memory.
/// </summary>
internal sealed class GeneratedStream(long length, uint seed = 2463534242, Action<long>? afterRead = null) : Stream
{
    private uint _state = seed == 0 ? 1 : seed;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < count; i++)
        {
            // xorshift32: cheap, and different seeds give different content.
            _state ^= _state << 13;
            _state ^= _state >> 17;
            _state ^= _state << 5;
            buffer[i] = (byte)_state;
        }

        _position += count;
        afterRead?.Invoke(_position);
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The whole content, for small streams in tests that compare bytes.</summary>
    public static byte[] Bytes(int length, uint seed = 2463534242)
    {
        using var stream = new GeneratedStream(length, seed);
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
