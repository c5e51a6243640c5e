using Registry.Core.Packages;

namespace Registry.Formats.Composer;

/// <summary>The Composer format: package archives with their composer.json, served as a Composer 2 repository.</summary>
internal sealed class ComposerFormat : IPackageFormat
{
    /// <summary>
    /// Composer packages: names are lowercase already (the parser refuses others); versions normalized as Composer's
    /// VersionParser does, so <c>1.2</c>, <c>1.2.0</c> and <c>v1.2.0</c> are one version.
    /// </summary>
    internal static PackageType ComposerType { get; } = new("composer", static name => name.ToLowerInvariant(), static version => ComposerVersion.TryNormalize(version, out var normalized) ? normalized : version);

    public PackageType Type => ComposerType;

    public void MapRoutes(PackageFormatRoutes routes)
    {
        ComposerEndpoints.MapProject(routes.Project);
        ComposerEndpoints.MapGroup(routes.Root);
    }

    public IReadOnlyList<PackageSnippet> GetSnippets(PackageSnippetContext context) => ComposerSnippets.For(context);
}
