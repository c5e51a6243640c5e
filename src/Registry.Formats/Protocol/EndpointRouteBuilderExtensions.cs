using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Registry.Formats.Protocol;

/// <summary>Route helpers shared by the formats.</summary>
public static class EndpointRouteBuilderExtensions
{
    private static readonly string[] GetAndHead = ["GET", "HEAD"];

    /// <summary>Maps a GET route that answers HEAD too (gem, Terraform and Maven probe with HEAD; <c>MapGet</c> alone does not answer it).</summary>
    public static RouteHandlerBuilder MapGetAndHead(this IEndpointRouteBuilder endpoints, string pattern, Delegate handler) =>
        endpoints.MapMethods(pattern, GetAndHead, handler);
}
