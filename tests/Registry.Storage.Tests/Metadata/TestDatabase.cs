using Microsoft.Extensions.DependencyInjection;
using Registry.Storage.PostgreSql;
using Registry.Storage.Relational;
using Registry.Storage.Sqlite;
using Registry.Testing;

namespace Registry.Storage.Tests.Metadata;

/// <summary>
/// A metadata database of either provider with the store and directory over it. SQLite file databases live in a
/// temp folder removed on dispose; PostgreSQL databases are created on the test server and dropped on dispose.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string? _postgreSql;
    private readonly Func<ManualTimeProvider, RelationalDatabase> _create;

    private TestDatabase(Func<ManualTimeProvider, RelationalDatabase> create, string? folder, string? postgreSql)
    {
        _create = create;
        Folder = folder;
        _postgreSql = postgreSql;
        Time = new ManualTimeProvider(Start);
        Database = create(Time);
        Store = new RelationalPackageStore(Database);
        Directory = new RelationalDirectory(Database, Time);
    }

    public string? Folder { get; }

    public ManualTimeProvider Time { get; }

    public RelationalDatabase Database { get; }

    public RelationalPackageStore Store { get; }

    public RelationalDirectory Directory { get; }

    /// <summary>
    /// The revision that cached lookups of <paramref name="scope"/> (the directory by default) are filed under: the
    /// database's, and the scope's counter where commits are counted per scope (PostgreSQL's notifications).
    /// </summary>
    public async Task<string> RevisionAsync(RevisionScope? scope = null) =>
        await Database.ReadRevisionAsync(default) + "/"
        + Database.KnownScopeCounter(scope ?? RevisionScope.Directory).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Another host on the same database, as behind a load balancer: its own connections, caches and clock; disposing it removes nothing.</summary>
    public TestDatabase SecondHost() => new(_create, null, null);

    public static TestDatabase InMemory() =>
        new(time => new SqliteDatabase(SqliteRegistryBuilderExtensions.InMemoryConnectionString(), time), null, null);

    public static TestDatabase OnDisk()
    {
        var folder = NewTempFolder();
        return new(time => new SqliteDatabase($"Data Source={Path.Combine(folder, "registry.db")};Pooling=True", time), folder, null);
    }

    /// <summary>A fresh database of <paramref name="provider"/>; <paramref name="sharedByConnections"/> asks SQLite for a file, as concurrent tests need.</summary>
    /// <param name="changeNotifications">PostgreSQL only: whether revisions follow notifications (the default) or a query per read.</param>
    /// <param name="maxConcurrentWrites">PostgreSQL only: how many write units run at once, 0 (the default) for no bound.</param>
    public static async Task<TestDatabase> CreateAsync(MetadataProvider provider, bool sharedByConnections = false, bool changeNotifications = true, int maxConcurrentWrites = 0)
    {
        if (provider == MetadataProvider.Sqlite)
        {
            return sharedByConnections ? OnDisk() : InMemory();
        }

        var connectionString = await PostgreSqlTestServer.CreateDatabaseAsync();
        return new(time => new PostgreSqlDatabase(connectionString, time, changeNotifications: changeNotifications, maxConcurrentWrites: maxConcurrentWrites), null, connectionString);
    }

    public static string NewTempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "registry-sqlite-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        return folder;
    }

    public static void DeleteFolder(string folder)
    {
        if (System.IO.Directory.Exists(folder))
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (Folder is not null)
        {
            DeleteFolder(Folder);
        }

        if (_postgreSql is not null)
        {
            await PostgreSqlTestServer.DropDatabaseAsync(_postgreSql);
        }
    }
}
