namespace Registry.Formats.Npm;

/// <summary>The decoded tarball of a publish document, read straight from the request as the publisher asks for it.</summary>
internal sealed class NpmAttachmentStream(NpmDocumentScanner scanner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        scanner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        scanner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The request body is only read asynchronously (Kestrel refuses synchronous reads), so this stream is too.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
