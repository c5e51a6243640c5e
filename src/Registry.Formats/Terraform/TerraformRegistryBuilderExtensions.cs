using Registry.Core;
using Registry.Formats;
using Registry.Formats.Protocol;
using Registry.Formats.Terraform;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Terraform module registry.</summary>
public static class TerraformRegistryBuilderExtensions
{
    /// <summary>
    /// Adds GitLab's Terraform module registry (https://docs.gitlab.com/ee/user/packages/terraform_module_registry/),
    /// configured from <c>PackageRegistry:Terraform</c>. Its download URLs are signed with <c>PackageRegistry:SignedUrls:Key</c>,
    /// which must be set (the host stops at start with the fix otherwise).
    /// </summary>
    public static PackageRegistryBuilder AddTerraform(this PackageRegistryBuilder builder) =>
        builder.AddValidatedOptions<TerraformOptions, TerraformOptionsValidator>(TerraformOptions.SectionName)
            .AddSignedGrants()
            .AddFormat<TerraformFormat>();
}
