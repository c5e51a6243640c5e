using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Registry.Formats.Pages;

/// <summary>
/// Lets the pages' catch-all route match only page paths, so every other path of the host (its own routes, its
/// fallback) is left to the host.
/// </summary>
internal sealed class PagePathConstraint : IRouteConstraint
{
    public const string Parameter = "path";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value) && PagePath.TryParse(value as string) is not null;
}
