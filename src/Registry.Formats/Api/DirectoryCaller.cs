using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Formats.Hosting;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// The caller of the directory API and what it may see and manage, computed as GitLab does: a role in a group holds
/// in its subgroups and projects; public things are seen by everyone, internal ones by signed-in users, private ones
/// by members (a member of a subgroup or project also sees the groups above it) and administrators.
/// </summary>
/// <remarks>
/// Only users reach the directory API: deploy and job tokens are refused, as on GitLab. Reads need the <c>api</c> or
/// <c>read_api</c> scope, writes <c>api</c>. The groups and the caller's memberships are loaded once per request.
/// </remarks>
internal sealed class DirectoryCaller
{
    private readonly IDirectoryAdministration? _directory;
    private readonly IProjectDirectory _reads;
    private Dictionary<long, Group>? _groups;
    private IReadOnlyList<Membership>? _memberships;
    private HashSet<long>? _groupsWithMembersBelow;

    private DirectoryCaller(RegistryPrincipal principal, IDirectoryAdministration? directory, IProjectDirectory reads)
    {
        Principal = principal;
        _directory = directory;
        _reads = reads;
    }

    public RegistryPrincipal Principal { get; }

    public bool IsAdmin => Principal.IsAdmin;

    public bool IsAnonymous => Principal.Kind == PrincipalKind.Anonymous;

    /// <summary>The signed-in user's id; throws for anonymous callers (write endpoints authenticate first).</summary>
    public long UserId => Principal.UserId ?? throw new InvalidOperationException("The caller is not a user.");

    /// <summary>The embedded directory; only its own routes use it, and they are mapped only where it is registered.</summary>
    public IDirectoryAdministration Directory =>
        _directory ?? throw new InvalidOperationException("The directory API needs the embedded directory (UseEmbeddedDirectory()).");

    public IProjectDirectory Reads => _reads;

    public CancellationToken Aborted { get; private init; }

    /// <summary>Authenticates the caller; <paramref name="write"/> requires a signed-in user with the <c>api</c> scope.</summary>
    public static async Task<Attempt<DirectoryCaller>> AuthenticateAsync(HttpContext context, bool write)
    {
        var principal = await context.GetRegistryPrincipalOrNullAsync().ConfigureAwait(false);
        if (principal is null || (write && principal.Kind == PrincipalKind.Anonymous))
        {
            return Attempt<DirectoryCaller>.Fail(RegistryResults.Unauthorized());
        }

        if (principal.Kind is PrincipalKind.DeployToken or PrincipalKind.JobToken)
        {
            return Attempt<DirectoryCaller>.Fail(ApiProblems.Forbidden());
        }

        if (principal.Kind == PrincipalKind.User)
        {
            var needed = write ? TokenScopes.Api : TokenScopes.Api | TokenScopes.ReadApi;
            if ((principal.Scopes & needed) == 0)
            {
                return Attempt<DirectoryCaller>.Fail(ApiProblems.InsufficientScope(write ? "api" : "read_api"));
            }
        }

        var services = context.RequestServices;
        // Package settings are served without the embedded directory too: then only administrators manage them, as the
        // host's own group memberships are not visible to the registry.
        return new DirectoryCaller(principal, services.GetService<IDirectoryAdministration>(), services.GetRequiredService<IProjectDirectory>())
        {
            Aborted = context.RequestAborted,
        };
    }

    /// <summary>Authenticates a signed-in user (anonymous callers get 401).</summary>
    public static async Task<Attempt<DirectoryCaller>> SignedInAsync(HttpContext context, bool write)
    {
        if (!(await AuthenticateAsync(context, write).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return Attempt<DirectoryCaller>.Fail(failure);
        }

        return caller.IsAnonymous ? Attempt<DirectoryCaller>.Fail(RegistryResults.Unauthorized()) : caller;
    }

    /// <summary>Authenticates an administrator with the <c>api</c> scope (others get 403).</summary>
    public static async Task<Attempt<DirectoryCaller>> AdminAsync(HttpContext context)
    {
        if (!(await SignedInAsync(context, write: true).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return Attempt<DirectoryCaller>.Fail(failure);
        }

        return caller.IsAdmin ? caller : Attempt<DirectoryCaller>.Fail(ApiProblems.Forbidden());
    }

    /// <summary>The caller's effective role in a group: the highest of its own and its ancestors' memberships.</summary>
    public async Task<AccessLevel> GroupLevelAsync(long groupId)
    {
        if (IsAnonymous)
        {
            return AccessLevel.None;
        }

        var groups = await GroupsAsync().ConfigureAwait(false);
        var memberships = await MembershipsAsync().ConfigureAwait(false);
        var chain = AncestorsOf(groupId, groups);
        return memberships.Where(m => m.GroupId is { } g && chain.Contains(g)).Select(static m => m.AccessLevel).DefaultIfEmpty().Max();
    }

    /// <summary>The caller's effective role in a project: its own membership or one inherited from the groups above.</summary>
    public async Task<AccessLevel> ProjectLevelAsync(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (IsAnonymous)
        {
            return AccessLevel.None;
        }

        var memberships = await MembershipsAsync().ConfigureAwait(false);
        var own = memberships.Where(m => m.ProjectId == project.Id).Select(static m => m.AccessLevel).DefaultIfEmpty().Max();
        var inherited = await GroupLevelAsync(project.GroupId).ConfigureAwait(false);
        return own > inherited ? own : inherited;
    }

    /// <summary>Whether the caller is an administrator or holds at least <paramref name="level"/> in the group.</summary>
    public async Task<bool> CanManageGroupAsync(long groupId, AccessLevel level) =>
        IsAdmin || await GroupLevelAsync(groupId).ConfigureAwait(false) >= level;

    /// <summary>Whether the caller is an administrator or holds at least <paramref name="level"/> in the project.</summary>
    public async Task<bool> CanManageProjectAsync(Project project, AccessLevel level) =>
        IsAdmin || await ProjectLevelAsync(project).ConfigureAwait(false) >= level;

    public async Task<bool> CanSeeGroupAsync(Group group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (IsAdmin || group.Visibility == ProjectVisibility.Public || (group.Visibility == ProjectVisibility.Internal && !IsAnonymous))
        {
            return true;
        }

        if (IsAnonymous)
        {
            return false;
        }

        _groupsWithMembersBelow ??= await GroupsWithMembershipsBelowAsync().ConfigureAwait(false);
        return _groupsWithMembersBelow.Contains(group.Id) || await GroupLevelAsync(group.Id).ConfigureAwait(false) > AccessLevel.None;
    }

    public async Task<bool> CanSeeProjectAsync(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return IsAdmin
            || project.Visibility == ProjectVisibility.Public
            || (project.Visibility == ProjectVisibility.Internal && !IsAnonymous)
            || await ProjectLevelAsync(project).ConfigureAwait(false) > AccessLevel.None;
    }

    /// <summary>Finds a group by id or path that the caller may see; otherwise the 404 (or 401 for anonymous callers) to answer.</summary>
    public async Task<Attempt<Group>> FindVisibleGroupAsync(string idOrPath)
    {
        var group = await _reads.FindGroupOrNullAsync(idOrPath, Aborted).ConfigureAwait(false);
        if (group is not null && await CanSeeGroupAsync(group).ConfigureAwait(false))
        {
            return group;
        }

        return Attempt<Group>.Fail(IsAnonymous ? RegistryResults.Unauthorized() : ApiProblems.NotFound("Group"));
    }

    /// <summary>Finds a project by id or path that the caller may see; otherwise the 404 (or 401 for anonymous callers) to answer.</summary>
    public async Task<Attempt<Project>> FindVisibleProjectAsync(string idOrPath)
    {
        var project = await _reads.FindProjectOrNullAsync(idOrPath, Aborted).ConfigureAwait(false);
        if (project is not null && await CanSeeProjectAsync(project).ConfigureAwait(false))
        {
            return project;
        }

        return Attempt<Project>.Fail(IsAnonymous ? RegistryResults.Unauthorized() : ApiProblems.NotFound("Project"));
    }

    private async Task<HashSet<long>> GroupsWithMembershipsBelowAsync()
    {
        var groups = await GroupsAsync().ConfigureAwait(false);
        var memberships = await MembershipsAsync().ConfigureAwait(false);
        // One listing for every project membership, rather than a lookup per project.
        var projectGroups = _directory is not null && memberships.Any(static m => m.ProjectId is not null)
            ? (await _directory.ListProjectsAsync(Aborted).ConfigureAwait(false)).ToDictionary(static p => p.Id, static p => p.GroupId)
            : [];
        var result = new HashSet<long>();
        foreach (var membership in memberships)
        {
            var groupId = membership.ProjectId is { } projectId
                ? projectGroups.TryGetValue(projectId, out var projectGroup) ? projectGroup : (long?)null
                : membership.GroupId;
            if (groupId is { } id)
            {
                result.UnionWith(AncestorsOf(id, groups));
            }
        }

        return result;
    }

    /// <summary>Every group by id, read once per request (listings and visibility checks share it).</summary>
    public async Task<Dictionary<long, Group>> GroupsAsync() =>
        _groups ??= _directory is null ? [] : (await _directory.ListGroupsAsync(Aborted).ConfigureAwait(false)).ToDictionary(static g => g.Id);

    private async Task<IReadOnlyList<Membership>> MembershipsAsync() =>
        _memberships ??= Principal.UserId is { } userId && _directory is not null
            ? await _directory.ListMembershipsAsync(userId, Aborted).ConfigureAwait(false)
            : [];

    private static HashSet<long> AncestorsOf(long groupId, Dictionary<long, Group> groups)
    {
        var chain = new HashSet<long>();
        for (long? id = groupId; id is { } current && chain.Add(current); id = groups.GetValueOrDefault(current)?.ParentId)
        {
        }

        return chain;
    }
}
