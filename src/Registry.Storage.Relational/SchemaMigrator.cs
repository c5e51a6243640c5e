using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Registry.Storage.Relational;

/// <summary>Applies <see cref="RegistrySchema"/> migrations that a database has not seen yet.</summary>
internal static class SchemaMigrator
{
    /// <summary>
    /// Applies each pending migration in its own transaction, begun with <see cref="RelationalDatabase.BeginMigrationAsync"/>.
    /// That transaction excludes other migrating processes before the version is checked, so two processes starting
    /// at once apply every migration exactly once.
    /// </summary>
    public static async Task ApplyAsync(DbConnection connection, RelationalDatabase database, TimeProvider timeProvider, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var migration in RegistrySchema.Migrations(database.IdentityColumn, database.ChangeTrackingSchema, database.ChangeTrackingOf, database.ChangeNotificationSchema, database.ScopedChangeNotificationSchema, database.ScopedChangeTrackingSchema, database.CatalogIndexSchema))
        {
            await using var transaction = await database.BeginMigrationAsync(connection, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(transaction, RegistrySchema.MigrationsTable, cancellationToken).ConfigureAwait(false);
            var applied = await connection.ScalarAsync(
                transaction,
                "SELECT version FROM schema_migrations WHERE version = @version",
                cancellationToken,
                ("@version", migration.Version)).ConfigureAwait(false);
            if (applied is null)
            {
                if (migration.Sql is { } sql)
                {
                    await connection.ExecuteAsync(transaction, sql, cancellationToken).ConfigureAwait(false);
                }

                await connection.ExecuteAsync(
                    transaction,
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @applied_at)",
                    cancellationToken,
                    ("@version", migration.Version),
                    ("@name", migration.Name),
                    ("@applied_at", timeProvider.GetUtcNow().ToUnixTimeMilliseconds())).ConfigureAwait(false);
                RelationalLog.MigrationApplied(logger, migration.Version, migration.Name);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
