using Registry.Core.Packages;
using Registry.Formats.Protocol;

namespace Registry.Formats.Npm;

/// <summary>The npm format, with GitLab's npm registry API at project, group and instance level.</summary>
internal sealed class NpmFormat : IPackageFormat
{
    /// <summary>npm packages: names are exact (the registry refuses new upper-case names), scope included.</summary>
    internal static PackageType NpmType { get; } = new("npm");

    public PackageType Type => NpmType;

    /// <summary>With the trailing slash npm needs to resolve tarball paths under it.</summary>
    public string GetProjectRegistryUrl(string registryBaseUrl, string project) => $"{registryBaseUrl}/api/v4/projects/{project}/packages/npm/";

    public ClientErrorShape Errors => NpmErrorShape.Instance;

    public void MapRoutes(PackageFormatRoutes routes)
    {
        NpmEndpoints.MapProject(routes.Project);
        NpmEndpoints.MapGroup(routes.Group);
        NpmEndpoints.MapInstance(routes.Instance);
    }

    public IReadOnlyList<PackageSnippet> GetSnippets(PackageSnippetContext context) => NpmSnippets.For(context);
}
