using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Storage.Relational;

/// <summary>The embedded directory's listings for the directory API.</summary>
internal sealed partial class RelationalDirectory
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<Group>> ListGroupsAsync(CancellationToken cancellationToken)
    {
        return await database.ListAsync(
            $"SELECT {DirectoryRows.GroupColumns} FROM groups ORDER BY full_path",
            DirectoryRows.ReadGroup,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Project>> ListProjectsAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await database.BeginReadAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Two queries and the ancestor chains built in memory, instead of one ancestor query per project.
                var parents = (await connection.ListAsync(
                    transaction,
                    "SELECT id, parent_id FROM groups",
                    static r => (Id: r.GetInt64(0), ParentId: r.GetInt64OrNull(1)),
                    cancellationToken).ConfigureAwait(false)).ToDictionary(static g => g.Id, static g => g.ParentId);
                var rows = await connection.ListAsync(
                    transaction,
                    $"SELECT {DirectoryRows.ProjectColumns} FROM projects ORDER BY full_path",
                    DirectoryRows.ReadProjectRow,
                    cancellationToken).ConfigureAwait(false);
                return [.. rows.Select(project => project with { AncestorGroupIds = AncestorsOf(project.GroupId, parents) })];
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Membership>> ListMembershipsAsync(long userId, CancellationToken cancellationToken)
    {
        return await database.ListAsync(
            "SELECT project_id, group_id, access_level FROM members WHERE user_id = @user_id",
            static r => new Membership(r.GetInt64OrNull(0), r.GetInt64OrNull(1), (AccessLevel)r.GetInt32(2)),
            cancellationToken,
            ("@user_id", userId)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<TokenOwner?> FindTokenOwnerAsync(long tokenId, CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT 1, user_id, NULL, NULL FROM personal_access_tokens WHERE id = @id
            UNION ALL
            SELECT 2, NULL, project_id, group_id FROM deploy_tokens WHERE id = @id
            UNION ALL
            SELECT 3, user_id, project_id, NULL FROM ci_jobs WHERE id = @id
            """;
        return await database.FirstOrDefaultAsync(
            Sql,
            r => new TokenOwner(tokenId, (PrincipalKind)r.GetInt32(0), r.GetInt64OrNull(1), r.GetInt64OrNull(2), r.GetInt64OrNull(3)),
            cancellationToken,
            ("@id", tokenId)).ConfigureAwait(false);
    }

    private static List<long> AncestorsOf(long groupId, Dictionary<long, long?> parents)
    {
        var chain = new List<long>();
        for (long? id = groupId; id is { } current && !chain.Contains(current); id = parents.GetValueOrDefault(current))
        {
            chain.Add(current);
        }

        return chain;
    }
}
