using Microsoft.AspNetCore.Routing;

namespace Registry.Formats;

/// <summary>
/// Where a format maps its routes: GitLab's three levels, each already prefixed with the format's segment and
/// carrying the <c>{id}</c> route value where there is one.
/// </summary>
/// <param name="Project"><c>/api/v4/projects/{id}/packages/{format}</c></param>
/// <param name="Group"><c>/api/v4/groups/{id}/-/packages/{format}</c></param>
/// <param name="Instance"><c>/api/v4/packages/{format}</c></param>
/// <param name="Root">
/// Where <c>MapPackageRegistry</c> mounts everything (its prefix, no format segment), for routes GitLab serves outside
/// the three levels: Composer's <c>/api/v4/group/{id}/-/packages/composer</c> (singular <c>group</c>), and clients that
/// live at the host root.
/// </param>
public sealed record PackageFormatRoutes(IEndpointRouteBuilder Project, IEndpointRouteBuilder Group, IEndpointRouteBuilder Instance, IEndpointRouteBuilder Root);
