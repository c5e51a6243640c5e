using Registry.Core;
using Registry.Formats;
using Registry.Formats.Helm;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Helm format.</summary>
public static class HelmRegistryBuilderExtensions
{
    /// <summary>
    /// Adds GitLab's Helm chart repository (https://docs.gitlab.com/ee/user/packages/helm_repository/): per channel,
    /// <c>GET /api/v4/projects/{id}/packages/helm/{channel}/index.yaml</c> and <c>.../{channel}/charts/{file}</c> for
    /// <c>helm repo add</c> and <c>helm pull</c>, and ChartMuseum's <c>POST .../helm/api/{channel}/charts</c> for
    /// <c>helm cm-push</c>, configured from <c>PackageRegistry:Helm</c>.
    /// </summary>
    public static PackageRegistryBuilder AddHelm(this PackageRegistryBuilder builder) =>
        builder.AddValidatedOptions<HelmOptions, HelmOptionsValidator>(HelmOptions.SectionName)
            .AddFormat<HelmFormat>();
}
