using Registry.Core.Packages;
using Registry.Core.Storage;

namespace Registry.Storage.Relational;

/// <summary>Namespace package settings in the metadata database (SQLite or PostgreSQL, the same SQL) (<see cref="IPackageSettingsStore"/>).</summary>
internal sealed class RelationalPackageSettingsStore(RelationalDatabase database) : IPackageSettingsStore
{
    /// <inheritdoc />
    /// <remarks>From memory while the directory's revision stands (<see cref="RevisionCache"/>): a publish asks twice.</remarks>
    public Task<IReadOnlyDictionary<string, DuplicateSettings>> GetDuplicateSettingsAsync(long groupId, CancellationToken cancellationToken) =>
        database.Revisions.GetOrLoadAsync(new DuplicateSettingsKey(groupId), () => LoadDuplicateSettingsAsync(groupId, cancellationToken), cancellationToken);

    private async Task<IReadOnlyDictionary<string, DuplicateSettings>> LoadDuplicateSettingsAsync(long groupId, CancellationToken cancellationToken)
    {
        var rows = await database.ListAsync(
            "SELECT package_type, duplicates_allowed, duplicate_exception_regex FROM namespace_package_settings WHERE group_id = @group_id",
            static r => (Type: r.GetString(0), Settings: new DuplicateSettings(r.GetBoolean(1), r.GetStringOrNull(2))),
            cancellationToken,
            ("@group_id", groupId)).ConfigureAwait(false);
        return rows.ToDictionary(static r => r.Type, static r => r.Settings, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async Task SetDuplicateSettingsAsync(long groupId, string packageType, DuplicateSettings settings, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packageType);
        ArgumentNullException.ThrowIfNull(settings);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(
                null,
                """
                INSERT INTO namespace_package_settings (group_id, package_type, duplicates_allowed, duplicate_exception_regex)
                VALUES (@group_id, @package_type, @allowed, @regex)
                ON CONFLICT (group_id, package_type) DO UPDATE SET
                    duplicates_allowed = excluded.duplicates_allowed,
                    duplicate_exception_regex = excluded.duplicate_exception_regex
                """,
                cancellationToken,
                ("@group_id", groupId),
                ("@package_type", packageType),
                ("@allowed", settings.Allowed),
                ("@regex", string.IsNullOrEmpty(settings.ExceptionRegex) ? null : settings.ExceptionRegex)).ConfigureAwait(false);
        }
    }

    private sealed record DuplicateSettingsKey(long GroupId);
}
