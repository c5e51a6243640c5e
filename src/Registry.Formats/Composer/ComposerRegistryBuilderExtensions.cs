using Registry.Core;
using Registry.Formats;
using Registry.Formats.Composer;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Composer format.</summary>
public static class ComposerRegistryBuilderExtensions
{
    /// <summary>
    /// Adds GitLab's Composer repository (https://docs.gitlab.com/ee/user/packages/composer_repository/): the group's
    /// Composer 2 repository at <c>/api/v4/group/{id}/-/packages/composer/</c> (<c>packages.json</c>, <c>p2/</c>),
    /// archive downloads and uploads of <c>composer archive</c> zips at <c>/api/v4/projects/{id}/packages/composer</c>,
    /// configured from <c>PackageRegistry:Composer</c>.
    /// </summary>
    public static PackageRegistryBuilder AddComposer(this PackageRegistryBuilder builder) =>
        builder.AddValidatedOptions<ComposerOptions, ComposerOptionsValidator>(ComposerOptions.SectionName)
            .AddFormat<ComposerFormat>();
}
