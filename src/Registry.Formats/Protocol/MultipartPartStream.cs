using Microsoft.AspNetCore.Http;

namespace Registry.Formats.Protocol;

/// <summary>
/// A form part's body that reports a multipart body ending inside a part as the malformed body it is
/// (<see cref="InvalidDataException"/>, answered 400 by <see cref="MultipartForm.GuardAsync"/>): ASP.NET Core's
/// multipart reader throws a plain <see cref="IOException"/> ("Unexpected end of Stream") for it, which would
/// otherwise surface as a server error. Found by fuzzing the multipart readers.
/// </summary>
/// <remarks>Takes the place of the section's body, so it owns it: disposing this stream disposes it.</remarks>
internal sealed class MultipartPartStream(Stream inner) : ReadOnlyStream(owned: inner)
{
    private readonly Stream _inner = inner;

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

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _inner.Read(buffer);
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
            return await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (IsTruncation(ex))
        {
            throw Truncated(ex);
        }
    }

    // Exactly IOException: its subclasses are the connection's failures (BadHttpRequestException, a reset), not the form's.
    private static bool IsTruncation(IOException exception) => exception.GetType() == typeof(IOException);

    private static InvalidDataException Truncated(IOException exception) =>
        new("the multipart body ends inside a part (no closing boundary)", exception);
}
