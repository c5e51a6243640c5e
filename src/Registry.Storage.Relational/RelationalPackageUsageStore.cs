using Registry.Core.Usage;

namespace Registry.Storage.Relational;

/// <summary>Storage usage and quota overrides in the metadata database (SQLite or PostgreSQL, the same SQL) (<see cref="IPackageUsageStore"/>).</summary>
internal sealed class RelationalPackageUsageStore(RelationalDatabase database) : IPackageUsageStore
{
    /// <inheritdoc />
    public async Task<PackageUsage> GetUsageAsync(IReadOnlyCollection<long> projectIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projectIds);
        if (projectIds.Count == 0)
        {
            return PackageUsage.Empty;
        }

        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await PackageUsageSql.ReadAsync(connection, null, projectIds, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>From memory while the directory's revision stands (<see cref="RevisionCache"/>): every publish asks.</remarks>
    public Task<GroupQuota?> FindQuotaOverrideOrNullAsync(long groupId, CancellationToken cancellationToken) =>
        database.Revisions.GetOrLoadAsync(new QuotaOverrideKey(groupId), () => LoadQuotaOverrideOrNullAsync(groupId, cancellationToken), cancellationToken);

    private async Task<GroupQuota?> LoadQuotaOverrideOrNullAsync(long groupId, CancellationToken cancellationToken) =>
        await database.FirstOrDefaultAsync(
            "SELECT max_bytes, max_packages FROM package_quotas WHERE group_id = @group_id",
            static r => new GroupQuota(r.GetInt64OrNull(0), r.GetInt64OrNull(1)),
            cancellationToken,
            ("@group_id", groupId)).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task SetQuotaOverrideAsync(long groupId, GroupQuota? quota, CancellationToken cancellationToken)
    {
        if (quota is null)
        {
            await database.ExecuteAsync("DELETE FROM package_quotas WHERE group_id = @group_id", cancellationToken, ("@group_id", groupId)).ConfigureAwait(false);
            return;
        }

        await database.ExecuteAsync(
            """
            INSERT INTO package_quotas (group_id, max_bytes, max_packages) VALUES (@group_id, @max_bytes, @max_packages)
            ON CONFLICT (group_id) DO UPDATE SET max_bytes = excluded.max_bytes, max_packages = excluded.max_packages
            """,
            cancellationToken,
            ("@group_id", groupId),
            ("@max_bytes", quota.MaxBytes),
            ("@max_packages", quota.MaxPackages)).ConfigureAwait(false);
    }

    private sealed record QuotaOverrideKey(long GroupId);
}
