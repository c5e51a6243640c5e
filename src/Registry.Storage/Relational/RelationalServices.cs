using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Core.Storage;

namespace Registry.Storage.Relational;

/// <summary>The registrations behind <c>UseSqlite</c>, <c>UseInMemorySqlite</c> and <c>UsePostgreSql</c>.</summary>
internal static class RelationalServices
{
    /// <summary>
    /// Registers the store and directory over the database <paramref name="database"/> creates. The database and the
    /// store replace earlier registrations (choosing a metadata database is explicit, and the last choice wins); the
    /// directory ports are added only when absent, so a host's own <see cref="IProjectDirectory"/> or
    /// <see cref="ICredentialValidator"/> wins whether it is registered before or after.
    /// </summary>
    public static void Register(IServiceCollection services, Func<IServiceProvider, RelationalDatabase> database)
    {
        services.AddOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.Replace(ServiceDescriptor.Singleton(database));

        services.TryAddSingleton(sp => new RelationalPackageStore(sp.GetRequiredService<RelationalDatabase>()));
        services.Replace(ServiceDescriptor.Singleton<IPackageStore>(sp => sp.GetRequiredService<RelationalPackageStore>()));

        services.Replace(ServiceDescriptor.Singleton<IPackageSettingsStore>(sp => new RelationalPackageSettingsStore(sp.GetRequiredService<RelationalDatabase>())));

        services.TryAddSingleton(sp => new RelationalDirectory(
            sp.GetRequiredService<RelationalDatabase>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<RelationalDirectory>>()));
        services.TryAddSingleton<IProjectDirectory>(sp => sp.GetRequiredService<RelationalDirectory>());
        services.TryAddSingleton<IDirectoryAdministration>(sp => sp.GetRequiredService<RelationalDirectory>());
        services.TryAddSingleton<ICredentialValidator>(sp => sp.GetRequiredService<RelationalDirectory>());

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MigrationHostedService>());
    }
}
