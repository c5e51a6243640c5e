using Registry.Core.Directory;

namespace Registry.Core.Security;

/// <summary>
/// A project the caller has been allowed to act on, with every action the caller may take on it. Only
/// <see cref="ProjectAccessService"/> creates one, so a use case that takes it cannot be reached without a permission check.
/// </summary>
public sealed class AuthorizedProject
{
    internal AuthorizedProject(Project project, RegistryPrincipal principal, PackageAction action, IReadOnlySet<PackageAction> permissions, AccessLevel role = AccessLevel.None)
    {
        Role = role;
        Project = project;
        Principal = principal;
        Action = action;
        Permissions = permissions;
    }

    /// <summary>The project.</summary>
    public Project Project { get; }

    /// <summary>The caller.</summary>
    public RegistryPrincipal Principal { get; }

    /// <summary>
    /// The caller's user's effective role in the project (<see cref="AccessLevel.None"/> for deploy tokens, anonymous
    /// callers and non-members), which package protection rules compare with their minimum levels.
    /// </summary>
    public AccessLevel Role { get; }

    /// <summary>The action the caller asked for, which was allowed.</summary>
    public PackageAction Action { get; }

    /// <summary>
    /// Every action the caller may take on the project through the endpoint that authorized it (the asked one
    /// included), so a publish may read what it publishes over without a second permission check.
    /// </summary>
    public IReadOnlySet<PackageAction> Permissions { get; }

    /// <summary>Whether the caller may also take <paramref name="action"/>.</summary>
    public bool Allows(PackageAction action) => Permissions.Contains(action) || (action == PackageAction.View && Permissions.Contains(PackageAction.Pull));

    internal void Require(PackageAction action)
    {
        if (!Allows(action))
        {
            throw new InvalidOperationException($"This operation needs {action} permission; the project was authorized for {string.Join(", ", Permissions.Order())}.");
        }
    }
}
