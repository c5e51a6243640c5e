using Microsoft.AspNetCore.Routing;
using Registry.Formats.Pages;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the package registry's web pages into a host's routing.</summary>
public static class PackageRegistryPagesEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the registry's web pages at GitLab's web paths
    /// (https://docs.gitlab.com/ee/user/packages/package_registry/#view-packages): <c>/{full_path}/-/packages</c> and
    /// <c>/groups/{full_path}/-/packages</c> (lists to search, filter, sort and page, the URL carrying every filter),
    /// <c>/{full_path}/-/packages/{id}</c> (a package: metadata, snippets, versions, files, activity, delete), and the
    /// Infrastructure Registry's <c>/{full_path}/-/infrastructure_registry</c> and <c>/groups/{full_path}/-/infrastructure_registry</c>;
    /// the links in the packages API's <c>_links.web_path</c> open them. The pages are static files embedded in the library that
    /// call <c>/api/v4</c> from the browser with the visitor's credentials: the host's own sign-in cookie
    /// (<c>UseHostIdentity</c>) or a personal access token entered on the page and kept in the tab's session storage.
    /// Paths that are not a page's are left to the host.
    /// </summary>
    /// <param name="endpoints">The host's routes.</param>
    /// <param name="prefix">The prefix <c>MapPackageRegistry</c> was mounted under (for example <c>/registry</c>); empty for the root.</param>
    public static IEndpointConventionBuilder MapPackageRegistryPages(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var trimmed = prefix.TrimEnd('/');
        var root = endpoints.MapGroup(trimmed);
        PagesEndpoints.Map(root, trimmed);
        return root;
    }
}
