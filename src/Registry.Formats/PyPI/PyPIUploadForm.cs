using Microsoft.AspNetCore.Http;
using Registry.Formats.Protocol;

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
        if (MultipartForm.ReaderOrNull(request, out var formError) is not { } reader)
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

            if (fileName is not null || name == "content")
            {
                if (name != "content")
                {
                    // Signatures (gpg_signature) and attestations are not kept.
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                return (new PyPIUploadForm(fields, fileName ?? string.Empty, section.Body), null);
            }

            var bytes = await MultipartForm.ReadBoundedOrNullAsync(section.Body, MaxFieldsBytes - fieldBytes, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                return (null, $"the form fields exceed {MaxFieldsBytes} bytes");
            }

            fieldBytes += bytes.Length;
            fields.TryAdd(name, System.Text.Encoding.UTF8.GetString(bytes).Trim());
        }

        return (null, "the upload has no content part (the distribution file)");
    }
}
