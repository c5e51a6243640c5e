using Registry.Core;
using Registry.Formats;
using Registry.Formats.Maven;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Maven format.</summary>
public static class MavenRegistryBuilderExtensions
{
    /// <summary>
    /// Adds GitLab's Maven repository API (https://docs.gitlab.com/ee/api/packages/maven.html): deploy and resolve at
    /// <c>/api/v4/projects/{id}/packages/maven</c>, resolve at <c>/api/v4/groups/{id}/-/packages/maven</c> and
    /// <c>/api/v4/packages/maven</c>; configured from <c>PackageRegistry:Maven</c>.
    /// </summary>
    public static PackageRegistryBuilder AddMaven(this PackageRegistryBuilder builder) =>
        builder.AddValidatedOptions<MavenOptions, MavenOptionsValidator>(MavenOptions.SectionName)
            .AddFormat<MavenFormat>();
}
