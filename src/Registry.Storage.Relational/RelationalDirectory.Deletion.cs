using System.Data.Common;

namespace Registry.Storage.Relational;

/// <summary>
/// Deleting projects, groups and users (<see cref="Registry.Core.Directory.IDirectoryAdministration"/>), each in one
/// transaction, with the bots of their project and group access tokens. Packages are only marked pending destruction, as a package delete does, so the blob garbage collector
/// purges their rows and the bytes no other package shares; nothing here touches the blob store.
/// </summary>
internal sealed partial class RelationalDirectory
{
    /// <inheritdoc />
    public Task<bool> DeleteProjectAsync(long projectId, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) => DeleteProjectRowsAsync(connection, transaction, projectId, cancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteGroupAsync(long groupId, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                var parents = (await connection.ListAsync(
                    transaction,
                    "SELECT id, parent_id FROM groups",
                    static r => (Id: r.GetInt64(0), ParentId: r.GetInt64OrNull(1)),
                    cancellationToken).ConfigureAwait(false)).ToDictionary(static g => g.Id, static g => g.ParentId);
                if (!parents.ContainsKey(groupId))
                {
                    return false;
                }

                // The subtree, deepest first, so that no group is deleted before the subgroups that refer to it.
                var subtree = parents.Keys
                    .Select(id => (Id: id, Depth: AncestorsOf(id, parents).IndexOf(groupId)))
                    .Where(static g => g.Depth >= 0)
                    .OrderByDescending(static g => g.Depth)
                    .Select(static g => g.Id)
                    .ToList();
                foreach (var id in subtree)
                {
                    var projects = await connection.ListAsync(
                        transaction,
                        "SELECT id FROM projects WHERE group_id = @group_id",
                        static r => r.GetInt64(0),
                        cancellationToken,
                        ("@group_id", id)).ConfigureAwait(false);
                    foreach (var project in projects)
                    {
                        await DeleteProjectRowsAsync(connection, transaction, project, cancellationToken).ConfigureAwait(false);
                    }

                    await DeleteBotsAsync(connection, transaction, "group_id", id, cancellationToken).ConfigureAwait(false);
                    await ExecuteEachAsync(
                        connection,
                        transaction,
                        id,
                        ["DELETE FROM members WHERE group_id = @id", "DELETE FROM deploy_tokens WHERE group_id = @id", "DELETE FROM namespace_package_settings WHERE group_id = @id", "DELETE FROM groups WHERE id = @id"],
                        cancellationToken).ConfigureAwait(false);
                }

                return true;
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteUserAsync(long userId, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await ExecuteEachAsync(
                    connection,
                    transaction,
                    userId,
                    ["DELETE FROM members WHERE user_id = @id", "DELETE FROM personal_access_tokens WHERE user_id = @id", "DELETE FROM ci_jobs WHERE user_id = @id"],
                    cancellationToken).ConfigureAwait(false);

                return await connection.ExecuteAsync(transaction, "DELETE FROM users WHERE id = @id", cancellationToken, ("@id", userId)).ConfigureAwait(false) > 0;
            },
            cancellationToken);

    /// <summary>
    /// Marks the project's packages pending destruction and removes the project with what hangs off it. The rows are
    /// deleted explicitly rather than left to <c>ON DELETE CASCADE</c>, which a SQLite connection honours only with
    /// <c>PRAGMA foreign_keys</c> on.
    /// </summary>
    private async Task<bool> DeleteProjectRowsAsync(DbConnection connection, DbTransaction transaction, long projectId, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(
            transaction,
            "UPDATE packages SET status = 4, updated_at = @now WHERE project_id = @id AND status <> 4",
            cancellationToken,
            ("@now", Now()),
            ("@id", projectId)).ConfigureAwait(false);
        await DeleteBotsAsync(connection, transaction, "project_id", projectId, cancellationToken).ConfigureAwait(false);
        await ExecuteEachAsync(
            connection,
            transaction,
            projectId,
            [
                "DELETE FROM members WHERE project_id = @id",
                "DELETE FROM deploy_tokens WHERE project_id = @id",
                "DELETE FROM ci_jobs WHERE project_id = @id",
                "DELETE FROM job_token_allowlist WHERE target_project_id = @id OR source_project_id = @id",
            ],
            cancellationToken).ConfigureAwait(false);

        return await connection.ExecuteAsync(transaction, "DELETE FROM projects WHERE id = @id", cancellationToken, ("@id", projectId)).ConfigureAwait(false) > 0;
    }

    /// <summary>Runs each statement with <c>@id</c> bound to <paramref name="id"/>, in order.</summary>
    private static async Task ExecuteEachAsync(DbConnection connection, DbTransaction transaction, long id, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        foreach (var sql in statements)
        {
            await connection.ExecuteAsync(transaction, sql, cancellationToken, ("@id", id)).ConfigureAwait(false);
        }
    }
}
