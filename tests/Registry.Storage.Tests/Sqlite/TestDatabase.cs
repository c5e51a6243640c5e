using Registry.Storage.Sqlite;

namespace Registry.Storage.Tests.Sqlite;

/// <summary>A migrated database with the store and directory over it; file databases live in a temp folder removed on dispose.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private TestDatabase(string connectionString, string? directory)
    {
        Folder = directory;
        Time = new ManualTimeProvider(Start);
        Connections = new SqliteConnectionFactory(connectionString, Time);
        Store = new SqlitePackageStore(Connections);
        Directory = new SqliteDirectory(Connections, Time);
    }

    public string? Folder { get; }

    public ManualTimeProvider Time { get; }

    public SqliteConnectionFactory Connections { get; }

    public SqlitePackageStore Store { get; }

    public SqliteDirectory Directory { get; }

    public static TestDatabase InMemory() => new(SqliteRegistryBuilderExtensions.InMemoryConnectionString(), null);

    public static TestDatabase OnDisk()
    {
        var folder = NewTempFolder();
        return new($"Data Source={Path.Combine(folder, "registry.db")};Pooling=True", folder);
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
        await Connections.DisposeAsync();
        if (Folder is not null)
        {
            DeleteFolder(Folder);
        }
    }
}
