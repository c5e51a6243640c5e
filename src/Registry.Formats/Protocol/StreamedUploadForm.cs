using Microsoft.AspNetCore.Http;

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
    public static async Task<(StreamedUploadForm? Form, string? Error)> ReadAsync(HttpRequest request, UploadLimits limits, Func<string, bool, bool> isContent, string missingContent, CancellationToken cancellationToken)
    {
        if (MultipartForm.ReaderOrNull(request, limits, out var formError) is not { } reader)
        {
            return (null, formError);
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        long fieldBytes = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
        {
            if (MultipartForm.FieldOrNull(section) is not { } field)
            {
                return (null, "a multipart section is not form-data");
            }

            var (name, fileName) = field;
            var isFile = fileName is not null;
            var content = isContent(name, isFile);
            if (isFile || content)
            {
                if (!content)
                {
                    // Other files (twine's gpg_signature, attestations) are not kept.
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                return (new StreamedUploadForm(fields, fileName ?? string.Empty, section.Body), null);
            }

            // A field's name is kept with its value, so both count against the budget.
            fieldBytes += System.Text.Encoding.UTF8.GetByteCount(name);
            var bytes = fieldBytes > MaxFieldsBytes ? null : await MultipartForm.ReadBoundedOrNullAsync(section.Body, MaxFieldsBytes - fieldBytes, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                return (null, $"the form fields exceed {MaxFieldsBytes} bytes");
            }

            fieldBytes += bytes.Length;
            fields.TryAdd(name, System.Text.Encoding.UTF8.GetString(bytes).Trim());
        }

        return (null, missingContent);
    }
}
