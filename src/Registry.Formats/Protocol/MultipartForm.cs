using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Registry.Formats.Protocol;

/// <summary>
/// Streaming reads of <c>multipart/form-data</c> uploads (RFC 7578): the form's sections one at a time, file parts
/// left unread for the publisher, small parts read under a bound. Nothing buffers a whole body.
/// </summary>
internal static class MultipartForm
{
    private const int ChunkBytes = 16 * 1024;

    /// <summary>
    /// Runs a multipart upload's handler, answering a body the server could not read (truncated, over Kestrel's limits)
    /// and a malformed multipart body in the route's client error shape.
    /// </summary>
    public static async Task<IResult> GuardAsync(HttpContext context, Func<Task<IResult>> upload)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(upload);
        try
        {
            return await upload().ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            return ClientErrors.Of(context).UnreadableBody(ex);
        }
        catch (InvalidDataException ex)
        {
            // A malformed multipart body.
            return ClientErrors.Of(context).BadRequest(ex.Message);
        }
    }

    /// <summary>A reader of the request's sections within <paramref name="limits"/>, or null with <paramref name="error"/> when the body is not multipart/form-data.</summary>
    public static LimitedMultipartReader? ReaderOrNull(HttpRequest request, UploadLimits limits, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        error = null;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            error = "the upload must be multipart/form-data";
            return null;
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            error = "the multipart body has no boundary";
            return null;
        }

        return new LimitedMultipartReader(boundary, request.Body, limits);
    }

    /// <summary>A form-data section's field name and file name (null for a plain field); null when the section is not form-data.</summary>
    public static (string Name, string? FileName)? FieldOrNull(MultipartSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
            var fileName = disposition.IsFileDisposition()
                ? HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? string.Empty
                : null;
            return (name, fileName);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            // Found by fuzzing: ASP.NET Core's RFC 5987 decoding of some malformed filename* values throws instead of
            // failing the parse, and of filename*=utf-7''... asks Encoding.GetEncoding for UTF-7, which .NET refuses
            // with NotSupportedException; such a part is as unreadable as one that is not form-data.
            return null;
        }
    }

    /// <summary>A part's bytes, or null when it holds more than <paramref name="max"/> (read no further).</summary>
    public static async Task<byte[]?> ReadBoundedOrNullAsync(Stream body, long max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
