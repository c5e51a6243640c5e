using Microsoft.AspNetCore.Http;
using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Formats.Protocol;

/// <summary>Authorizes the read routes a format offers at both the project and the group level.</summary>
internal static class ReadAuthorizationExtensions
{
    /// <summary>
    /// The projects the caller may read: the one project, or the group's projects (subgroups included) the caller
    /// may read through the group endpoint. An anonymous caller refused anywhere gets the Basic challenge, so that
    /// clients (NuGet, pip) retry with their stored credential.
    /// </summary>
    public static async Task<Attempt<IReadOnlyList<AuthorizedProject>>> AuthorizeReadAsync(this HttpContext context, string id, PackageAction action, EndpointScope scope)
    {
        if (scope == EndpointScope.Project)
        {
            var access = await context.AuthorizeProjectAsync(id, action).ConfigureAwait(false);
            return access.Project is { } project
                ? Attempt<IReadOnlyList<AuthorizedProject>>.Ok([project])
                : Attempt<IReadOnlyList<AuthorizedProject>>.Fail(RegistryResults.Denied(access.Decision));
        }

        var groupNotFound = RegistryResults.Message(StatusCodes.Status404NotFound, "404 Group Not Found");
        if (!(await context.AuthorizeGroupProjectsAsync(id, action, excludeSubgroups: false, groupNotFound).ConfigureAwait(false)).Succeeded(out var groupProjects, out var failure))
        {
            return Attempt<IReadOnlyList<AuthorizedProject>>.Fail(failure);
        }

        var (group, _, allowed, someNeedSignIn) = groupProjects;
        var anonymous = groupProjects.IsAnonymous;
        if (someNeedSignIn && anonymous)
        {
            return Attempt<IReadOnlyList<AuthorizedProject>>.Fail(RegistryResults.Unauthorized());
        }

        if (allowed.Count > 0)
        {
            return Attempt<IReadOnlyList<AuthorizedProject>>.Ok(allowed);
        }

        // Nothing readable: do not confirm that a group the caller cannot see exists.
        return anonymous
            ? Attempt<IReadOnlyList<AuthorizedProject>>.Fail(RegistryResults.Unauthorized())
            : group.Visibility == ProjectVisibility.Public
                ? Attempt<IReadOnlyList<AuthorizedProject>>.Ok(allowed)
                : Attempt<IReadOnlyList<AuthorizedProject>>.Fail(groupNotFound);
    }
}
