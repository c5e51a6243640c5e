using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Storage.Relational;

/// <summary>The embedded directory's member and token listings for GitLab's members, deploy token and token APIs.</summary>
internal sealed partial class RelationalDirectory
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<DirectoryMember>> ListMembersAsync(long? projectId, long? groupId, CancellationToken cancellationToken)
    {
        var (column, id) = Source(projectId, groupId);
        return await database.ListAsync(
            $"""
            SELECT u.id, u.username, u.name, u.is_admin, u.user_type, m.access_level
            FROM members m JOIN users u ON u.id = m.user_id
            WHERE m.{column} = @id
            ORDER BY u.username
            """,
            static r => new DirectoryMember(DirectoryRows.ReadUser(r), (AccessLevel)r.GetInt32(5)),
            cancellationToken,
            ("@id", id)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TokenDetails>> ListDeployTokensAsync(long? projectId, long? groupId, CancellationToken cancellationToken)
    {
        var (column, id) = Source(projectId, groupId);
        return await database.ListAsync(
            $"SELECT id, name, scopes, created_at, expires_at, revoked_at, project_id, group_id FROM deploy_tokens WHERE {column} = @id ORDER BY id",
            static r => ReadToken(r, new TokenOwner(r.GetInt64(0), PrincipalKind.DeployToken, null, r.GetInt64OrNull(6), r.GetInt64OrNull(7))),
            cancellationToken,
            ("@id", id)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TokenDetails>> ListPersonalAccessTokensAsync(long? userId, CancellationToken cancellationToken)
    {
        // CAST gives PostgreSQL a type for a NULL parameter.
        return await database.ListAsync(
            """
            SELECT id, name, scopes, created_at, expires_at, revoked_at, user_id FROM personal_access_tokens
            WHERE CAST(@user_id AS BIGINT) IS NULL OR user_id = @user_id
            ORDER BY id
            """,
            static r => ReadToken(r, new TokenOwner(r.GetInt64(0), PrincipalKind.User, r.GetInt64(6), null, null)),
            cancellationToken,
            ("@user_id", userId)).ConfigureAwait(false);
    }

    /// <summary>Reads <c>id, name, scopes, created_at, expires_at, revoked_at</c>, the columns both token tables share.</summary>
    private static TokenDetails ReadToken(System.Data.Common.DbDataReader r, TokenOwner owner) =>
        new(r.GetInt64(0), r.GetString(1), (TokenScopes)r.GetInt32(2), r.GetTime(3), r.GetTimeOrNull(4), r.GetTimeOrNull(5), owner);

    private static (string Column, long Id) Source(long? projectId, long? groupId) => (projectId, groupId) switch
    {
        ({ } project, null) => ("project_id", project),
        (null, { } group) => ("group_id", group),
        _ => throw new ArgumentException("Name exactly one project or one group.", nameof(projectId)),
    };
}
