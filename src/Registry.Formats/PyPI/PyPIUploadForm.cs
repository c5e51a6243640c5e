using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Registry.Formats.PyPI;

/// <summary>
/// The form of twine's legacy upload (https://warehouse.pypa.io/api-reference/legacy.html#upload-api), read as a
/// stream: the text fields, then the <c>content</c> file part, whose bytes are left unread for the publisher. Twine
/// (and every uploader built on <c>requests</c>' multipart encoder) sends the fields first; a field after the file is
/// not seen.
/// </summary>
internal sealed class PyPIUploadForm
{
    private const int MaxFieldsBytes = 16 * 1024 * 1024;
    private readonly Dictionary<string, string> _fields;

    private PyPIUploadForm(Dictionary<string, string> fields, string fileName, Stream content)
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

    /// <summary>Reads the fields up to the file part; the error says what is wrong with the body.</summary>
    public static async Task<(PyPIUploadForm? Form, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
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
            if (disposition.IsFileDisposition() || name == "content")
            {
                if (name != "content")
                {
                    // Signatures (gpg_signature) and attestations are not kept.
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value
                    ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value
                    ?? string.Empty;
                return (new PyPIUploadForm(fields, fileName, section.Body), null);
            }

            var value = await ReadTextOrNullAsync(section.Body, MaxFieldsBytes - fieldBytes, cancellationToken).ConfigureAwait(false);
            if (value is null)
            {
                return (null, $"the form fields exceed {MaxFieldsBytes} bytes");
            }

            fieldBytes += value.Length;
            fields.TryAdd(name, value.Trim());
        }

        return (null, "the upload has no content part (the distribution file)");
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
