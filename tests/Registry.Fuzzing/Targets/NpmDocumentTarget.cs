using System.Text.Json;
using Registry.Formats.Npm;

namespace Registry.Fuzzing.Targets;

/// <summary>
/// npm's publish document (PUT /api/v4/projects/:id/packages/npm/:name): the streaming scanner that cuts the base64
/// tarball out, then the strict parse of what is left (JSON limits, the version manifest, dist-tags, digests).
/// Refusal: <see cref="NpmDocumentException"/> (400/413); the parse steps answer a ParseError.
/// </summary>
internal static class NpmDocumentTarget
{
    private const int MaxDocumentBytes = 2 * 1024 * 1024;

    public static void Run(byte[] input)
    {
        var limits = FuzzInputs.Limits();
        using var scanner = new NpmDocumentScanner(FuzzInputs.Stream(input), MaxDocumentBytes, MaxDocumentBytes);
        try
        {
            var buffer = new byte[16 * 1024];
            while (scanner.ReadAsync(buffer, CancellationToken.None).AsTask().GetAwaiter().GetResult() > 0)
            {
            }
        }
        catch (NpmDocumentException)
        {
            return;
        }

        if (!NpmParser.ParseUploadedObject(scanner.Metadata, limits, "the body").Succeeded(out var document, out _))
        {
            return;
        }

        _ = NpmParser.HasAttachments(document);
        var routeName = document["name"] is { } name && name.GetValueKind() == JsonValueKind.String ? (string?)name ?? "demo" : "demo";
        _ = NpmParser.ParseUpload(document, routeName, scanner.Attachment);
    }
}
