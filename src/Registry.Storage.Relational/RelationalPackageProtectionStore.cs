using System.Data.Common;
using Registry.Core.Protection;

namespace Registry.Storage.Relational;

/// <summary>Package protection rules in the metadata database (SQLite or PostgreSQL, the same SQL) (<see cref="IPackageProtectionStore"/>).</summary>
internal sealed class RelationalPackageProtectionStore(RelationalDatabase database) : IPackageProtectionStore
{
    private const string Columns = "id, project_id, package_type, package_name_pattern, minimum_access_level_for_push, minimum_access_level_for_delete";

    /// <inheritdoc />
    public async Task<IReadOnlyList<PackageProtectionRule>> ListAsync(long projectId, CancellationToken cancellationToken) =>
        await database.ListAsync(
            $"SELECT {Columns} FROM package_protection_rules WHERE project_id = @project_id ORDER BY id",
            Read,
            cancellationToken,
            ("@project_id", projectId)).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<PackageProtectionRule>> ListAsync(long projectId, string packageType, CancellationToken cancellationToken) =>
        await database.ListAsync(
            $"SELECT {Columns} FROM package_protection_rules WHERE project_id = @project_id AND package_type = @package_type ORDER BY id",
            Read,
            cancellationToken,
            ("@project_id", projectId),
            ("@package_type", packageType)).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<ProtectionRuleWriteResult> TryCreateAsync(PackageProtectionRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var id = await connection.ScalarAsync(
                    transaction,
                    """
                    INSERT INTO package_protection_rules (project_id, package_type, package_name_pattern, minimum_access_level_for_push, minimum_access_level_for_delete)
                    VALUES (@project_id, @package_type, @pattern, @push, @delete)
                    ON CONFLICT (project_id, package_type, package_name_pattern) DO NOTHING
                    RETURNING id
                    """,
                    cancellationToken,
                    Parameters(rule)).ConfigureAwait(false);
                return id is null
                    ? new ProtectionRuleWriteResult(ProtectionRuleWriteOutcome.Duplicate)
                    : new ProtectionRuleWriteResult(ProtectionRuleWriteOutcome.Saved, rule with { Id = Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture) });
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ProtectionRuleWriteResult> TryUpdateAsync(PackageProtectionRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                // Checked inside the write transaction, so the unique index never has to refuse the update.
                var exists = await connection.ScalarAsync(
                    transaction,
                    "SELECT id FROM package_protection_rules WHERE project_id = @project_id AND id = @id",
                    cancellationToken,
                    ("@project_id", rule.ProjectId),
                    ("@id", rule.Id)).ConfigureAwait(false);
                if (exists is null)
                {
                    return new ProtectionRuleWriteResult(ProtectionRuleWriteOutcome.NotFound);
                }

                var clash = await connection.ScalarAsync(
                    transaction,
                    """
                    SELECT id FROM package_protection_rules
                    WHERE project_id = @project_id AND package_type = @package_type AND package_name_pattern = @pattern AND id <> @id
                    """,
                    cancellationToken,
                    [.. Parameters(rule), ("@id", rule.Id)]).ConfigureAwait(false);
                if (clash is not null)
                {
                    return new ProtectionRuleWriteResult(ProtectionRuleWriteOutcome.Duplicate);
                }

                await connection.ExecuteAsync(
                    transaction,
                    """
                    UPDATE package_protection_rules
                    SET package_type = @package_type, package_name_pattern = @pattern,
                        minimum_access_level_for_push = @push, minimum_access_level_for_delete = @delete
                    WHERE project_id = @project_id AND id = @id
                    """,
                    cancellationToken,
                    [.. Parameters(rule), ("@id", rule.Id)]).ConfigureAwait(false);
                return new ProtectionRuleWriteResult(ProtectionRuleWriteOutcome.Saved, rule);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(long projectId, long ruleId, CancellationToken cancellationToken) =>
        await database.ExecuteAsync(
            "DELETE FROM package_protection_rules WHERE project_id = @project_id AND id = @id",
            cancellationToken,
            ("@project_id", projectId),
            ("@id", ruleId)).ConfigureAwait(false) > 0;

    private static (string, object?)[] Parameters(PackageProtectionRule rule) =>
    [
        ("@project_id", rule.ProjectId),
        ("@package_type", rule.PackageType),
        ("@pattern", rule.PackageNamePattern),
        ("@push", (int?)rule.MinimumAccessLevelForPush),
        ("@delete", (int?)rule.MinimumAccessLevelForDelete),
    ];

    private static PackageProtectionRule Read(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        ProjectId = reader.GetInt64(1),
        PackageType = reader.GetString(2),
        PackageNamePattern = reader.GetString(3),
        MinimumAccessLevelForPush = reader.GetInt64OrNull(4) is { } push ? (ProtectionLevel)push : null,
        MinimumAccessLevelForDelete = reader.GetInt64OrNull(5) is { } delete ? (ProtectionLevel)delete : null,
    };
}
