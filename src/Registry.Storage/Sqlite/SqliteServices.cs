using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Core.Storage;

namespace Registry.Storage.Sqlite;

/// <summary>The registrations behind <c>UseSqlite</c> and <c>UseInMemorySqlite</c>.</summary>
internal static class SqliteServices
{
    /// <summary>
    /// Registers the SQLite store and directory. The store and the connection factory replace earlier
    /// registrations (choosing a metadata database is explicit); the directory ports are added only when
    /// absent, so a host's own <see cref="IProjectDirectory"/> or <see cref="ICredentialValidator"/> wins
    /// whether it is registered before or after (the last registration of a service is the one resolved).
    /// </summary>
    public static void Register(IServiceCollection services, Func<IServiceProvider, string> connectionString)
    {
        services.AddOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.Replace(ServiceDescriptor.Singleton(sp => new SqliteConnectionFactory(
            connectionString(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<SqliteConnectionFactory>>())));

        services.TryAddSingleton(sp => new SqlitePackageStore(sp.GetRequiredService<SqliteConnectionFactory>()));
        services.Replace(ServiceDescriptor.Singleton<IPackageStore>(sp => sp.GetRequiredService<SqlitePackageStore>()));

        services.Replace(ServiceDescriptor.Singleton<IPackageSettingsStore>(sp => new SqlitePackageSettingsStore(sp.GetRequiredService<SqliteConnectionFactory>())));

        services.TryAddSingleton(sp => new SqliteDirectory(
            sp.GetRequiredService<SqliteConnectionFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<SqliteDirectory>>()));
        services.TryAddSingleton<IProjectDirectory>(sp => sp.GetRequiredService<SqliteDirectory>());
        services.TryAddSingleton<IDirectoryAdministration>(sp => sp.GetRequiredService<SqliteDirectory>());
        services.TryAddSingleton<ICredentialValidator>(sp => sp.GetRequiredService<SqliteDirectory>());

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqliteMigrationHostedService>());
    }
}
