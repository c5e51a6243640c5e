using System.Globalization;
using Microsoft.Extensions.Options;
using Registry.Core.Directory;
using Registry.Core.Options;
using Registry.Core.Packages;
using Registry.Core.Security;
using Registry.Core.Storage;

namespace Registry.Core.Locating;

/// <summary>
/// GitLab's rules for finding the project a package lives in when the route names a group or nothing
/// (https://docs.gitlab.com/ee/user/packages/npm_registry/#package-forwarding-to-npmjscom,
/// https://docs.gitlab.com/ee/api/packages/maven.html): the group's projects, the group's project holding the newest
/// version, the top-level group a scope names, or any project holding the name. Every rule filters by permission
/// before it applies a limit, so a project the caller may not read never hides one it may.
/// </summary>
public sealed class PackageLocator
{
    /// <summary>The most projects scanned for one instance-level lookup by name, however few of them are readable.</summary>
    internal const int MaxScannedPackages = 10_000;

    private readonly IProjectDirectory _directory;
    private readonly ProjectAccessService _access;
    private readonly IPackageStore _store;
    private readonly IOptionsMonitor<PackageRegistryOptions> _options;

    /// <summary>Creates the service.</summary>
    public PackageLocator(IProjectDirectory directory, ProjectAccessService access, IPackageStore store, IOptionsMonitor<PackageRegistryOptions> options)
    {
        _directory = directory;
        _access = access;
        _store = store;
        _options = options;
    }

    /// <summary>
    /// The group (numeric id or full path) and its projects the caller may take <paramref name="action"/> on through
    /// the group endpoint; null when there is no such group.
    /// </summary>
    public async Task<GroupLocation?> LocateGroupAsync(RegistryPrincipal principal, string groupIdOrPath, PackageAction action, bool excludeSubgroups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var group = await _directory.FindGroupOrNullAsync(groupIdOrPath, cancellationToken).ConfigureAwait(false);
        if (group is null)
        {
            return null;
        }

        if (!_options.CurrentValue.Enabled)
        {
            return new GroupLocation(group, [], SomeNeedSignIn: false, RegistryDisabled: true);
        }

        var projects = await _directory.ListGroupProjectsAsync(group.Id, excludeSubgroups, cancellationToken).ConfigureAwait(false);
        var (allowed, someNeedSignIn) = await FilterAsync(principal, projects, action, EndpointScope.Group, int.MaxValue, cancellationToken).ConfigureAwait(false);
        return new GroupLocation(group, allowed, someNeedSignIn, RegistryDisabled: false);
    }

    /// <summary>
    /// GitLab's group-level rule for npm: among <paramref name="projects"/> (already permission-filtered), the one
    /// holding the most recently published version of the package; null when none holds it.
    /// </summary>
    public async Task<AuthorizedProject?> FindNewestAsync(IReadOnlyList<AuthorizedProject> projects, PackageType type, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projects);
        ArgumentNullException.ThrowIfNull(type);
        AuthorizedProject? newest = null;
        var newestAt = DateTimeOffset.MinValue;
        foreach (var project in projects)
        {
            foreach (var package in await _store.ListVersionsAsync(project.Project.Id, type, type.NormalizeName(name), cancellationToken).ConfigureAwait(false))
            {
                if (package.CreatedAt > newestAt)
                {
                    (newest, newestAt) = (project, package.CreatedAt);
                }
            }
        }

        return newest;
    }

    /// <summary>
    /// GitLab's instance-level rule for scoped packages (npm's <c>@scope/name</c>): the package lives in a project of the
    /// top-level group whose path is <paramref name="scope"/>; the first project (by id) the caller may act on that
    /// holds it. Refused as "no such package" (401 to anonymous callers, 404 to others) when there is none.
    /// </summary>
    public async Task<ProjectAccess> LocateByScopeAsync(RegistryPrincipal principal, string? scope, PackageType type, string name, PackageAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(type);
        if (!_options.CurrentValue.Enabled)
        {
            // Refused as a project endpoint is (403), not answered as if the package did not exist.
            return new ProjectAccess(null, PermissionDecision.InstanceRegistryDisabled);
        }

        var notFound = new ProjectAccess(null, new PermissionDecision(principal.Kind == PrincipalKind.Anonymous ? Denial.Unauthenticated : Denial.NotFound, "no such package"));
        var group = string.IsNullOrEmpty(scope) ? null : await _directory.FindGroupOrNullAsync(scope, cancellationToken).ConfigureAwait(false);
        if (group is null || group.ParentId is not null)
        {
            return notFound;
        }

        var projects = await _directory.ListGroupProjectsAsync(group.Id, excludeSubgroups: false, cancellationToken).ConfigureAwait(false);
        foreach (var project in projects.OrderBy(p => p.Id))
        {
            var access = await _access.EvaluateAsync(principal, project, action, EndpointScope.Instance, cancellationToken).ConfigureAwait(false);
            if (access.Project is not null
                && await _store.FindVersionsFingerprintOrNullAsync(project.Id, type, type.NormalizeName(name), cancellationToken).ConfigureAwait(false) is not null)
            {
                return access;
            }
        }

        return notFound;
    }

    /// <summary>
    /// The instance-level rule for Maven, stricter than GitLab's "first match in a project the caller may read": every
    /// project holding a live package of the name (of <paramref name="version"/>, when given) that the caller may act on,
    /// ordered so that the answer is deterministic and a namespace owns its names. Projects whose top-level group path is
    /// one of <paramref name="ownerGroupPaths"/> come first, in the order of that list (the caller puts the most specific
    /// first); every other project after them; within each rank, the project whose matching package is oldest first, so a
    /// later publish elsewhere never displaces an earlier one. Permission is checked for every candidate before the list is
    /// cut to <paramref name="maxProjects"/>, so projects the caller may not read never hide one it may.
    /// </summary>
    /// <param name="principal">The caller.</param>
    /// <param name="type">The package type.</param>
    /// <param name="name">The package name as requested.</param>
    /// <param name="version">The version requested, or null for every version (metadata documents).</param>
    /// <param name="ownerGroupPaths">Top-level group paths that own the name, most specific first; compared ignoring case, as GitLab's paths are.</param>
    /// <param name="action">The action the caller takes.</param>
    /// <param name="maxProjects">The most projects returned, counted after the permission check and the ordering.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The ordered projects, and how many of them (from the start) are in an owning namespace.</returns>
    public async Task<ProjectsLocation> LocateByNameAsync(RegistryPrincipal principal, PackageType type, string name, string? version, IReadOnlyList<string> ownerGroupPaths, PackageAction action, int maxProjects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(ownerGroupPaths);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxProjects);
        if (!_options.CurrentValue.Enabled)
        {
            return new ProjectsLocation([], SomeNeedSignIn: false, RegistryDisabled: true);
        }

        // Every candidate, up to a bound that keeps one request's work finite: the ranking must see them all, or an owner
        // published after many squatters could fall outside the list.
        var candidates = await _store.ListProjectsHoldingAsync(
            type, type.NormalizeName(name), version is null ? null : type.NormalizeVersion(version), MaxScannedPackages, cancellationToken).ConfigureAwait(false);
        var projects = new List<Project>();
        foreach (var projectId in candidates)
        {
            if (await _directory.FindProjectOrNullAsync(projectId.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false) is { } project)
            {
                projects.Add(project);
            }
        }

        var (allowed, needSignIn) = await FilterAsync(principal, projects, action, EndpointScope.Instance, int.MaxValue, cancellationToken).ConfigureAwait(false);

        // OrderBy is stable: within a rank the store's oldest-package-first order stands.
        var ranked = allowed.OrderBy(p => OwnerRank(p.Project, ownerGroupPaths)).Take(maxProjects).ToList();
        var owned = ranked.Count(p => OwnerRank(p.Project, ownerGroupPaths) < ownerGroupPaths.Count);

        // An anonymous caller refused a project that holds the package is challenged, whatever the refusal: a
        // credential is what could change the answer, and Maven sends one only after a 401.
        var someNeedSignIn = needSignIn || (principal.Kind == PrincipalKind.Anonymous && allowed.Count < projects.Count);
        return new ProjectsLocation(ranked, someNeedSignIn, RegistryDisabled: false) { OwnerCount = owned };
    }

    /// <summary>The index of the project's top-level group in <paramref name="ownerGroupPaths"/>, or its count when absent.</summary>
    private static int OwnerRank(Project project, IReadOnlyList<string> ownerGroupPaths)
    {
        var slash = project.FullPath.IndexOf('/', StringComparison.Ordinal);
        var topLevel = slash < 0 ? project.FullPath : project.FullPath[..slash];
        for (var i = 0; i < ownerGroupPaths.Count; i++)
        {
            if (string.Equals(ownerGroupPaths[i], topLevel, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return ownerGroupPaths.Count;
    }

    /// <summary>
    /// Whether another project of <paramref name="project"/>'s top-level group (subgroups included) holds a live package
    /// named <paramref name="name"/>, whoever may see it: GitLab's rule for formats whose names belong to one project of a
    /// namespace unless the group allows duplicates (Terraform modules, <c>Packages::TerraformModule::CreatePackageService</c>).
    /// A policy check before a publish, not a guarantee: two publishes racing in two projects may both pass, as on GitLab.
    /// </summary>
    public async Task<bool> IsNameInAnotherProjectOfTopLevelGroupAsync(Project project, PackageType type, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(type);
        var rootGroupId = project.AncestorGroupIds.Count > 0 ? project.AncestorGroupIds[^1] : project.GroupId;
        var normalized = type.NormalizeName(name);
        foreach (var other in await _directory.ListGroupProjectsAsync(rootGroupId, excludeSubgroups: false, cancellationToken).ConfigureAwait(false))
        {
            if (other.Id != project.Id
                && await _store.FindVersionsFingerprintOrNullAsync(other.Id, type, normalized, cancellationToken).ConfigureAwait(false) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private async Task<(List<AuthorizedProject> Allowed, bool SomeNeedSignIn)> FilterAsync(RegistryPrincipal principal, IEnumerable<Project> projects, PackageAction action, EndpointScope scope, int max, CancellationToken cancellationToken)
    {
        var allowed = new List<AuthorizedProject>();
        var someNeedSignIn = false;
        foreach (var project in projects)
        {
            var decision = await _access.EvaluateAsync(principal, project, action, scope, cancellationToken).ConfigureAwait(false);
            if (decision.Project is { } authorized)
            {
                allowed.Add(authorized);
                if (allowed.Count == max)
                {
                    break;
                }
            }
            else
            {
                someNeedSignIn |= decision.Decision.Denial == Denial.Unauthenticated;
            }
        }

        return (allowed, someNeedSignIn);
    }
}
