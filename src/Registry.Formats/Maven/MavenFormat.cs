using Microsoft.Extensions.Options;
using Registry.Core.Packages;

namespace Registry.Formats.Maven;

/// <summary>The Maven format: a Maven 2 repository layout with deploy at the project level and resolution at all three levels.</summary>
internal sealed class MavenFormat(IOptionsMonitor<MavenOptions> options) : IPackageFormat
{
    public PackageType Type => PackageType.Maven;

    public bool? DuplicatesAllowedByDefault => options.CurrentValue.DuplicatesAllowed;

    public void MapRoutes(PackageFormatRoutes routes) => MavenEndpoints.Map(routes);

    public IReadOnlyList<PackageSnippet> GetSnippets(PackageSnippetContext context) => MavenSnippets.For(context);
}
