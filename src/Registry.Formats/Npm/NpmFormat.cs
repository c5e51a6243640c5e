using Registry.Core.Packages;

namespace Registry.Formats.Npm;

/// <summary>The npm format, with GitLab's npm registry API at project, group and instance level.</summary>
internal sealed class NpmFormat : IPackageFormat
{
    public PackageType Type => PackageType.Npm;

    public void MapRoutes(PackageFormatRoutes routes)
    {
        NpmEndpoints.MapProject(routes.Project);
        NpmEndpoints.MapGroup(routes.Group);
        NpmEndpoints.MapInstance(routes.Instance);
    }

    public IReadOnlyList<PackageSnippet> GetSnippets(PackageSnippetContext context) => NpmSnippets.For(context);
}
