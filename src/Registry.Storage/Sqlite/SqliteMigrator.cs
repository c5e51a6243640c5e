using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Registry.Storage.Sqlite;

/// <summary>Applies <see cref="RegistrySchema"/> migrations that a database has not seen yet.</summary>
internal static class SqliteMigrator
{
    /// <summary>
    /// Applies each pending migration in its own <c>BEGIN IMMEDIATE</c> transaction. The write lock is taken
    /// before the version is checked, so two processes starting at once apply every migration exactly once.
    /// </summary>
    public static async Task ApplyAsync(SqliteConnection connection, TimeProvider timeProvider, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var migration in RegistrySchema.Migrations(RegistrySchema.SqliteIdentity))
        {
            await using var transaction = await connection.BeginImmediateAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(transaction, RegistrySchema.MigrationsTable, cancellationToken).ConfigureAwait(false);
            var applied = await connection.ScalarAsync(
                transaction,
                "SELECT version FROM schema_migrations WHERE version = @version",
                cancellationToken,
                ("@version", migration.Version)).ConfigureAwait(false);
            if (applied is null)
            {
                await connection.ExecuteAsync(transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(
                    transaction,
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @applied_at)",
                    cancellationToken,
                    ("@version", migration.Version),
                    ("@name", migration.Name),
                    ("@applied_at", timeProvider.GetUtcNow().ToUnixTimeMilliseconds())).ConfigureAwait(false);
                SqliteLog.MigrationApplied(logger, migration.Version, migration.Name);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
