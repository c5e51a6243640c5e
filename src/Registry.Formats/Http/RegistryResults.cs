using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Registry.Core.Reading;
using Registry.Core.Security;

namespace Registry.Formats.Http;

/// <summary>Error answers in GitLab's API shape (<c>{"message": "..."}</c>), with the challenge clients need to retry.</summary>
public static class RegistryResults
{
    private const string OctetStream = "application/octet-stream";

    /// <summary>An error with GitLab's body shape.</summary>
    public static IResult Message(int statusCode, string message) =>
        Results.Json(new { message }, statusCode: statusCode);

    /// <summary>401 with a Basic challenge, so that pip, Maven and NuGet retry with credentials.</summary>
    public static IResult Unauthorized() => new ChallengeResult(Message(StatusCodes.Status401Unauthorized, "401 Unauthorized"));

    /// <summary>The answer for a refused permission: 401, 403 or 404.</summary>
    public static IResult Denied(PermissionDecision decision) => decision.Denial switch
    {
        Denial.Unauthenticated => Unauthorized(),
        Denial.Forbidden => Message(StatusCodes.Status403Forbidden, "403 Forbidden"),
        _ => Message(StatusCodes.Status404NotFound, "404 Project Not Found"),
    };

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
    /// A package file with its SHA-256 as strong ETag, its creation time as Last-Modified, and range requests (RFC 9110,
    /// section 14), so clients resume and revalidate. From a local blob store the file is sent by path
    /// (<c>SendFileAsync</c>), which servers that support it do without
    /// copying the bytes through the process.
    /// </summary>
    public static IResult File(PackageDownload download, string? fileDownloadName)
    {
        ArgumentNullException.ThrowIfNull(download);
        var etag = new EntityTagHeaderValue($"\"{download.File.Sha256}\"");
        if (download.LocalPath is { } path)
        {
            // Opening the stream proved the blob is there; the path is what gets sent.
            download.Content.Dispose();
            return Results.File(path, OctetStream, fileDownloadName, download.File.CreatedAt, etag, enableRangeProcessing: true);
        }

        return Results.Stream(download.Content, OctetStream, fileDownloadName, download.File.CreatedAt, etag, enableRangeProcessing: true);
    }

    private sealed class ChallengeResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = $"Basic realm=\"{RegistryAuthenticationDefaults.Realm}\"";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
