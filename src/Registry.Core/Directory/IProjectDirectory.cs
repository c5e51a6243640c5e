namespace Registry.Core.Directory;

/// <summary>
/// The host's projects, groups and memberships, as the registry needs to read them.
/// The embedded default stores them in the metadata database; a host with its own users and
/// projects registers its own implementation.
/// </summary>
public interface IProjectDirectory
{
    /// <summary>Finds a project by numeric id or full path (<c>group/sub/project</c>).</summary>
    Task<Project?> FindProjectOrNullAsync(string idOrFullPath, CancellationToken cancellationToken);

    /// <summary>Finds a group by numeric id or full path.</summary>
    Task<Group?> FindGroupOrNullAsync(string idOrFullPath, CancellationToken cancellationToken);

    /// <summary>The projects of a group, and of its subgroups at any depth unless <paramref name="excludeSubgroups"/>; ordered by full path.</summary>
    Task<IReadOnlyList<Project>> ListGroupProjectsAsync(long groupId, bool excludeSubgroups, CancellationToken cancellationToken);

    /// <summary>The user's effective role in the project: the highest of its own and inherited group memberships.</summary>
    Task<AccessLevel> GetAccessLevelAsync(long userId, Project project, CancellationToken cancellationToken);

    /// <summary>Whether job tokens of <paramref name="sourceProjectId"/> may reach <paramref name="targetProjectId"/> (the job token allowlist).</summary>
    Task<bool> IsJobTokenAllowedAsync(long targetProjectId, long sourceProjectId, CancellationToken cancellationToken);
}
