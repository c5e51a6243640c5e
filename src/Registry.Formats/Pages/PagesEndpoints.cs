using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Registry.Formats.Pages;

/// <summary>
/// The package registry's web pages at GitLab's web paths, and their embedded scripts and styles. The pages are
/// rendered in the browser from the packages API, so they never show what the API would refuse the visitor.
/// </summary>
internal static class PagesEndpoints
{
    /// <summary>Where the scripts and styles are served, under the mount prefix (GitLab keeps <c>/-/</c> for its own routes).</summary>
    public const string AssetsPath = "/-/package_registry/assets";

    /// <summary>
    /// Only the registry itself: scripts, styles and API calls from the same origin, no inline script, no framing. A
    /// page that tried to reach another host (a CDN) would be refused by the browser.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(IEndpointRouteBuilder root, string prefix)
    {
        var pattern = RoutePatternFactory.Parse(
            $"/{{**{PagePathConstraint.Parameter}}}",
            defaults: null,
            parameterPolicies: new RouteValueDictionary { [PagePathConstraint.Parameter] = new PagePathConstraint() });
        root.Map(pattern, context => ShellAsync(context, prefix))
            .WithMetadata(new HttpMethodMetadata(GetAndHead))
            .WithDisplayName("Package registry page");
        foreach (var name in PageAssets.Served)
        {
            var asset = PageAssets.Get(name);
            root.MapMethods($"{AssetsPath}/{name}", GetAndHead, (HttpContext context) => AssetAsync(context, asset));
        }
    }

    private static Task ShellAsync(HttpContext context, string prefix)
    {
        var page = PagePath.TryParse(context.GetRouteValue(PagePathConstraint.Parameter) as string)
            ?? throw new InvalidOperationException("the route constraint admitted a path that is not a page's");
        var formats = context.RequestServices.GetServices<IPackageFormat>().ToList();
        var html = PageShell.Render(
            context.Request.PathBase.Value + prefix,
            page,
            [.. formats.Where(f => f.IsInfrastructure == page.Infrastructure).Select(static f => f.Type.Name)],
            [.. formats.Where(static f => f.IsInfrastructure).Select(static f => f.Type.Name)]);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-cache";
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html, context.RequestAborted);
    }

    private static Task AssetAsync(HttpContext context, PageAssets.Asset asset)
    {
        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch.Any(value => value is not null && value.Split(',').Any(tag => tag.Trim() == asset.ETag)))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }
}
