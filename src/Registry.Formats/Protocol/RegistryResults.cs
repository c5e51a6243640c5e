using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Registry.Core.Reading;
using Registry.Core.Security;

namespace Registry.Formats.Protocol;

/// <summary>Error answers in GitLab's API shape (<c>{"message": "..."}</c>), with the challenge clients need to retry.</summary>
public static class RegistryResults
{
    private const string OctetStream = "application/octet-stream";

    /// <summary>An error with GitLab's body shape.</summary>
    public static IResult Message(int statusCode, string message) => ClientErrorShape.GitLab.Render(statusCode, message);

    /// <summary>401 with a Basic challenge, so that pip, Maven and NuGet retry with credentials.</summary>
    public static IResult Unauthorized() => ClientErrorShape.GitLab.Unauthorized();

    /// <summary>The answer for a refused permission: 401, 403 or 404.</summary>
    public static IResult Denied(PermissionDecision decision) => ClientErrorShape.GitLab.Denied(decision);

    /// <summary>
    /// A metadata document with an <c>ETag</c> derived from its bytes, answering <c>304 Not Modified</c> when the
    /// request's <c>If-None-Match</c> names that tag or <c>*</c> (RFC 9110, section 13.1.2), so clients that
    /// revalidate (npm, NuGet) download unchanged documents once.
    /// </summary>
    public static IResult Document(HttpContext context, byte[] body, string contentType)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..40]}\"";
        context.Response.Headers.ETag = etag;
        return IfNoneMatchHas(context, etag) ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(body, contentType);
    }

    /// <summary>Whether the request's <c>If-None-Match</c> names <paramref name="etag"/> or <c>*</c>.</summary>
    internal static bool IfNoneMatchHas(HttpContext context, string etag) =>
        context.Request.Headers.IfNoneMatch
            .Any(value => value is not null && value.Split(',').Any(tag => tag.Trim() is var t && (t == etag || t == "*")));

    /// <summary>
    /// A package file's bytes: for a <c>GET</c>, a <c>302 Found</c> to the blob store's own URL when it hands one out
    /// (<see cref="PackageDownload.RedirectUrl"/>; RFC 9110, section 15.4.3), otherwise, when downloads are offloaded
    /// (<see cref="DownloadOffloadOptions"/>) and the file is a local one, the header that has the front proxy send it,
    /// otherwise the bytes, sent from memory for small hot files, from the
    /// local file when the blob store has one, or streamed, with range support (RFC 9110, section 14) and the SHA-256 as strong
    /// <c>ETag</c>. <c>HEAD</c> is always answered here, since a presigned URL is signed for <c>GET</c> only.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="download">The opened file.</param>
    /// <param name="fileDownloadName">The name for <c>Content-Disposition</c>, or null for none.</param>
    /// <param name="contentType">The media type; <c>application/octet-stream</c> unless the format knows better.</param>
    public static IResult Download(HttpContext context, PackageDownload download, string? fileDownloadName, string contentType = OctetStream)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(download);
        if (download.RedirectUrl is { } url && HttpMethods.IsGet(context.Request.Method))
        {
            // Unread, so nothing was fetched for it: closing it costs no request.
            download.Content.Dispose();
            return Results.Redirect(url.AbsoluteUri);
        }

        var etag = new EntityTagHeaderValue($"\"{download.File.Sha256}\"");
        if (download.LocalPath is { } offloaded && DownloadOffload.Header(context, offloaded) is { } offload)
        {
            download.Content.Dispose();
            return DownloadOffload.Result(offload, contentType, fileDownloadName, download.File.CreatedAt, etag);
        }

        if (download.Bytes is { } bytes)
        {
            download.Content.Dispose();
            return Results.Bytes(bytes, contentType, fileDownloadName, enableRangeProcessing: true, download.File.CreatedAt, etag);
        }

        if (download.LocalPath is { } path)
        {
            // Opening the stream proved the blob is there; the path is what gets sent (sendfile, no copy through managed buffers).
            download.Content.Dispose();
            return Results.File(path, contentType, fileDownloadName, download.File.CreatedAt, etag, enableRangeProcessing: true);
        }

        return Results.Stream(download.Content, contentType, fileDownloadName, download.File.CreatedAt, etag, enableRangeProcessing: true);
    }
}
