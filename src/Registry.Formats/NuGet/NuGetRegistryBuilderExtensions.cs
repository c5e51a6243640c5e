using Registry.Core;
using Registry.Formats;
using Registry.Formats.NuGet;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the NuGet format.</summary>
public static class NuGetRegistryBuilderExtensions
{
    /// <summary>
    /// Adds the NuGet v3 protocol (https://learn.microsoft.com/nuget/api/overview) at GitLab's routes
    /// (<c>/api/v4/projects/{id}/packages/nuget/index.json</c>), configured from <c>PackageRegistry:NuGet</c>.
    /// </summary>
    public static PackageRegistryBuilder AddNuGet(this PackageRegistryBuilder builder) =>
        builder.AddValidatedOptions<NuGetOptions, NuGetOptionsValidator>(NuGetOptions.SectionName)
            .AddFormat<NuGetFormat>();
}
