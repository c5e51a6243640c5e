using Registry.Core.Directory;

namespace Registry.Core.Security;

/// <summary>
/// A project the caller has been allowed to act on. Only <see cref="ProjectAccessService"/> creates one,
/// so a use case that takes it cannot be reached without a permission check.
/// </summary>
public sealed class AuthorizedProject
{
    internal AuthorizedProject(Project project, RegistryPrincipal principal, PackageAction action)
    {
        Project = project;
        Principal = principal;
        Action = action;
    }

    /// <summary>The project.</summary>
    public Project Project { get; }

    /// <summary>The caller.</summary>
    public RegistryPrincipal Principal { get; }

    /// <summary>The action that was allowed.</summary>
    public PackageAction Action { get; }

    internal void Require(PackageAction action)
    {
        if (Action != action && !(action == PackageAction.View && Action == PackageAction.Pull))
        {
            throw new InvalidOperationException($"This operation needs {action} permission; the project was authorized for {Action}.");
        }
    }
}
