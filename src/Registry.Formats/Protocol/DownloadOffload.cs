using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Registry.Formats.Hosting;

namespace Registry.Formats.Protocol;

/// <summary>
/// The answer of an offloaded download (<see cref="DownloadOffloadOptions"/>): the response headers a client needs
/// (type, disposition, the SHA-256 <c>ETag</c>, <c>Last-Modified</c>) and the proxy's header naming the file, no body.
/// </summary>
internal static class DownloadOffload
{
    /// <summary>
    /// The proxy header and its value for <paramref name="localPath"/>, with the seconds nginx may reuse the answer (0 for
    /// none); null when downloads are not offloaded or the file is outside the configured root.
    /// </summary>
    public static (string Name, string Value, int GrantSeconds)? Header(HttpContext context, string localPath)
    {
        var options = context.RequestServices.GetService<IOptions<DownloadOffloadOptions>>()?.Value;
        switch (options?.Mode)
        {
            case DownloadOffloadMode.XSendfile:
                return ("X-Sendfile", localPath, 0);
            case DownloadOffloadMode.XAccelRedirect when options.Root is { } root:
                var relative = Path.GetRelativePath(root, localPath);
                if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
                {
                    return null;
                }

                // A URI path nginx decodes: each segment escaped, so no name can smuggle a query or another segment.
                var path = string.Join('/', relative.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString));
                return ("X-Accel-Redirect", options.InternalPrefix + path, GrantSeconds(context, options.GrantSeconds));
            default:
                return null;
        }
    }

    /// <summary>
    /// The seconds nginx may reuse this answer for the same credentials and URL (<c>X-Accel-Expires</c>): the
    /// <paramref name="configured"/> <see cref="DownloadOffloadOptions.GrantSeconds"/>, or 0. Only for an anonymous caller
    /// or one signed in with a registry token: nginx's key covers the headers such a token is read from and the URL,
    /// nothing else.
    /// </summary>
    private static int GrantSeconds(HttpContext context, int configured)
    {
        var anonymous = !context.Items.ContainsKey(RegistryAuthenticationHandler.PrincipalItemKey);
        var token = context.Items.ContainsKey(RegistryAuthenticationHandler.TokenCredentialItemKey);
        return anonymous || token ? configured : 0;
    }

    /// <summary>The headers of the download with the proxy's header and an empty body.</summary>
    public static IResult Result((string Name, string Value, int GrantSeconds) header, string contentType, string? fileDownloadName, DateTimeOffset lastModified, EntityTagHeaderValue etag) =>
        new OffloadedResult(header, contentType, fileDownloadName, lastModified, etag);

    private sealed class OffloadedResult((string Name, string Value, int GrantSeconds) header, string contentType, string? fileDownloadName, DateTimeOffset lastModified, EntityTagHeaderValue etag) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var headers = response.GetTypedHeaders();
            response.ContentType = contentType;
            headers.ETag = etag;
            headers.LastModified = lastModified;
            if (fileDownloadName is not null)
            {
                var disposition = new ContentDispositionHeaderValue("attachment");
                disposition.SetHttpFileName(fileDownloadName);
                response.Headers.ContentDisposition = disposition.ToString();
            }

            response.Headers[header.Name] = header.Value;
            if (header.GrantSeconds > 0)
            {
                // nginx's grant tier caches this answer (and only answers carrying it) under its key of the credentials
                // and URL; nginx strips the header before anything reaches a client.
                response.Headers["X-Accel-Expires"] = header.GrantSeconds.ToString(CultureInfo.InvariantCulture);
            }

            return Task.CompletedTask;
        }
    }
}
