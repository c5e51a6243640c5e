using Microsoft.Extensions.Options;
using Registry.Core.Packages;

namespace Registry.Formats.Maven;

/// <summary>The Maven format: a Maven 2 repository layout with deploy at the project level and resolution at all three levels.</summary>
internal sealed class MavenFormat(IOptionsMonitor<MavenOptions> options) : IPackageFormat
{
    /// <summary>Maven artifacts: the name is <c>groupId/artifactId</c> as GitLab stores it, exact.</summary>
    internal static PackageType MavenType { get; } = new("maven");

    public PackageType Type => MavenType;

    public bool? DuplicatesAllowedByDefault => options.CurrentValue.DuplicatesAllowed;

    public void MapRoutes(PackageFormatRoutes routes) => MavenEndpoints.Map(routes);

    public IReadOnlyList<PackageSnippet> GetSnippets(PackageSnippetContext context) => MavenSnippets.For(context);
}
