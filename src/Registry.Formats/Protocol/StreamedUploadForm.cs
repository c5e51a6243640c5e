using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Registry.Formats.Protocol;

/// <summary>
/// A <c>multipart/form-data</c> upload (RFC 7578) read as a stream: the text fields, then the file part that holds the
/// package, whose bytes are left unread for the publisher. Uploaders (twine, curl <c>-F</c> in the order given) send
/// the fields first; a field after the file is not seen.
/// </summary>
internal sealed class StreamedUploadForm
{
    private const int MaxFieldsBytes = 16 * 1024 * 1024;
    private readonly Dictionary<string, string> _fields;

    private StreamedUploadForm(Dictionary<string, string> fields, string fileName, Stream content)
    {
        _fields = fields;
        FileName = fileName;
        Content = content;
    }

    /// <summary>The name the content part carries.</summary>
    public string FileName { get; }

    /// <summary>The content part's bytes, not yet read.</summary>
    public Stream Content { get; }

    /// <summary>A field's value (the first when it repeats), or null.</summary>
    public string? this[string name] => _fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>
    /// Reads the fields up to the package's part, the first part <paramref name="isContent"/> accepts (given the part's
    /// name and whether it carries a file name); other file parts are skipped. The error says what is wrong with the body.
    /// </summary>
    public static async Task<(StreamedUploadForm? Form, string? Error)> ReadAsync(HttpRequest request, Func<string, bool, bool> isContent, string missingContent, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "the upload must be multipart/form-data");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return (null, "the multipart body has no boundary");
        }

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        long fieldBytes = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                return (null, "a multipart section is not form-data");
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
            var isFile = disposition.IsFileDisposition();
            var content = isContent(name, isFile);
            if (isFile || content)
            {
                if (!content)
                {
                    // Other files (twine's gpg_signature, attestations) are not kept.
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value
                    ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value
                    ?? string.Empty;
                return (new StreamedUploadForm(fields, fileName, section.Body), null);
            }

            var value = await ReadTextOrNullAsync(section.Body, MaxFieldsBytes - fieldBytes, cancellationToken).ConfigureAwait(false);
            if (value is null)
            {
                return (null, $"the form fields exceed {MaxFieldsBytes} bytes");
            }

            fieldBytes += value.Length;
            fields.TryAdd(name, value.Trim());
        }

        return (null, missingContent);
    }

    /// <summary>A field's text, or null when it is longer than <paramref name="max"/> bytes (read no further).</summary>
    private static async Task<string?> ReadTextOrNullAsync(Stream body, long max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
