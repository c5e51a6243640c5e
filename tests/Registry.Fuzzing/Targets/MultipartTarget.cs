using Microsoft.AspNetCore.Http;
using Registry.Formats.Helm;
using Registry.Formats.Protocol;
using Registry.Formats.PyPI;

namespace Registry.Fuzzing.Targets;

/// <summary>
/// The kit's multipart/form-data readers (part count and header limits, field budget): the first byte picks the reader,
/// the rest is the body under the boundary <see cref="Boundary"/>. Even: <see cref="StreamedUploadForm"/> as PyPI
/// (and Composer) read it, then twine's fields checked. Odd: Helm's ChartMuseum form, before and after the chart.
/// Refusal: what <see cref="MultipartForm.GuardAsync"/> answers 400, <see cref="InvalidDataException"/> (a malformed
/// body, a limit) and <see cref="BadHttpRequestException"/> (an unreadable body).
/// </summary>
internal static class MultipartTarget
{
    public const string Boundary = "fuzzboundary";

    public static void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var request = FuzzInputs.MultipartRequest(input.AsMemory(1), Boundary);
        try
        {
            if (input[0] % 2 == 0)
            {
                ReadUploadForm(request);
            }
            else
            {
                ReadHelmForm(request);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
        }
    }

    private static void ReadUploadForm(HttpRequest request)
    {
        var (form, _) = StreamedUploadForm.ReadAsync(request, FuzzInputs.Limits(), static (name, _) => name == "content", "no content", CancellationToken.None).GetAwaiter().GetResult();
        if (form is not null)
        {
            _ = PyPIUpload.ValidateOrNull(form, out _);
            form.Content.CopyTo(Stream.Null);
        }
    }

    private static void ReadHelmForm(HttpRequest request)
    {
        const int maxProvenanceBytes = 64 * 1024;
        var (form, _) = HelmUploadForm.ReadUntilChartAsync(request, FuzzInputs.Limits(), maxProvenanceBytes, CancellationToken.None).GetAwaiter().GetResult();
        if (form is not null)
        {
            form.Chart.CopyTo(Stream.Null);
            _ = form.ReadRestAsync(maxProvenanceBytes, CancellationToken.None).GetAwaiter().GetResult();
        }
    }
}
