using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// Where a package's <c>_links</c> point for one request: its web page (GitLab's <c>/{full_path}/-/packages/{id}</c>,
/// or <c>/-/infrastructure_registry/{id}</c> for an infrastructure format), under the path base and mount prefix the
/// request came through so the link opens the page <c>MapPackageRegistryPages()</c> serves; and its delete API URL.
/// </summary>
internal sealed class PackageLinks
{
    private readonly string _baseUrl;
    private readonly string _basePath;
    private readonly HashSet<string> _infrastructureTypes;

    private PackageLinks(string baseUrl, HashSet<string> infrastructureTypes)
    {
        _baseUrl = baseUrl;
        _basePath = new Uri(baseUrl).AbsolutePath.TrimEnd('/');
        _infrastructureTypes = infrastructureTypes;
    }

    /// <summary>The registry's base URL (what comes before <c>/api/v4/</c>).</summary>
    public string BaseUrl => _baseUrl;

    public static PackageLinks For(HttpContext context) => new(
        RegistryUrls.Root(context.Request),
        [.. context.RequestServices.GetServices<IPackageFormat>().Where(static f => f.IsInfrastructure).Select(static f => f.Type.Name)]);

    public string WebPath(Project project, Package package) =>
        $"{_basePath}/{project.FullPath}/-/{(_infrastructureTypes.Contains(package.Type) ? "infrastructure_registry" : "packages")}/{package.Id}";

    public string DeleteApiPath(Project project, Package package) => $"{_baseUrl}/api/v4/projects/{project.Id}/packages/{package.Id}";
}
