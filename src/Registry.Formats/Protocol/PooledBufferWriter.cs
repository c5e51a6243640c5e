using System.Buffers;

namespace Registry.Formats.Protocol;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> of bytes whose working buffer is rented from <see cref="ArrayPool{T}.Shared"/>, for a
/// document rendered whole and then kept as a copy (<see cref="DocumentBody.Copy"/>): with
/// <see cref="ArrayBufferWriter{T}"/> a 6 MB packument cost two large-object allocations per render (the buffer and its
/// copy) and the gen-2 collections they bring on; after a publish to a 10,000-version package those collections were a
/// large share of the GET (issue 19).
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    /// <summary>Starts with a buffer of at least <paramref name="initialCapacity"/> bytes (the expected size, so it rarely grows).</summary>
    public PooledBufferWriter(int initialCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
    }

    /// <summary>How many bytes were written.</summary>
    public int WrittenCount => _written;

    /// <summary>The bytes written so far; valid until the next write or the disposal.</summary>
    public ReadOnlySpan<byte> WrittenSpan
    {
        get
        {
            ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
            return _buffer.AsSpan(0, _written);
        }
    }

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _written);
        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Returns the buffer to the pool; the writer cannot be used afterwards.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Reserve(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        // Doubling keeps the copies linear in the document's size; past Array.MaxLength the rent itself throws.
        var size = (int)Math.Min(Array.MaxLength, Math.Max((long)_buffer.Length * 2, (long)_written + needed));
        var grown = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _written).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }
}
