using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Security;
using Registry.Formats.Hosting;

namespace Registry.Formats.Protocol;

/// <summary>Authorizes a request against a project in one call, for protocol handlers.</summary>
public static class ProjectAuthorizationExtensions
{
    /// <summary>
    /// Authenticates the caller and authorizes <paramref name="action"/> on the project named by
    /// <paramref name="projectIdOrPath"/> (numeric id or URL-encoded full path, as GitLab's <c>:id</c>).
    /// On refusal, answer with <see cref="RegistryResults.Denied"/>.
    /// </summary>
    public static async Task<ProjectAccess> AuthorizeProjectAsync(this HttpContext context, string projectIdOrPath, PackageAction action, EndpointScope scope = EndpointScope.Project)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = await context.GetRegistryPrincipalOrNullAsync().ConfigureAwait(false);
        if (principal is null)
        {
            return new ProjectAccess(null, new PermissionDecision(Denial.Unauthenticated, "invalid credential"));
        }

        var access = context.RequestServices.GetRequiredService<ProjectAccessService>();
        return await access.AuthorizeAsync(principal, Uri.UnescapeDataString(projectIdOrPath), action, scope, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Authorizes <paramref name="action"/> on the project the route names, or answers the refusal in the client's shape
    /// (<see cref="ClientErrors.Of"/>): the one authorization step of every project-level protocol handler.
    /// </summary>
    internal static async Task<Attempt<AuthorizedProject>> AuthorizeProjectOrDenyAsync(this HttpContext context, string projectIdOrPath, PackageAction action)
    {
        var access = await context.AuthorizeProjectAsync(projectIdOrPath, action).ConfigureAwait(false);
        return access.Project is { } project
            ? Attempt<AuthorizedProject>.Ok(project)
            : Attempt<AuthorizedProject>.Fail(ClientErrors.Of(context).Denied(access.Decision));
    }
}
