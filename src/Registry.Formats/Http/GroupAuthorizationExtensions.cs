using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registry.Core.Directory;
using Registry.Core.Options;
using Registry.Core.Security;

namespace Registry.Formats.Http;

/// <summary>Authorizes group-level endpoints (<c>/api/v4/groups/{id}/...</c>), which act on every project they may see in the group.</summary>
internal static class GroupAuthorizationExtensions
{
    /// <summary>
    /// Resolves the caller and the group (numeric id or URL-encoded full path), then asks for each of its projects
    /// whether <paramref name="action"/> is allowed through the group endpoint. An invalid credential answers 401; an
    /// unknown group answers 401 to anonymous callers, as an unknown project does, and <paramref name="groupNotFound"/>
    /// to others; a known group answers 403 when the registry is disabled on the instance. What to answer when nothing
    /// is allowed is the caller's choice.
    /// </summary>
    public static async Task<Attempt<GroupProjects>> AuthorizeGroupProjectsAsync(this HttpContext context, string groupIdOrPath, PackageAction action, bool excludeSubgroups, IResult groupNotFound)
    {
        var principal = await context.GetRegistryPrincipalOrNullAsync().ConfigureAwait(false);
        if (principal is null)
        {
            return Attempt<GroupProjects>.Fail(RegistryResults.Unauthorized());
        }

        var directory = context.RequestServices.GetRequiredService<IProjectDirectory>();
        var group = await directory.FindGroupOrNullAsync(Uri.UnescapeDataString(groupIdOrPath), context.RequestAborted).ConfigureAwait(false);
        if (group is null)
        {
            return Attempt<GroupProjects>.Fail(principal.Kind == PrincipalKind.Anonymous ? RegistryResults.Unauthorized() : groupNotFound);
        }

        if (!context.RequestServices.GetRequiredService<IOptionsMonitor<PackageRegistryOptions>>().CurrentValue.Enabled)
        {
            // With the registry off on the instance a group endpoint is refused as a project endpoint is (403), rather
            // than answered as a group with nothing in it.
            return Attempt<GroupProjects>.Fail(RegistryResults.Denied(new PermissionDecision(Denial.Forbidden, "the package registry is disabled on this instance")));
        }

        var access = context.RequestServices.GetRequiredService<ProjectAccessService>();
        var allowed = new List<AuthorizedProject>();
        var someNeedSignIn = false;
        foreach (var project in await directory.ListGroupProjectsAsync(group.Id, excludeSubgroups, context.RequestAborted).ConfigureAwait(false))
        {
            var decision = await access.EvaluateAsync(principal, project, action, EndpointScope.Group, context.RequestAborted).ConfigureAwait(false);
            if (decision.Project is { } authorized)
            {
                allowed.Add(authorized);
            }
            else
            {
                someNeedSignIn |= decision.Decision.Denial == Denial.Unauthenticated;
            }
        }

        return new GroupProjects(group, principal, allowed, someNeedSignIn);
    }
}
