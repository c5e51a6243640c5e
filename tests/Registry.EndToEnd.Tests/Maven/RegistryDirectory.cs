using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core;
using Registry.Core.Directory;
using Registry.Storage;

namespace Registry.EndToEnd.Tests.Maven;

/// <summary>
/// The running sample host's directory, opened through the SDK's own SQLite storage on the host's database file (the
/// sample has no directory API over HTTP yet): for creating public projects, users and tokens a test needs.
/// </summary>
internal sealed class RegistryDirectory : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public RegistryDirectory(string dataPath)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddPackageRegistry(o => o.DataPath = dataPath).UseSqlite(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataPath, "registry.db") }.ToString());
        _services = services.BuildServiceProvider();
    }

    public IDirectoryAdministration Administration => _services.GetRequiredService<IDirectoryAdministration>();

    public IProjectDirectory Projects => _services.GetRequiredService<IProjectDirectory>();

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return _services.DisposeAsync();
    }
}
