using Registry.Core.Directory;

namespace Registry.Core.Security;

/// <summary>
/// Decides whether a caller may act on a project's package registry. A pure function of its inputs,
/// encoding GitLab's "Package Registry visibility permissions" table
/// (https://docs.gitlab.com/ee/user/packages/package_registry/#package-registry-visibility-permissions):
/// view and pull need nothing on public projects, Guest on internal ones and Reporter on private ones;
/// publish needs Developer; delete and settings need Maintainer. Deploy tokens act by scope alone within
/// their project or group; job tokens act with their user's role within their project and the projects
/// that allow them.
/// </summary>
/// <remarks>
/// Refusals follow GitLab: an anonymous caller gets 401 so that clients retry with credentials; a caller who
/// may not see the project gets 404 so its existence does not leak; a caller who may see it but not do this
/// gets 403. A disabled registry answers 403 to everyone, owners and administrators included.
/// </remarks>
public static class PermissionEvaluator
{
    /// <summary>Evaluates one request.</summary>
    public static PermissionDecision Evaluate(RegistryPrincipal principal, ProjectAccessFacts facts, PackageAction action)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(facts);

        if (!facts.InstanceRegistryEnabled)
        {
            return PermissionDecision.InstanceRegistryDisabled;
        }

        var project = facts.Project;
        if (project.PackageRegistryAccessLevel == PackageRegistryAccessLevel.Disabled)
        {
            return PermissionDecision.Deny(Denial.Forbidden, "the package registry is disabled for this project");
        }

        var anyoneMayRead = AnyoneMayRead(facts);
        if (anyoneMayRead && action is PackageAction.View or PackageAction.Pull)
        {
            return PermissionDecision.Allow("anyone may read this registry");
        }

        var reach = Reach(principal, facts);
        if (principal.Kind == PrincipalKind.Anonymous)
        {
            return PermissionDecision.Deny(Denial.Unauthenticated, "this needs a credential");
        }

        if (!reach || !(anyoneMayRead || SeesProject(principal, facts)))
        {
            return PermissionDecision.Deny(Denial.NotFound, "the caller may not see this project");
        }

        if (action is PackageAction.View or PackageAction.Pull)
        {
            if (!CanReadAsMember(principal, facts))
            {
                return PermissionDecision.Deny(Denial.Forbidden, "reading this registry needs the Reporter role");
            }

            return HasScope(principal, TokenScopes.Api | TokenScopes.ReadApi | TokenScopes.ReadPackageRegistry)
                ? PermissionDecision.Allow("member with a read scope")
                : PermissionDecision.Deny(Denial.Forbidden, "the token has no read scope");
        }

        if (!HasScope(principal, TokenScopes.Api | TokenScopes.WritePackageRegistry))
        {
            return PermissionDecision.Deny(Denial.Forbidden, "the token has no write scope");
        }

        if (principal.Kind == PrincipalKind.DeployToken)
        {
            return action == PackageAction.ManageSettings
                ? PermissionDecision.Deny(Denial.Forbidden, "deploy tokens cannot change settings")
                : PermissionDecision.Allow("deploy token with write_package_registry");
        }

        var needed = action == PackageAction.Publish ? AccessLevel.Developer : AccessLevel.Maintainer;
        var role = EffectiveRole(principal, facts);
        return role >= needed
            ? PermissionDecision.Allow($"role {role} meets {needed}")
            : PermissionDecision.Deny(Denial.Forbidden, $"{action} needs the {needed} role");
    }

    private static bool AnyoneMayRead(ProjectAccessFacts facts)
    {
        var level = facts.Project.PackageRegistryAccessLevel;
        if (level == PackageRegistryAccessLevel.Public && facts.Scope == EndpointScope.Project)
        {
            return true;
        }

        return level != PackageRegistryAccessLevel.Private && facts.Project.Visibility == ProjectVisibility.Public;
    }

    /// <summary>Whether the credential can act on this project at all (deploy token's project or group, job token's allowlist).</summary>
    private static bool Reach(RegistryPrincipal principal, ProjectAccessFacts facts) => principal.Kind switch
    {
        PrincipalKind.User => true,
        PrincipalKind.JobToken => principal.Job is { } job && (job.ProjectId == facts.Project.Id || facts.JobTokenAllowed),
        PrincipalKind.DeployToken =>
            principal.DeployTokenProjectId == facts.Project.Id
            || (principal.DeployTokenGroupId is { } groupId && facts.Project.AncestorGroupIds.Contains(groupId)),
        _ => false,
    };

    /// <summary>
    /// Whether the caller may know the project exists: anyone for public projects, any signed-in user for internal
    /// ones, members (Guest and up) for private ones. Tokens out of reach see nothing but what anyone may read.
    /// </summary>
    private static bool SeesProject(RegistryPrincipal principal, ProjectAccessFacts facts) =>
        principal.Kind == PrincipalKind.DeployToken
            || facts.Project.Visibility != ProjectVisibility.Private
            || EffectiveRole(principal, facts) >= AccessLevel.Guest;

    /// <summary>Whether a caller within reach may read: members-only registries need Reporter, others any signed-in user.</summary>
    private static bool CanReadAsMember(RegistryPrincipal principal, ProjectAccessFacts facts)
    {
        if (principal.Kind == PrincipalKind.DeployToken)
        {
            return true;
        }

        var membersOnly = facts.Project.PackageRegistryAccessLevel == PackageRegistryAccessLevel.Private
            || facts.Project.Visibility == ProjectVisibility.Private;
        return !membersOnly || EffectiveRole(principal, facts) >= AccessLevel.Reporter;
    }

    private static AccessLevel EffectiveRole(RegistryPrincipal principal, ProjectAccessFacts facts) =>
        principal.IsAdmin ? AccessLevel.Owner : facts.Role;

    private static bool HasScope(RegistryPrincipal principal, TokenScopes any) =>
        principal.Kind == PrincipalKind.JobToken || (principal.Scopes & any) != 0;
}
