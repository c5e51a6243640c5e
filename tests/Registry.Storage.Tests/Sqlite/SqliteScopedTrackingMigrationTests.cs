using Microsoft.Data.Sqlite;
using Registry.Core.Packages;
using Registry.Storage.Relational;
using Registry.Storage.Sqlite;
using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Sqlite;

/// <summary>
/// Migration 12 (<c>scoped_change_tracking</c>) on a database that the previous version migrated to 11: its unscoped
/// triggers (a bump of <c>change_revision</c> only) are replaced by the scoped ones, and the registry works on it.
/// </summary>
public sealed class SqliteScopedTrackingMigrationTests : IDisposable
{
    private readonly string _folder = TestDatabase.NewTempFolder();

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "registry.db")};Pooling=False";

    public void Dispose() => TestDatabase.DeleteFolder(_folder);

    [Fact]
    public async Task A_database_migrated_to_11_by_the_previous_version_gets_the_scoped_triggers_and_works()
    {
        await MigrateAsThePreviousVersionAsync();
        var time = new ManualTimeProvider(TestDatabase.Start);

        await using var database = new SqliteDatabase(ConnectionString, time);
        await database.EnsureInitializedAsync(default);
        var store = new RelationalPackageStore(database);

        (await ScalarAsync("SELECT MAX(version) FROM schema_migrations")).Should().Be((long)RegistrySchema.Migrations(SqliteDatabase.Identity, changeTracking: null).Count);
        var triggers = await TriggersAsync(ConnectionString);
        triggers.Should().HaveCount(RegistrySchema.TrackedTables.Count * 3);
        triggers.Values.Should().OnlyContain(sql => sql.Contains("change_scopes", StringComparison.Ordinal));

        // The same triggers as a database created by this version.
        var fresh = Path.Combine(_folder, "fresh.db");
        await using (var created = new SqliteDatabase($"Data Source={fresh};Pooling=False", time))
        {
            await created.EnsureInitializedAsync(default);
        }

        triggers.Should().Equal(await TriggersAsync($"Data Source={fresh};Pooling=False"));

        // The package written by the previous version is there, and a publish moves only its own project.
        (await store.FindPackageOrNullAsync(PackageCoordinate.Create(2, TestTypes.Generic, "old", "1.0.0"), default)).Should().NotBeNull();
        await database.ReadRevisionAsync(default);
        var before = (database.KnownScopeCounter(RevisionScope.Project(1)), database.KnownScopeCounter(RevisionScope.Project(2)), database.KnownScopeCounter(RevisionScope.Directory));
        await store.TryAddFileAsync(Files.New(projectId: 1), default);
        await database.ReadRevisionAsync(default);
        database.KnownScopeCounter(RevisionScope.Project(1)).Should().BeGreaterThan(before.Item1);
        database.KnownScopeCounter(RevisionScope.Project(2)).Should().Be(before.Item2);
        database.KnownScopeCounter(RevisionScope.Directory).Should().Be(before.Item3);
    }

    /// <summary>
    /// Applies migrations 1 to 11 as the previous version did: migration 3's triggers, and those migrations 5 and 8 gave
    /// their tables, only bump the counter row. Then writes a package through them.
    /// </summary>
    private async Task MigrateAsThePreviousVersionAsync()
    {
        string? changeTracking;
        using (var dialect = new SqliteDatabase(ConnectionString, TimeProvider.System))
        {
            changeTracking = dialect.ChangeTrackingSchema;
        }

        changeTracking.Should().NotContain("change_scopes", "migration 3 still ships the unscoped triggers");
        var migrations = RegistrySchema.Migrations(SqliteDatabase.Identity, changeTracking, UnscopedTriggers).Take(11).ToList();
        migrations[^1].Version.Should().Be(11);

        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, RegistrySchema.MigrationsTable);
        foreach (var migration in migrations)
        {
            if (migration.Sql is { } sql)
            {
                await ExecuteAsync(connection, sql);
            }

            await ExecuteAsync(connection, $"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({migration.Version}, '{migration.Name}', 0)");
        }

        await ExecuteAsync(connection, """
            INSERT INTO packages (project_id, type, name, normalized_name, version, normalized_version, status, created_at, updated_at)
            VALUES (2, 'generic', 'old', 'old', '1.0.0', '1.0.0', 0, 0, 0)
            """);
        (await ScalarAsync("SELECT value FROM change_revision WHERE id = 1")).Should().Be(1L);
    }

    private static readonly string[] Operations = ["INSERT", "UPDATE", "DELETE"];

    private static string UnscopedTriggers(string table) => string.Concat(Operations.Select(operation =>
        $"CREATE TRIGGER tr_{table}_{operation.ToLowerInvariant()}_revision AFTER {operation} ON {table} "
        + "BEGIN UPDATE change_revision SET value = value + 1 WHERE id = 1; END;\n"));

    private static async Task<Dictionary<string, string>> TriggersAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'";
        var triggers = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            triggers[reader.GetString(0)] = reader.GetString(1);
        }

        return triggers;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
