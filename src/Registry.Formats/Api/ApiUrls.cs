using Microsoft.AspNetCore.Http;

namespace Registry.Formats.Api;

/// <summary>URLs the management API writes into its documents.</summary>
internal static class ApiUrls
{
    /// <summary>The registry's base URL: scheme, host, path base and the prefix the host mounted the registry under.</summary>
    public static string BaseUrl(HttpRequest request)
    {
        var path = request.Path.Value ?? string.Empty;
        var api = path.IndexOf("/api/v4/", StringComparison.Ordinal);
        var prefix = api > 0 ? path[..api] : string.Empty;
        return $"{request.Scheme}://{request.Host}{request.PathBase}{prefix}";
    }
}
