using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Registry.Formats.PyPI;

/// <summary>
/// The simple repository API's pages (https://packaging.python.org/en/latest/specifications/simple-repository-api/):
/// PEP 503 HTML and PEP 691 JSON at API version 1.1 (PEP 700: <c>versions</c>, <c>size</c>, <c>upload-time</c>), with
/// PEP 658/714 metadata hashes, chosen by the request's <c>Accept</c> header.
/// </summary>
internal static class PyPIDocuments
{
    public const string JsonType = "application/vnd.pypi.simple.v1+json";
    public const string HtmlType = "application/vnd.pypi.simple.v1+html";
    public const string TextHtmlType = "text/html";
    private const string ApiVersion = "1.1";

    /// <summary>
    /// The content type to answer with, by the client's preference (q-values); text/html without an Accept header
    /// (PEP 691 keeps HTML the default for old clients); null when nothing offered is acceptable (406).
    /// </summary>
    public static string? Negotiate(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept) || !MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var ranges))
        {
            return TextHtmlType;
        }

        string? best = null;
        double bestQuality = 0;
        foreach (var range in ranges.OrderByDescending(r => r.Quality ?? 1))
        {
            var quality = range.Quality ?? 1;
            var offered = Offered(range.MediaType.Value ?? string.Empty);
            if (offered is not null && quality > bestQuality)
            {
                best = offered;
                bestQuality = quality;
            }
        }

        return best;
    }

    private static string? Offered(string range) => range.ToLowerInvariant() switch
    {
        JsonType or "application/vnd.pypi.simple.latest+json" => JsonType,
        HtmlType or "application/vnd.pypi.simple.latest+html" => HtmlType,
        TextHtmlType or "text/*" or "*/*" => TextHtmlType,
        "application/*" => JsonType,
        _ => null,
    };

    /// <summary>The project list (<c>/simple/</c>): display names, links to the normalized page URLs.</summary>
    public static IResult Index(HttpContext context, string contentType, IReadOnlyList<(string Name, string Normalized)> projects)
    {
        if (contentType == JsonType)
        {
            var list = new JsonArray();
            foreach (var (name, _) in projects)
            {
                list.Add(new JsonObject { ["name"] = name });
            }

            return Render(context, contentType, new JsonObject { ["meta"] = Meta(), ["projects"] = list }.ToJsonString());
        }

        var html = Page("Simple index");
        foreach (var (name, normalized) in projects)
        {
            html.Append(CultureInfo.InvariantCulture, $"    <a href=\"{Escape(normalized)}/\">{Escape(name)}</a><br>\n");
        }

        return Render(context, contentType, Close(html));
    }

    /// <summary>A project page (<c>/simple/{name}/</c>): every file with its hash, Requires-Python and metadata hash.</summary>
    public static byte[] Project(string contentType, string name, IReadOnlyList<string> versions, IReadOnlyList<PyPIDistribution> files)
    {
        if (contentType == JsonType)
        {
            var list = new JsonArray();
            foreach (var file in files)
            {
                // PEP 714 names the key core-metadata; dist-info-metadata is PEP 658's original name, still read by older pip.
                JsonNode metadata = file.MetadataSha256 is { } hash ? new JsonObject { ["sha256"] = hash } : JsonValue.Create(false);
                list.Add(new JsonObject
                {
                    ["filename"] = file.FileName,
                    ["url"] = file.Url,
                    ["hashes"] = new JsonObject { ["sha256"] = file.Sha256 },
                    ["requires-python"] = file.RequiresPython,
                    ["core-metadata"] = metadata,
                    ["dist-info-metadata"] = metadata.DeepClone(),
                    ["size"] = file.Size,
                    ["upload-time"] = file.UploadTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                    ["yanked"] = false,
                });
            }

            var versionList = new JsonArray();
            foreach (var version in versions)
            {
                versionList.Add(version);
            }

            return Encoding.UTF8.GetBytes(new JsonObject
            {
                ["meta"] = Meta(),
                ["name"] = name,
                ["versions"] = versionList,
                ["files"] = list,
            }.ToJsonString());
        }

        var html = Page($"Links for {name}");
        foreach (var file in files)
        {
            html.Append(CultureInfo.InvariantCulture, $"    <a href=\"{Escape(file.Url)}#sha256={file.Sha256}\"");
            if (file.RequiresPython is { } requires)
            {
                html.Append(CultureInfo.InvariantCulture, $" data-requires-python=\"{Escape(requires)}\"");
            }

            if (file.MetadataSha256 is { } hash)
            {
                html.Append(CultureInfo.InvariantCulture, $" data-core-metadata=\"sha256={hash}\" data-dist-info-metadata=\"sha256={hash}\"");
            }

            html.Append(CultureInfo.InvariantCulture, $">{Escape(file.FileName)}</a><br>\n");
        }

        return Encoding.UTF8.GetBytes(Close(html));
    }

    private static JsonObject Meta() => new() { ["api-version"] = ApiVersion };

    private static StringBuilder Page(string title) => new StringBuilder()
        .Append("<!DOCTYPE html>\n<html>\n  <head>\n")
        .Append(CultureInfo.InvariantCulture, $"    <meta name=\"pypi:repository-version\" content=\"{ApiVersion}\">\n")
        .Append(CultureInfo.InvariantCulture, $"    <title>{Escape(title)}</title>\n  </head>\n  <body>\n")
        .Append(CultureInfo.InvariantCulture, $"    <h1>{Escape(title)}</h1>\n");

    private static string Close(StringBuilder html) => html.Append("  </body>\n</html>\n").ToString();

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The Content-Type header for a negotiated form: HTML names its charset, JSON is UTF-8 by definition.</summary>
    public static string ContentTypeHeader(string contentType) => contentType == JsonType ? contentType : contentType + "; charset=utf-8";

    /// <summary>The page with an ETag (304 when unchanged); <c>Vary: Accept</c> because the same URL has two forms.</summary>
    private static IResult Render(HttpContext context, string contentType, string body)
    {
        context.Response.Headers.Vary = "Accept";
        return Registry.Formats.Protocol.RegistryResults.Document(context, Encoding.UTF8.GetBytes(body), ContentTypeHeader(contentType));
    }
}
