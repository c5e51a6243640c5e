using System.Data.Common;
using System.Globalization;
using Registry.Core.Cleanup;

namespace Registry.Storage.Relational;

/// <summary>Cleanup policies and the cleanup lease in the metadata database (SQLite or PostgreSQL, the same SQL) (<see cref="ICleanupPolicyStore"/>).</summary>
internal sealed class RelationalCleanupPolicyStore(RelationalDatabase database) : ICleanupPolicyStore
{
    /// <summary>The lease row's name in <c>registry_leases</c>.</summary>
    internal const string LeaseName = "package_cleanup";

    private const string Columns = "project_id, keep_n_duplicated_package_files, keep_n_versions, remove_older_than_days, keep_version_regex, remove_version_regex, next_run_at";

    /// <inheritdoc />
    public async Task<CleanupPolicy?> FindOrNullAsync(long projectId, CancellationToken cancellationToken) =>
        await database.FirstOrDefaultAsync(
            $"SELECT {Columns} FROM package_cleanup_policies WHERE project_id = @project_id",
            Read,
            cancellationToken,
            ("@project_id", projectId)).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task SaveAsync(CleanupPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        await database.ExecuteAsync(
            $"""
            INSERT INTO package_cleanup_policies ({Columns})
            VALUES (@project_id, @files, @versions, @days, @keep, @remove, @next_run_at)
            ON CONFLICT (project_id) DO UPDATE SET
                keep_n_duplicated_package_files = excluded.keep_n_duplicated_package_files,
                keep_n_versions = excluded.keep_n_versions,
                remove_older_than_days = excluded.remove_older_than_days,
                keep_version_regex = excluded.keep_version_regex,
                remove_version_regex = excluded.remove_version_regex,
                next_run_at = excluded.next_run_at
            """,
            cancellationToken,
            ("@project_id", policy.ProjectId),
            ("@files", policy.KeepNDuplicatedPackageFiles),
            ("@versions", policy.KeepNVersions),
            ("@days", policy.RemoveOlderThanDays),
            ("@keep", policy.KeepVersionPattern),
            ("@remove", policy.RemoveVersionPattern),
            ("@next_run_at", policy.NextRunAt.ToUnixMs())).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CleanupPolicy>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await database.ListAsync(
            $"""
            SELECT {Columns} FROM package_cleanup_policies
            WHERE next_run_at IS NOT NULL AND next_run_at <= @now
            ORDER BY next_run_at, project_id
            LIMIT @limit
            """,
            Read,
            cancellationToken,
            ("@now", now.ToUnixMs()),
            ("@limit", limit)).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task SetNextRunAsync(long projectId, DateTimeOffset? expected, DateTimeOffset? nextRunAt, CancellationToken cancellationToken) =>
        // Conditional on the run it follows, so a policy saved during the run keeps the schedule its save gave it.
        // The two forms keep a NULL parameter out of a comparison, whose type PostgreSQL could not infer.
        await database.ExecuteAsync(
            expected is null
                ? "UPDATE package_cleanup_policies SET next_run_at = @next_run_at WHERE project_id = @project_id AND next_run_at IS NULL"
                : "UPDATE package_cleanup_policies SET next_run_at = @next_run_at WHERE project_id = @project_id AND next_run_at = @expected",
            cancellationToken,
            ("@project_id", projectId),
            ("@expected", expected.ToUnixMs()),
            ("@next_run_at", nextRunAt.ToUnixMs())).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> TryTakeLeaseAsync(string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);

        // One statement: a new row, or the existing one when it expired or is ours already. RETURNING yields no row when
        // the update's condition fails, so two hosts racing for an expired lease cannot both get it (PostgreSQL runs the
        // write serializable and retries the loser, which then sees the winner's unexpired row).
        var taken = await database.WriteAsync(
            (connection, transaction) => connection.ScalarAsync(
                transaction,
                """
                INSERT INTO registry_leases (name, holder, expires_at) VALUES (@name, @holder, @expires_at)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE registry_leases.expires_at <= @now OR registry_leases.holder = excluded.holder
                RETURNING holder
                """,
                cancellationToken,
                ("@name", LeaseName),
                ("@holder", holder),
                ("@now", now.ToUnixMs()),
                ("@expires_at", (now + duration).ToUnixMs())),
            cancellationToken).ConfigureAwait(false);
        return string.Equals(Convert.ToString(taken, CultureInfo.InvariantCulture), holder, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public async Task ReleaseLeaseAsync(string holder, CancellationToken cancellationToken) =>
        await database.ExecuteAsync(
            "DELETE FROM registry_leases WHERE name = @name AND holder = @holder",
            cancellationToken,
            ("@name", LeaseName),
            ("@holder", holder)).ConfigureAwait(false);

    private static CleanupPolicy Read(DbDataReader reader) => new()
    {
        ProjectId = reader.GetInt64(0),
        KeepNDuplicatedPackageFiles = (int?)reader.GetInt64OrNull(1),
        KeepNVersions = (int?)reader.GetInt64OrNull(2),
        RemoveOlderThanDays = (int?)reader.GetInt64OrNull(3),
        KeepVersionPattern = reader.GetStringOrNull(4),
        RemoveVersionPattern = reader.GetStringOrNull(5),
        NextRunAt = reader.GetTimeOrNull(6),
    };
}
