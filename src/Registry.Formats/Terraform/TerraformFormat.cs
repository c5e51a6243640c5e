using Microsoft.Extensions.Options;
using Registry.Core.Packages;

namespace Registry.Formats.Terraform;

/// <summary>
/// GitLab's Terraform module registry (https://docs.gitlab.com/ee/user/packages/terraform_module_registry/): publish
/// through the project API, install with <c>terraform init</c> through the module registry protocol
/// (https://developer.hashicorp.com/terraform/internals/module-registry-protocol) at the host root's discovery document.
/// </summary>
internal sealed class TerraformFormat(IOptionsMonitor<TerraformOptions> options) : IPackageFormat
{
    /// <summary>
    /// Terraform modules, named <c>{name}/{system}</c> with GitLab's lowercase rule and versioned by exact SemVer, so
    /// neither needs normalizing.
    /// </summary>
    internal static PackageType TerraformType { get; } = new("terraform_module");

    public PackageType Type => TerraformType;

    /// <summary>GitLab's routes say <c>terraform/modules</c> where the packages API says <c>terraform_module</c>.</summary>
    public string RouteSegment => "terraform/modules";

    /// <summary>GitLab lists Terraform modules in the Infrastructure Registry, not the Package Registry.</summary>
    public bool IsInfrastructure => true;

    public bool? DuplicatesAllowedByDefault => options.CurrentValue.DuplicatesAllowed;

    public void MapRoutes(PackageFormatRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        TerraformEndpoints.Map(routes);
    }

    public IReadOnlyList<PackageSnippet> GetSnippets(PackageSnippetContext context) => TerraformSnippets.For(context);
}
