using Microsoft.AspNetCore.Routing;

namespace Registry.Formats;

/// <summary>
/// Where a format maps its routes: GitLab's three levels, each already prefixed with the format's segment and
/// carrying the <c>{id}</c> route value where there is one.
/// </summary>
/// <param name="Project"><c>/api/v4/projects/{id}/packages/{format}</c></param>
/// <param name="Group"><c>/api/v4/groups/{id}/-/packages/{format}</c></param>
/// <param name="Instance"><c>/api/v4/packages/{format}</c></param>
public sealed record PackageFormatRoutes(IEndpointRouteBuilder Project, IEndpointRouteBuilder Group, IEndpointRouteBuilder Instance)
{
    /// <summary>
    /// The registry's own root (the <c>MapPackageRegistry</c> prefix, nothing else), for clients that look for the
    /// registry at the host root (Terraform's <c>/.well-known/terraform.json</c>); null where a host maps formats elsewhere.
    /// </summary>
    public IEndpointRouteBuilder? Root { get; init; }
}
