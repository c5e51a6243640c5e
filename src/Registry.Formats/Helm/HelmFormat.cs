using Registry.Core.Packages;

namespace Registry.Formats.Helm;

/// <summary>
/// The Helm format: a chart repository per channel (<c>index.yaml</c> and <c>charts/</c>) with ChartMuseum's upload
/// API, as GitLab serves it at <c>/api/v4/projects/{id}/packages/helm</c>. GitLab offers Helm at the project level only.
/// </summary>
/// <remarks>
/// GitLab has no <c>helm_duplicates_allowed</c> setting: a chart version uploaded again is added as a newer file, and
/// the channel serves the newest (<c>Packages::Helm::ProcessFileService</c>), so the format takes no duplicate settings.
/// </remarks>
internal sealed class HelmFormat : IPackageFormat
{
    /// <summary>Helm charts: names and versions are exact, as <c>index.yaml</c> and <c>helm pull --version</c> compare them.</summary>
    internal static PackageType HelmType { get; } = new("helm");

    public PackageType Type => HelmType;

    /// <summary>The <c>stable</c> channel's repository, which <c>helm repo add</c> takes (any channel name works the same).</summary>
    public string GetProjectRegistryUrl(string registryBaseUrl, string project) => $"{registryBaseUrl}/api/v4/projects/{project}/packages/helm/stable";

    public void MapRoutes(PackageFormatRoutes routes) => HelmEndpoints.Map(routes.Project);

    public IReadOnlyList<PackageSnippet> GetSnippets(PackageSnippetContext context) => HelmSnippets.For(context);
}
