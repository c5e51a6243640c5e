using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Registry.Storage.Relational;
using Registry.Storage.Sqlite;
using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Sqlite;

public sealed class SqliteMigrationTests : IDisposable
{
    private readonly string _folder = TestDatabase.NewTempFolder();

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "registry.db")};Pooling=True";

    public void Dispose() => TestDatabase.DeleteFolder(_folder);

    [Fact]
    public async Task Migrations_apply_once_across_two_opens_of_one_file()
    {
        var time = new ManualTimeProvider(TestDatabase.Start);
        await using (var first = new SqliteDatabase(ConnectionString, time))
        {
            var directory = new RelationalDirectory(first, time);
            (await directory.TryCreateUserAsync("alice", "Alice", false, default)).Should().NotBeNull();
        }

        await using var second = new SqliteDatabase(ConnectionString, time);
        await second.EnsureInitializedAsync(default);
        (await new RelationalDirectory(second, time).FindUserOrNullAsync("alice", default)).Should().NotBeNull();
        (await CountMigrationRowsAsync(second)).Should().Be(RegistrySchema.Migrations(SqliteDatabase.Identity, changeTracking: null).Count);
    }

    [Fact]
    public async Task Two_starts_racing_on_one_file_apply_each_migration_once()
    {
        var time = new ManualTimeProvider(TestDatabase.Start);
        var factories = Enumerable.Range(0, 4).Select(_ => new SqliteDatabase(ConnectionString, time)).ToList();
        try
        {
            await Task.WhenAll(factories.Select(f => Task.Run(() => f.EnsureInitializedAsync(default))));
            (await CountMigrationRowsAsync(factories[0])).Should().Be(RegistrySchema.Migrations(SqliteDatabase.Identity, changeTracking: null).Count);
        }
        finally
        {
            foreach (var factory in factories)
            {
                await factory.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_catalog_of_a_name_is_read_from_its_covering_index_without_a_sort()
    {
        // Issue 19: after a publish to a 10,000-version package the catalog is read again; from the table's rows (which
        // carry the metadata) with a scan of the project's packages in creation order it took twice as long.
        await using var factory = new SqliteDatabase(ConnectionString, new ManualTimeProvider(TestDatabase.Start));
        await using var connection = await factory.OpenAsync(default);
        await using var command = connection.CreateCommand(null, "EXPLAIN QUERY PLAN " + RelationalPackageStore.CatalogSql, ("@project_id", 1L), ("@type", "npm"), ("@normalized_name", "pkg"));
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        plan.Should().Contain(step => step.Contains("USING COVERING INDEX ix_packages_catalog (project_id=? AND type=? AND normalized_name=?)", StringComparison.Ordinal));
        plan.Should().NotContain(step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        plan.Where(step => step.Contains("package_files", StringComparison.Ordinal) || step.Contains("SCALAR SUBQUERY", StringComparison.Ordinal) || step.Contains(" f ", StringComparison.Ordinal))
            .Where(step => step.StartsWith("SEARCH", StringComparison.Ordinal))
            .Should().OnlyContain(step => step.Contains("COVERING INDEX ix_package_files_live", StringComparison.Ordinal));
    }

    [Fact]
    public async Task File_databases_run_in_wal_mode_with_foreign_keys()
    {
        await using var factory = new SqliteDatabase(ConnectionString, new ManualTimeProvider(TestDatabase.Start));
        await using var connection = await factory.OpenAsync(default);
        (await connection.ScalarAsync(null, "PRAGMA journal_mode", default)).Should().Be("wal");
        (await connection.ScalarAsync(null, "PRAGMA foreign_keys", default)).Should().Be(1L);
        (await connection.ScalarAsync(null, "PRAGMA busy_timeout", default)).Should().Be(5000L);
    }

    [Fact]
    public async Task The_default_connection_string_creates_its_folder()
    {
        var dataPath = Path.Combine(_folder, "nested", "data");
        var connectionString = SqliteRegistryBuilderExtensions.DefaultConnectionString(new Core.Options.PackageRegistryOptions { DataPath = dataPath });
        await using var factory = new SqliteDatabase(connectionString, TimeProvider.System);
        await factory.EnsureInitializedAsync(default);
        File.Exists(Path.Combine(dataPath, "registry.db")).Should().BeTrue();
    }

    [Fact]
    public async Task An_in_memory_database_survives_between_connections_and_is_private_to_its_factory()
    {
        await using var first = TestDatabase.InMemory();
        await using var second = TestDatabase.InMemory();
        await first.Directory.TryCreateUserAsync("alice", "Alice", false, default);

        // No connection of the store is open between the calls: the keep-alive holds the database.
        SqliteConnection.ClearAllPools();
        (await first.Directory.FindUserOrNullAsync("alice", default)).Should().NotBeNull();
        (await second.Directory.FindUserOrNullAsync("alice", default)).Should().BeNull();
    }

    [Fact]
    public void A_private_memory_database_is_refused()
    {
        var act = () => new SqliteDatabase("Data Source=:memory:", TimeProvider.System);
        act.Should().Throw<ArgumentException>();
    }

    private static async Task<long> CountMigrationRowsAsync(SqliteDatabase factory)
    {
        await using var connection = await factory.OpenAsync(default);
        return (long)(await connection.ScalarAsync(null, "SELECT COUNT(*) FROM schema_migrations", default))!;
    }
}
