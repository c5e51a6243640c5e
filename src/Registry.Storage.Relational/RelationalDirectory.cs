using System.Globalization;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Storage.Relational;

/// <summary>
/// The embedded directory (SQLite or PostgreSQL, the same SQL): users, nested groups, projects, memberships and tokens in the metadata
/// database. This part answers the registry's reads (<see cref="IProjectDirectory"/>); the administration
/// and the token validation live in the other parts of this class.
/// </summary>
internal sealed partial class RelationalDirectory(
    RelationalDatabase database,
    TimeProvider timeProvider,
    ILogger<RelationalDirectory>? logger = null) : IProjectDirectory, IDirectoryAdministration, ICredentialValidator
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <inheritdoc />
    public Task<Project?> FindProjectOrNullAsync(string idOrFullPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrFullPath);
        return database.Revisions.GetOrLoadAsync(new ProjectKey(idOrFullPath), () => LoadProjectOrNullAsync(idOrFullPath, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Project>> ListGroupProjectsAsync(long groupId, bool excludeSubgroups, CancellationToken cancellationToken) =>
        database.Revisions.GetOrLoadAsync(
            new GroupProjectsKey(groupId, excludeSubgroups),
            () => LoadGroupProjectsAsync(groupId, excludeSubgroups, cancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<Group?> FindGroupOrNullAsync(string idOrFullPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrFullPath);
        return database.Revisions.GetOrLoadAsync(new GroupKey(idOrFullPath), () => LoadGroupOrNullAsync(idOrFullPath, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<AccessLevel> GetAccessLevelAsync(long userId, Project project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        return database.Revisions.GetOrLoadAsync(new AccessKey(userId, project.Id), () => LoadAccessLevelAsync(userId, project, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> IsJobTokenAllowedAsync(long targetProjectId, long sourceProjectId, CancellationToken cancellationToken) =>
        targetProjectId == sourceProjectId
            // A job always reaches its own project; the allowlist is about other projects.
            ? Task.FromResult(true)
            : database.Revisions.GetOrLoadAsync(
                new JobTokenAllowedKey(targetProjectId, sourceProjectId),
                () => LoadJobTokenAllowedAsync(targetProjectId, sourceProjectId, cancellationToken),
                cancellationToken);

    private async Task<Project?> LoadProjectOrNullAsync(string idOrFullPath, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var (where, parameter) = ByIdOrPath(idOrFullPath, "full_path");
            var project = await connection.FirstOrDefaultAsync(
                null,
                $"SELECT {DirectoryRows.ProjectColumns} FROM projects WHERE {where}",
                DirectoryRows.ReadProjectRow,
                cancellationToken,
                parameter).ConfigureAwait(false);
            return project is null ? null : await WithAncestorsAsync(connection, null, project, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<Project>> LoadGroupProjectsAsync(long groupId, bool excludeSubgroups, CancellationToken cancellationToken)
    {
        const string Subtree = """
            WITH RECURSIVE subtree (id) AS (
                SELECT id FROM groups WHERE id = @group_id
                UNION ALL
                SELECT g.id FROM groups g JOIN subtree s ON g.parent_id = s.id
            )
            """;
        var sql = excludeSubgroups
            ? $"SELECT {DirectoryRows.ProjectColumns} FROM projects WHERE group_id = @group_id ORDER BY full_path"
            : $"{Subtree} SELECT {DirectoryRows.ProjectColumns} FROM projects WHERE group_id IN (SELECT id FROM subtree) ORDER BY full_path";
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.ListAsync(null, sql, DirectoryRows.ReadProjectRow, cancellationToken, ("@group_id", groupId)).ConfigureAwait(false);
            // Projects of one group share its ancestors: one lookup per group, not one per project.
            var ancestorsByGroup = new Dictionary<long, IReadOnlyList<long>>();
            var projects = new List<Project>(rows.Count);
            foreach (var row in rows)
            {
                if (!ancestorsByGroup.TryGetValue(row.GroupId, out var ancestors))
                {
                    ancestors = (await WithAncestorsAsync(connection, null, row, cancellationToken).ConfigureAwait(false)).AncestorGroupIds;
                    ancestorsByGroup[row.GroupId] = ancestors;
                }

                projects.Add(row with { AncestorGroupIds = ancestors });
            }

            return projects;
        }
    }

    private async Task<Group?> LoadGroupOrNullAsync(string idOrFullPath, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var (where, parameter) = ByIdOrPath(idOrFullPath, "full_path");
            return await connection.FirstOrDefaultAsync(
                null,
                $"SELECT {DirectoryRows.GroupColumns} FROM groups WHERE {where}",
                DirectoryRows.ReadGroup,
                cancellationToken,
                parameter).ConfigureAwait(false);
        }
    }

    private async Task<AccessLevel> LoadAccessLevelAsync(long userId, Project project, CancellationToken cancellationToken)
    {
        // The ancestors come from the database rather than the record, so a membership is honoured even
        // when the caller holds a project read before its group moved.
        const string Sql = """
            WITH RECURSIVE ancestors (id, parent_id) AS (
                SELECT g.id, g.parent_id FROM groups g JOIN projects p ON p.group_id = g.id WHERE p.id = @project_id
                UNION ALL
                SELECT g.id, g.parent_id FROM groups g JOIN ancestors a ON g.id = a.parent_id
            )
            SELECT MAX(access_level) FROM members
            WHERE user_id = @user_id AND (project_id = @project_id OR group_id IN (SELECT id FROM ancestors))
            """;
        var level = await database.ScalarAsync(
            Sql,
            cancellationToken,
            ("@project_id", project.Id),
            ("@user_id", userId)).ConfigureAwait(false);
        return level is null ? AccessLevel.None : (AccessLevel)Convert.ToInt32(level, CultureInfo.InvariantCulture);
    }

    private async Task<bool> LoadJobTokenAllowedAsync(long targetProjectId, long sourceProjectId, CancellationToken cancellationToken)
    {
        var found = await database.ScalarAsync(
            "SELECT 1 FROM job_token_allowlist WHERE target_project_id = @target AND source_project_id = @source",
            cancellationToken,
            ("@target", targetProjectId),
            ("@source", sourceProjectId)).ConfigureAwait(false);
        return found is not null;
    }

    /// <summary>
    /// A numeric reference is an id, anything else a full path. Paths arrive URL-decoded from routing,
    /// but a still-encoded one (<c>demo%2Fapp</c>) is decoded here too: GitLab paths never contain '%'.
    /// </summary>
    private static (string Where, (string Name, object? Value) Parameter) ByIdOrPath(string idOrPath, string pathColumn)
    {
        if (long.TryParse(idOrPath, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return ("id = @id", ("@id", id));
        }

        var path = idOrPath.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(idOrPath) : idOrPath;
        return ($"{pathColumn} = @path", ("@path", path));
    }

    private static async Task<Project> WithAncestorsAsync(DbConnection connection, DbTransaction? transaction, Project project, CancellationToken cancellationToken)
    {
        var ancestors = await connection.ListAsync(
            transaction,
            DirectoryRows.AncestorsSql,
            static r => r.GetInt64(0),
            cancellationToken,
            ("@group_id", project.GroupId)).ConfigureAwait(false);
        return project with { AncestorGroupIds = ancestors };
    }

    private long Now() => timeProvider.GetUtcNow().ToUnixMs();

    // Keys of the lookups cached per database revision (RevisionCache).
    private sealed record ProjectKey(string IdOrFullPath);

    private sealed record GroupKey(string IdOrFullPath);

    private sealed record GroupProjectsKey(long GroupId, bool ExcludeSubgroups);

    private sealed record AccessKey(long UserId, long ProjectId);

    private sealed record JobTokenAllowedKey(long TargetProjectId, long SourceProjectId);
}
