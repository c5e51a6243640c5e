using Registry.Storage.PostgreSql;
using Registry.Storage.Relational;
using Registry.Storage.Tests.Metadata;
using Registry.Testing;

namespace Registry.Storage.Tests.PostgreSql;

[RequiresPostgreSql]
public sealed class PostgreSqlMigrationTests : IAsyncLifetime
{
    private string _connectionString = string.Empty;

    public async Task InitializeAsync() => _connectionString = await PostgreSqlTestServer.CreateDatabaseAsync();

    public Task DisposeAsync() => PostgreSqlTestServer.DropDatabaseAsync(_connectionString);

    [ContractFact]
    public async Task Hosts_starting_at_once_apply_each_migration_once()
    {
        var time = new ManualTimeProvider(TestDatabase.Start);
        var hosts = Enumerable.Range(0, 6).Select(_ => new PostgreSqlDatabase(_connectionString, time)).ToList();
        try
        {
            // Without the advisory lock, CREATE TABLE IF NOT EXISTS and the first migration race and all but one fail.
            await Task.WhenAll(hosts.Select(h => Task.Run(() => h.EnsureInitializedAsync(default))));

            await using var connection = await hosts[0].OpenAsync(default);
            (await connection.ScalarAsync(null, "SELECT COUNT(*) FROM schema_migrations", default))
                .Should().Be((long)RegistrySchema.Migrations(PostgreSqlDatabase.Identity, changeTracking: null).Count);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    [ContractFact]
    public async Task A_second_start_finds_the_data_of_the_first()
    {
        var time = new ManualTimeProvider(TestDatabase.Start);
        await using (var first = new PostgreSqlDatabase(_connectionString, time))
        {
            (await new RelationalDirectory(first, time).TryCreateUserAsync("alice", "Alice", false, default)).Should().NotBeNull();
        }

        await using var second = new PostgreSqlDatabase(_connectionString, time);
        (await new RelationalDirectory(second, time).FindUserOrNullAsync("alice", default)).Should().NotBeNull();
    }

    [ContractFact]
    public async Task Hosts_presetting_one_token_at_once_end_as_in_sqlite()
    {
        // Two hosts booting at once both preset the same admin token: one inserts, the other must refresh it
        // (SQLite's outcome, where the second writer waits for the first), not fail on the unique hash.
        await using var db = await TestDatabase.CreateAsync(MetadataProvider.PostgreSql);
        var admin = (await db.Directory.TryCreateUserAsync("admin", "Admin", true, default))!;
        const string Preset = "glpat-preset-racing-token-0123456789";

        var issued = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() =>
            db.Directory.CreatePersonalAccessTokenAsync(admin.Id, "bootstrap", Core.Security.TokenScopes.Api, null, Preset, default))));

        issued.Select(t => t.Id).Distinct().Should().ContainSingle();
        (await db.Directory.ValidateOrNullAsync(Preset, default))!.UserId.Should().Be(admin.Id);
    }
}
