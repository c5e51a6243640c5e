using Registry.Core.Security;

namespace Registry.Core.Directory;

/// <summary>
/// Writes to the embedded directory: users, groups, projects, memberships and tokens.
/// Hosts that bring their own directory need not implement it; the sample host and the
/// directory API use it.
/// </summary>
public interface IDirectoryAdministration
{
    /// <summary>Creates a user; null when the user name is taken.</summary>
    Task<User?> TryCreateUserAsync(string username, string name, bool isAdmin, CancellationToken cancellationToken);

    /// <summary>Finds a user by numeric id or user name.</summary>
    Task<User?> FindUserOrNullAsync(string idOrUsername, CancellationToken cancellationToken);

    /// <summary>Creates a group under <paramref name="parentId"/> (or at the top); null when the path is taken.</summary>
    Task<Group?> TryCreateGroupAsync(string name, string path, long? parentId, ProjectVisibility visibility, CancellationToken cancellationToken);

    /// <summary>Creates a project in a group; null when the path is taken in that group.</summary>
    Task<Project?> TryCreateProjectAsync(string name, string path, long groupId, ProjectVisibility visibility, PackageRegistryAccessLevel accessLevel, CancellationToken cancellationToken);

    /// <summary>Changes a project's visibility and registry access level.</summary>
    Task<Project?> UpdateProjectAsync(long projectId, ProjectVisibility? visibility, PackageRegistryAccessLevel? accessLevel, CancellationToken cancellationToken);

    /// <summary>Adds or changes a user's role in a project (<see cref="AccessLevel.None"/> removes it).</summary>
    Task SetProjectMemberAsync(long projectId, long userId, AccessLevel accessLevel, CancellationToken cancellationToken);

    /// <summary>Adds or changes a user's role in a group and, through inheritance, its subgroups and projects.</summary>
    Task SetGroupMemberAsync(long groupId, long userId, AccessLevel accessLevel, CancellationToken cancellationToken);

    /// <summary>Issues a personal access token. <paramref name="presetToken"/> fixes its text (bootstrap from configuration); otherwise one is generated.</summary>
    Task<IssuedToken> CreatePersonalAccessTokenAsync(long userId, string name, TokenScopes scopes, DateTimeOffset? expiresAt, string? presetToken, CancellationToken cancellationToken);

    /// <summary>Issues a deploy token for a project (<paramref name="projectId"/>) or a group (<paramref name="groupId"/>); scopes are limited to the package registry ones.</summary>
    Task<IssuedToken> CreateDeployTokenAsync(long? projectId, long? groupId, string name, TokenScopes scopes, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Issues a project (<paramref name="projectId"/>) or group (<paramref name="groupId"/>) access token in one
    /// transaction, as GitLab does: a new bot user (<see cref="User.IsBot"/>) named after the token, made a member of
    /// the project or group at <paramref name="accessLevel"/>, and a personal access token of that bot.
    /// </summary>
    Task<IssuedResourceAccessToken> CreateResourceAccessTokenAsync(long? projectId, long? groupId, string name, TokenScopes scopes, AccessLevel accessLevel, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// The access tokens of a project (<paramref name="projectId"/>) or a group (<paramref name="groupId"/>): the
    /// tokens of the bots that are its members, revoked ones included, by id.
    /// </summary>
    Task<IReadOnlyList<ResourceAccessToken>> ListResourceAccessTokensAsync(long? projectId, long? groupId, CancellationToken cancellationToken);

    /// <summary>
    /// Rotates an active project or group access token in one transaction: revokes it and issues its bot a new token with
    /// the same name and scopes, expiring at <paramref name="expiresAt"/>. Null when there is no such active access token.
    /// </summary>
    Task<IssuedResourceAccessToken?> RotateResourceAccessTokenAsync(long tokenId, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    /// <summary>Starts a CI job in a project on behalf of a user; its token is valid until <see cref="FinishJobAsync"/>.</summary>
    Task<IssuedToken> StartJobAsync(long projectId, long userId, long? pipelineId, string? gitRef, string? commitSha, CancellationToken cancellationToken);

    /// <summary>Finishes a job, which ends its token; false when there is no such running job.</summary>
    Task<bool> FinishJobAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>Revokes a token of any kind by its id; false when there is no such token.</summary>
    Task<bool> RevokeTokenAsync(long tokenId, CancellationToken cancellationToken);

    /// <summary>Lets job tokens of <paramref name="sourceProjectId"/> reach <paramref name="targetProjectId"/>.</summary>
    Task AllowJobTokenAsync(long targetProjectId, long sourceProjectId, CancellationToken cancellationToken);

    /// <summary>Every group, ordered by full path (the directory API filters what the caller may see).</summary>
    Task<IReadOnlyList<Group>> ListGroupsAsync(CancellationToken cancellationToken);

    /// <summary>Every project, ordered by full path (the directory API filters what the caller may see).</summary>
    Task<IReadOnlyList<Project>> ListProjectsAsync(CancellationToken cancellationToken);

    /// <summary>The user's direct memberships; effective roles follow from the group tree.</summary>
    Task<IReadOnlyList<Membership>> ListMembershipsAsync(long userId, CancellationToken cancellationToken);

    /// <summary>Whom a token belongs to; null when there is no such token.</summary>
    Task<TokenOwner?> FindTokenOwnerAsync(long tokenId, CancellationToken cancellationToken);

    /// <summary>The direct members of a project (<paramref name="projectId"/>) or a group (<paramref name="groupId"/>), by user name.</summary>
    Task<IReadOnlyList<DirectoryMember>> ListMembersAsync(long? projectId, long? groupId, CancellationToken cancellationToken);

    /// <summary>The deploy tokens of a project (<paramref name="projectId"/>) or a group (<paramref name="groupId"/>), revoked ones included, by id.</summary>
    Task<IReadOnlyList<TokenDetails>> ListDeployTokensAsync(long? projectId, long? groupId, CancellationToken cancellationToken);

    /// <summary>The personal access tokens of one user, or of every user when <paramref name="userId"/> is null, revoked ones included, by id.</summary>
    Task<IReadOnlyList<TokenDetails>> ListPersonalAccessTokensAsync(long? userId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a project in one transaction: its packages are marked pending destruction (the blob garbage collector
    /// purges their rows and unreferenced bytes later), and its members, deploy tokens, jobs and job token allowlist
    /// entries go with it. False when there is no such project.
    /// </summary>
    Task<bool> DeleteProjectAsync(long projectId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a group with its subgroups and their projects in one transaction, as <see cref="DeleteProjectAsync"/> does for
    /// each project, with the groups' members, deploy tokens and package settings. False when there is no such group.
    /// </summary>
    Task<bool> DeleteGroupAsync(long groupId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a user in one transaction with their memberships, personal access tokens and jobs (whose tokens stop
    /// working). The packages they published stay, as on GitLab; their build records keep the former user id.
    /// False when there is no such user.
    /// </summary>
    Task<bool> DeleteUserAsync(long userId, CancellationToken cancellationToken);
}
