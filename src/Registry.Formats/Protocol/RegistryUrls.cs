using Microsoft.AspNetCore.Http;
using Registry.Core.Packages;

namespace Registry.Formats.Protocol;

/// <summary>
/// The absolute URLs the registry writes into its documents, as the client reached it: scheme and host as the request
/// has them (after the host's <c>UseForwardedHeaders()</c>, which puts a proxy's <c>X-Forwarded-Proto</c> and
/// <c>X-Forwarded-Host</c> there), the path base, and the prefix <c>MapPackageRegistry</c> was mounted under.
/// </summary>
public static class RegistryUrls
{
    private const string ApiSegment = "/api/v4/";

    /// <summary>The registry's root (no trailing slash): what comes before <c>/api/v4/</c>.</summary>
    public static string Root(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = PathOf(request);
        var api = path.IndexOf(ApiSegment, StringComparison.Ordinal);
        return Origin(request) + (api < 0 ? request.PathBase.ToUriComponent() : path[..api]);
    }

    /// <summary>
    /// The format's base URL at the level the request came through (no trailing slash): everything up to
    /// <c>/packages/{type}</c>, for example <c>https://host/api/v4/projects/7/packages/npm</c>.
    /// </summary>
    public static string Format(HttpRequest request, PackageType type)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(type);
        var path = PathOf(request);
        var segment = "/packages/" + type.Name;
        var at = path.IndexOf(segment + "/", StringComparison.Ordinal);
        return Origin(request) + (at < 0 ? path.TrimEnd('/') : path[..(at + segment.Length)]);
    }

    private static string PathOf(HttpRequest request) => (request.PathBase + request.Path).ToUriComponent();

    private static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host.ToUriComponent()}";
}
