using Microsoft.AspNetCore.Http;

namespace Registry.Formats.Protocol;

/// <summary>
/// A form part's body that reports a multipart body ending inside a part as the malformed body it is
/// (<see cref="InvalidDataException"/>, answered 400 by <see cref="MultipartForm.GuardAsync"/>): ASP.NET Core's
/// multipart reader throws a plain <see cref="IOException"/> ("Unexpected end of Stream") for it, which would
/// otherwise surface as a server error. Found by fuzzing the multipart readers.
/// </summary>
internal sealed class MultipartPartStream(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Runs a read of the multipart body, turning its truncation into <see cref="InvalidDataException"/>.</summary>
    public static async Task<T> TranslateAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (IOException ex) when (IsTruncation(ex))
        {
            throw Truncated(ex);
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return inner.Read(buffer, offset, count);
        }
        catch (IOException ex) when (IsTruncation(ex))
        {
            throw Truncated(ex);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (IsTruncation(ex))
        {
            throw Truncated(ex);
        }
    }

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

    // Exactly IOException: its subclasses are the connection's failures (BadHttpRequestException, a reset), not the form's.
    private static bool IsTruncation(IOException exception) => exception.GetType() == typeof(IOException);

    private static InvalidDataException Truncated(IOException exception) =>
        new("the multipart body ends inside a part (no closing boundary)", exception);
}
