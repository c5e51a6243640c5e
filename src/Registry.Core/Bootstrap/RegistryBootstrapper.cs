using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Core.Bootstrap;

/// <summary>
/// Seeds a fresh registry: the administrator, their token and a first group and project. Idempotent, and safe when
/// several hosts sharing one database start at once (the loser of a creation race finds the winner's row). Needs a
/// directory that can create users (<c>UseEmbeddedDirectory()</c>).
/// </summary>
public sealed class RegistryBootstrapper(IDirectoryAdministration directory, IProjectDirectory projects)
{
    /// <summary>The name of the administrator's bootstrap token.</summary>
    public const string TokenName = "bootstrap";

    /// <summary>
    /// Applies <paramref name="options"/>: creates what is missing, registers <see cref="RegistryBootstrapOptions.AdminToken"/>
    /// when given, and generates a token when <paramref name="generateToken"/> is true and no known token is set.
    /// </summary>
    public async Task<RegistryBootstrapResult> BootstrapAsync(RegistryBootstrapOptions options, bool generateToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var admin = await FindOrCreateAdminAsync(options, cancellationToken).ConfigureAwait(false);
        var group = await FindOrCreateGroupAsync(options, admin, cancellationToken).ConfigureAwait(false);
        var project = group is null || string.IsNullOrEmpty(options.Project)
            ? null
            : await FindOrCreateProjectAsync(group, options.Project, options.Visibility, cancellationToken).ConfigureAwait(false);

        IssuedToken? generated = null;
        if (!string.IsNullOrEmpty(options.AdminToken))
        {
            await directory.CreatePersonalAccessTokenAsync(admin.Id, TokenName, TokenScopes.Api, null, options.AdminToken, cancellationToken).ConfigureAwait(false);
        }
        else if (generateToken)
        {
            generated = await directory.CreatePersonalAccessTokenAsync(admin.Id, TokenName, TokenScopes.Api, null, null, cancellationToken).ConfigureAwait(false);
        }

        return new RegistryBootstrapResult(admin, group, project, generated);
    }

    private async Task<User> FindOrCreateAdminAsync(RegistryBootstrapOptions options, CancellationToken cancellationToken)
    {
        var username = options.AdminUsername;
        var user = await directory.FindUserOrNullAsync(username, cancellationToken).ConfigureAwait(false)
            ?? await directory.TryCreateUserAsync(username, options.AdminName, isAdmin: true, cancellationToken).ConfigureAwait(false)
            ?? await directory.FindUserOrNullAsync(username, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Could not create the administrator '{username}'.");
        return user.IsAdmin
            ? user
            : throw new InvalidOperationException(
                $"{RegistryBootstrapOptions.SectionName}:AdminUsername names '{username}', an existing user who is not an administrator; name another user.");
    }

    private async Task<Group?> FindOrCreateGroupAsync(RegistryBootstrapOptions options, User admin, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.Group))
        {
            return null;
        }

        var created = await directory.TryCreateGroupAsync(options.Group, options.Group, null, options.Visibility, cancellationToken).ConfigureAwait(false);
        if (created is not null)
        {
            await directory.SetGroupMemberAsync(created.Id, admin.Id, AccessLevel.Owner, cancellationToken).ConfigureAwait(false);
            return created;
        }

        return await projects.FindGroupOrNullAsync(options.Group, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Could not create or find the group '{options.Group}'.");
    }

    private async Task<Project> FindOrCreateProjectAsync(Group group, string path, ProjectVisibility visibility, CancellationToken cancellationToken)
    {
        var fullPath = $"{group.FullPath}/{path}";
        return await directory.TryCreateProjectAsync(path, path, group.Id, visibility, PackageRegistryAccessLevel.Enabled, cancellationToken).ConfigureAwait(false)
            ?? await projects.FindProjectOrNullAsync(fullPath, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Could not create or find the project '{fullPath}'.");
    }
}
