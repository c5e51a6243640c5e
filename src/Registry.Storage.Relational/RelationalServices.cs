using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Registry.Core.Cleanup;
using Registry.Core.Directory;
using Registry.Core.Protection;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Core.Usage;

namespace Registry.Storage.Relational;

/// <summary>The registrations behind <c>UseSqlite</c>, <c>UseInMemorySqlite</c> and <c>UsePostgreSql</c> (and a third party's provider), and <c>UseEmbeddedDirectory</c>.</summary>
public static class RelationalServices
{
    /// <summary>
    /// Registers the store over the database <paramref name="database"/> creates (<see cref="IPackageStore"/>,
    /// <see cref="IPackageSettingsStore"/>, <see cref="IPackageProtectionStore"/>, <see cref="IPackageUsageStore"/>, <see cref="ICleanupPolicyStore"/>, and the migration at start). The database and the store replace earlier
    /// registrations (choosing a metadata database is explicit, and the last choice wins). The directory is not
    /// registered: the host asks for it with <c>UseEmbeddedDirectory()</c> or brings its own.
    /// </summary>
    /// <param name="services">The host's services (<c>PackageRegistryBuilder.Services</c>).</param>
    /// <param name="database">Creates the provider's <see cref="RelationalDatabase"/>, once, as a singleton.</param>
    public static void Register(IServiceCollection services, Func<IServiceProvider, RelationalDatabase> database)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.Replace(ServiceDescriptor.Singleton(database));

        services.TryAddSingleton(sp => new RelationalPackageStore(sp.GetRequiredService<RelationalDatabase>()));
        services.Replace(ServiceDescriptor.Singleton<IPackageStore>(sp => sp.GetRequiredService<RelationalPackageStore>()));

        services.Replace(ServiceDescriptor.Singleton<IPackageSettingsStore>(sp => new RelationalPackageSettingsStore(sp.GetRequiredService<RelationalDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<IPackageProtectionStore>(sp => new RelationalPackageProtectionStore(sp.GetRequiredService<RelationalDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<IPackageUsageStore>(sp => new RelationalPackageUsageStore(sp.GetRequiredService<RelationalDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<ICleanupPolicyStore>(sp => new RelationalCleanupPolicyStore(sp.GetRequiredService<RelationalDatabase>())));

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MigrationHostedService>());
    }

    /// <summary>
    /// Registers the embedded directory over the registered <see cref="RelationalDatabase"/> as all three directory
    /// ports, replacing earlier ones: the read side (<see cref="IProjectDirectory"/>, <see cref="ICredentialValidator"/>)
    /// goes with the write side (<see cref="IDirectoryAdministration"/>), so the directory API never writes to tables
    /// that authorization does not read.
    /// </summary>
    internal static void RegisterDirectory(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new RelationalDirectory(
            sp.GetService<RelationalDatabase>()
                ?? throw new InvalidOperationException(
                    "UseEmbeddedDirectory() keeps the directory in the metadata database: choose one with UseSqlite() or UsePostgreSql()."),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<RelationalDirectory>>()));
        services.Replace(ServiceDescriptor.Singleton<IProjectDirectory>(sp => sp.GetRequiredService<RelationalDirectory>()));
        services.Replace(ServiceDescriptor.Singleton<IDirectoryAdministration>(sp => sp.GetRequiredService<RelationalDirectory>()));
        services.Replace(ServiceDescriptor.Singleton<ICredentialValidator>(sp => sp.GetRequiredService<RelationalDirectory>()));

        // The directory's use cases (deletes, access tokens) need IDirectoryAdministration, so they are registered with it, not with Core.
        services.TryAddSingleton<Registry.Core.Deleting.DirectoryDeleter>();
        services.TryAddSingleton<Registry.Core.Directory.ResourceAccessTokenIssuer>();
    }
}
