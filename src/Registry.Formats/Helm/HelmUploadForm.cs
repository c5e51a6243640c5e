using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Registry.Formats.Protocol;

namespace Registry.Formats.Helm;

/// <summary>
/// ChartMuseum's upload form (https://github.com/helm/chartmuseum#uploading-a-chart-package), read as a stream: the
/// <c>chart</c> file part (what <c>helm cm-push</c> sends, alone) and an optional <c>prov</c> part, in either order. A
/// <c>prov</c> part before the chart is read into memory under its limit; the chart's bytes are left for the publisher,
/// and what follows them is read by <see cref="ReadRestAsync"/> once they are consumed.
/// </summary>
internal sealed class HelmUploadForm
{
    internal const string ChartField = "chart";
    internal const string ProvenanceField = "prov";
    private const int MaxOtherFieldsBytes = 64 * 1024;

    /// <summary>What a form may hold besides the chart and its provenance: other fields, part headers and boundaries.</summary>
    internal const int MaxFormOverheadBytes = MaxOtherFieldsBytes + (64 * 1024);
    private readonly LimitedMultipartReader _reader;
    private long _otherBytes;

    private HelmUploadForm(LimitedMultipartReader reader) => _reader = reader;

    /// <summary>The chart part's bytes, not yet read.</summary>
    public Stream Chart { get; private set; } = Stream.Null;

    /// <summary>The file name the chart part carries (a path, as cm-push sends it), or empty.</summary>
    public string ChartFileName { get; private set; } = string.Empty;

    /// <summary>The provenance file, when the form has one.</summary>
    public byte[]? Provenance { get; private set; }

    /// <summary>Reads the form up to the chart part; the error says what is wrong with the body.</summary>
    public static async Task<(HelmUploadForm? Form, string? Error)> ReadUntilChartAsync(HttpRequest request, UploadLimits limits, int maxProvenanceBytes, CancellationToken cancellationToken)
    {
        if (MultipartForm.ReaderOrNull(request, limits, out var formError) is not { } reader)
        {
            return (null, formError);
        }

        var form = new HelmUploadForm(reader);
        while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
        {
            if (MultipartForm.FieldOrNull(section) is not { } field)
            {
                return (null, "a multipart section is not form-data");
            }

            if (field.Name == ChartField)
            {
                form.Chart = section.Body;
                form.ChartFileName = field.FileName ?? string.Empty;
                return (form, null);
            }

            if (await form.ReadOtherAsync(field.Name, section, maxProvenanceBytes, cancellationToken).ConfigureAwait(false) is { } error)
            {
                return (null, error);
            }
        }

        return (null, "the upload has no chart part: send the chart as the multipart field 'chart'");
    }

    /// <summary>Reads the sections after the chart (whose bytes must have been read); the error says what is wrong with them.</summary>
    public async Task<string?> ReadRestAsync(int maxProvenanceBytes, CancellationToken cancellationToken)
    {
        while (await _reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
        {
            if (MultipartForm.FieldOrNull(section) is not { } field)
            {
                return "a multipart section is not form-data";
            }

            if (field.Name == ChartField)
            {
                return "the upload has more than one chart part";
            }

            if (await ReadOtherAsync(field.Name, section, maxProvenanceBytes, cancellationToken).ConfigureAwait(false) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private async Task<string?> ReadOtherAsync(string name, MultipartSection section, int maxProvenanceBytes, CancellationToken cancellationToken)
    {
        if (name == ProvenanceField)
        {
            if (Provenance is not null)
            {
                return "the upload has more than one prov part";
            }

            Provenance = await MultipartForm.ReadBoundedOrNullAsync(section.Body, maxProvenanceBytes, cancellationToken).ConfigureAwait(false);
            return Provenance is null ? $"the provenance file is larger than {maxProvenanceBytes} bytes" : null;
        }

        // Other fields are not used, but are read (under a bound) so that the parts after them are reached.
        var bytes = await MultipartForm.ReadBoundedOrNullAsync(section.Body, MaxOtherFieldsBytes - _otherBytes, cancellationToken).ConfigureAwait(false);
        _otherBytes += bytes?.Length ?? MaxOtherFieldsBytes;
        return bytes is null ? $"the form's fields other than chart and prov exceed {MaxOtherFieldsBytes} bytes" : null;
    }
}
