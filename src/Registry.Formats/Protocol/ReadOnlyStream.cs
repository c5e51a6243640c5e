namespace Registry.Formats.Protocol;

/// <summary>
/// The base of the kit's read-only, forward-only streams (digesting, expansion-limiting, error-translating wrappers):
/// everything a <see cref="Stream"/> demands besides reading is answered once here (no seeking, no length, no
/// position, no writing: <see cref="NotSupportedException"/>), and an inner stream it owns is disposed exactly once.
/// </summary>
/// <remarks>
/// The one read a subclass must write is <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>: uploads arrive as
/// request bodies, which are read asynchronously, and <see cref="Stream"/>'s own fallback for it would block a pool
/// thread on the synchronous read. A subclass that can also be read synchronously (a member of an archive that
/// <c>ZipArchive</c> or a tar reader pulls) overrides <see cref="Read(Span{byte})"/>; the array and single-byte reads
/// go through it, so neither rents nor allocates a buffer.
/// </remarks>
/// <param name="owned">The stream this one wraps and disposes with itself, or null when the caller keeps it.</param>
internal abstract class ReadOnlyStream(Stream? owned) : Stream
{
    private Stream? _owned = owned;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <summary>Reads synchronously; a stream that reads only asynchronously (a request body: Kestrel refuses synchronous reads) leaves this throwing.</summary>
    public override int Read(Span<byte> buffer) =>
        throw new NotSupportedException($"{GetType().Name} is read asynchronously only (ReadAsync).");

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 0 ? -1 : one[0];
    }

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
            // Taken out first, so that disposing this stream twice disposes the inner one once.
            Interlocked.Exchange(ref _owned, null)?.Dispose();
        }

        base.Dispose(disposing);
    }
}
