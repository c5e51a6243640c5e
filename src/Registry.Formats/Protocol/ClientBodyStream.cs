using Microsoft.AspNetCore.Http;

namespace Registry.Formats.Protocol;

/// <summary>
/// The request body as the endpoints read it: an <see cref="IOException"/> raised while reading it is the client's
/// doing (malformed chunked framing, a dropped connection), so it surfaces as a 400 <see cref="BadHttpRequestException"/>,
/// which the kit answers in the format's error shape, never as a server error.
/// </summary>
/// <remarks>
/// Unlike the other <see cref="ReadOnlyStream"/>s it seeks when the body does (a buffered body), and it leaves the
/// body to the server, which disposes it.
/// </remarks>
internal sealed class ClientBodyStream(Stream inner) : ReadOnlyStream(owned: null)
{
    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => inner.CanSeek;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException)
        {
            throw Unreadable(ex);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException)
        {
            throw Unreadable(ex);
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    private static BadHttpRequestException Unreadable(IOException ex) =>
        new("the request body could not be read: " + ex.Message, StatusCodes.Status400BadRequest, ex);
}
