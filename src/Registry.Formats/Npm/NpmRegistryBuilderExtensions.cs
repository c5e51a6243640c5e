using Registry.Core;
using Registry.Formats;
using Registry.Formats.Npm;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the npm format.</summary>
public static class NpmRegistryBuilderExtensions
{
    /// <summary>
    /// Adds GitLab's npm registry API (https://docs.gitlab.com/ee/user/packages/npm_registry/) at
    /// <c>/api/v4/projects/{id}/packages/npm/</c> and <c>/api/v4/packages/npm/</c>, configured from <c>PackageRegistry:Npm</c>.
    /// </summary>
    public static PackageRegistryBuilder AddNpm(this PackageRegistryBuilder builder) =>
        builder.AddValidatedOptions<NpmOptions, NpmOptionsValidator>(NpmOptions.SectionName)
            .AddFormat<NpmFormat>();
}
