using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Locating;
using Registry.Core.Security;
using Registry.Formats.Hosting;

namespace Registry.Formats.Protocol;

/// <summary>Authorizes group-level endpoints (<c>/api/v4/groups/{id}/...</c>), which act on every project they may see in the group.</summary>
internal static class GroupAuthorizationExtensions
{
    /// <summary>
    /// Resolves the caller and the group (numeric id or URL-encoded full path) with <see cref="PackageLocator"/>, and
    /// translates its answer: an invalid credential answers 401; an unknown group answers 401 to anonymous callers, as
    /// an unknown project does, and <paramref name="groupNotFound"/> to others; a known group answers 403 when the
    /// registry is disabled on the instance. What to answer when nothing is allowed is the caller's choice.
    /// </summary>
    public static async Task<Attempt<GroupProjects>> AuthorizeGroupProjectsAsync(this HttpContext context, string groupIdOrPath, PackageAction action, bool excludeSubgroups, IResult groupNotFound)
    {
        // GitLab answers a group's refusals in its own shape, whichever format's route was asked.
        var errors = ClientErrorShape.GitLab;
        var principal = await context.GetRegistryPrincipalOrNullAsync().ConfigureAwait(false);
        if (principal is null)
        {
            return Attempt<GroupProjects>.Fail(errors.Unauthorized());
        }

        var locator = context.RequestServices.GetRequiredService<PackageLocator>();
        var location = await locator.LocateGroupAsync(principal, Uri.UnescapeDataString(groupIdOrPath), action, excludeSubgroups, context.RequestAborted).ConfigureAwait(false);
        if (location is null)
        {
            return Attempt<GroupProjects>.Fail(principal.Kind == PrincipalKind.Anonymous ? errors.Unauthorized() : groupNotFound);
        }

        if (location.RegistryDisabled)
        {
            // With the registry off on the instance a group endpoint is refused as a project endpoint is (403), rather
            // than answered as a group with nothing in it.
            return Attempt<GroupProjects>.Fail(errors.Denied(PermissionDecision.InstanceRegistryDisabled));
        }

        return new GroupProjects(location.Group, principal, location.Allowed, location.SomeNeedSignIn);
    }
}
