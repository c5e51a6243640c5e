using Microsoft.AspNetCore.WebUtilities;

namespace Registry.Formats.Protocol;

/// <summary>
/// A <see cref="MultipartReader"/> that refuses a form of more than <see cref="UploadLimits.MaxMultipartParts"/> parts
/// and part headers over <see cref="UploadLimits.MaxMultipartHeaderBytes"/> (<see cref="InvalidDataException"/>, which
/// <see cref="MultipartForm.GuardAsync"/> answers 400): each part costs a header block and a field name, however small
/// its body.
/// </summary>
internal sealed class LimitedMultipartReader(string boundary, Stream body, UploadLimits limits)
{
    private readonly MultipartReader _reader = new(boundary, body)
    {
        BodyLengthLimit = null,
        HeadersLengthLimit = limits.MaxMultipartHeaderBytes,
    };

    private int _parts;

    /// <summary>The next part, or null at the end of the form.</summary>
    public async Task<MultipartSection?> ReadNextSectionAsync(CancellationToken cancellationToken)
    {
        // Draining the previous part reads the body too, so its truncation is reported here as well.
        var section = await MultipartPartStream.TranslateAsync(() => _reader.ReadNextSectionAsync(cancellationToken)).ConfigureAwait(false);
        if (section is not null && ++_parts > limits.MaxMultipartParts)
        {
            throw new InvalidDataException($"the form has more than {limits.MaxMultipartParts} parts");
        }

        if (section is not null)
        {
            section.Body = new MultipartPartStream(section.Body);
        }

        return section;
    }
}
