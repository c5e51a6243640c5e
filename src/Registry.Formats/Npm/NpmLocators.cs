using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Locating;
using Registry.Core.Security;
using Registry.Formats.Hosting;
using Registry.Formats.Protocol;

namespace Registry.Formats.Npm;

/// <summary>
/// Where an npm route finds its package's project, one <see cref="NpmEndpoints.Locator"/> per GitLab level
/// (https://docs.gitlab.com/ee/user/packages/npm_registry/#install-a-package): the project the route names, the group's
/// project holding the newest version, or the project of the top-level group named by the package's scope.
/// </summary>
internal static class NpmLocators
{
    private static readonly NpmErrorShape Errors = NpmErrorShape.Instance;

    /// <summary>Project level: the route names the project.</summary>
    public static Task<Attempt<AuthorizedProject>> InProjectAsync(HttpContext context, string name, PackageAction action) =>
        context.AuthorizeProjectOrDenyAsync(NpmEndpoints.Id(context), action);

    /// <summary>Instance level: <c>@scope/name</c> lives in a project of the top-level group named by the scope (<see cref="PackageLocator.LocateByScopeAsync"/>).</summary>
    public static async Task<Attempt<AuthorizedProject>> ByScopeAsync(HttpContext context, string name, PackageAction action)
    {
        var principal = await context.GetRegistryPrincipalOrNullAsync().ConfigureAwait(false);
        if (principal is null)
        {
            return Attempt<AuthorizedProject>.Fail(Errors.Unauthorized());
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var scope = name.StartsWith('@') && slash >= 2 ? name[1..slash] : null;
        var locator = context.RequestServices.GetRequiredService<PackageLocator>();
        return Located(await locator.LocateByScopeAsync(principal, scope, NpmFormat.NpmType, name, action, context.RequestAborted).ConfigureAwait(false));
    }

    /// <summary>
    /// Group level, as GitLab does it: among the group's projects (subgroups included) the caller may act on, the one
    /// holding the most recently published version of the package (<see cref="PackageLocator.FindNewestAsync"/>).
    /// </summary>
    public static async Task<Attempt<AuthorizedProject>> NewestInGroupAsync(HttpContext context, string name, PackageAction action)
    {
        var notFound = Errors.NotFound();
        if (!(await context.AuthorizeGroupProjectsAsync(NpmEndpoints.Id(context), action, excludeSubgroups: false, notFound).ConfigureAwait(false)).Succeeded(out var group, out var failure))
        {
            return Attempt<AuthorizedProject>.Fail(failure);
        }

        var locator = context.RequestServices.GetRequiredService<PackageLocator>();
        var newest = await locator.FindNewestAsync(group.Allowed, NpmFormat.NpmType, name, context.RequestAborted).ConfigureAwait(false);

        // An anonymous caller may be refused a private project that has the package: ask npm for its credential.
        return newest is not null
            ? Attempt<AuthorizedProject>.Ok(newest)
            : Attempt<AuthorizedProject>.Fail(group.IsAnonymous && (group.SomeNeedSignIn || group.Group.Visibility != ProjectVisibility.Public) ? Errors.Unauthorized() : notFound);
    }

    private static Attempt<AuthorizedProject> Located(ProjectAccess access) =>
        access.Project is { } project ? Attempt<AuthorizedProject>.Ok(project) : Attempt<AuthorizedProject>.Fail(Errors.Denied(access.Decision));
}
