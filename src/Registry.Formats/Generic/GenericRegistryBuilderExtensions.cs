using Registry.Core;
using Registry.Formats;
using Registry.Formats.Generic;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the generic format.</summary>
public static class GenericRegistryBuilderExtensions
{
    /// <summary>
    /// Adds GitLab's generic packages API (https://docs.gitlab.com/ee/user/packages/generic_packages/), configured
    /// from <c>PackageRegistry:Generic</c>.
    /// </summary>
    public static PackageRegistryBuilder AddGeneric(this PackageRegistryBuilder builder) =>
        builder.AddValidatedOptions<GenericOptions, GenericOptionsValidator>(GenericOptions.SectionName)
            .AddFormat<GenericFormat>();
}
