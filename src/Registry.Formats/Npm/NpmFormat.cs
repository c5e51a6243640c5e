using Registry.Core.Packages;
using Registry.Formats.Protocol;

namespace Registry.Formats.Npm;

/// <summary>The npm format, with GitLab's npm registry API at project, group and instance level.</summary>
internal sealed class NpmFormat : IPackageFormat
{
    /// <summary>
    /// npm packages: names are exact (the registry refuses new upper-case names), scope included; versions compare
    /// without build metadata (SemVer 2.0.0, section 10: <c>1.0.0+build</c> has the precedence of <c>1.0.0</c>, and npm
    /// refuses to publish over either), so the second is a duplicate of the first.
    /// </summary>
    internal static PackageType NpmType { get; } = new("npm", normalizeVersion: static v => v.IndexOf('+', StringComparison.Ordinal) is var plus and >= 0 ? v[..plus] : v);

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
