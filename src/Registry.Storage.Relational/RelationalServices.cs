using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Registry.Core.Storage;

namespace Registry.Storage.Relational;

/// <summary>
/// What a relational metadata provider registers: the registrations behind <c>UseSqlite</c>, <c>UseInMemorySqlite</c>
/// and <c>UsePostgreSql</c>, and the one call a third party's provider makes from its own builder extension.
/// </summary>
public static class RelationalServices
{
    /// <summary>
    /// Registers the metadata stores over the database <paramref name="database"/> creates: <see cref="IPackageStore"/>,
    /// <see cref="IPackageSettingsStore"/>, and a hosted service that applies pending schema migrations at start. The
    /// database and the stores replace earlier registrations (choosing a metadata database is explicit, and the last
    /// choice wins).
    /// </summary>
    /// <param name="services">The host's services (<c>PackageRegistryBuilder.Services</c>).</param>
    /// <param name="database">Creates the provider's <see cref="RelationalDatabase"/>, once, as a singleton.</param>
    /// <remarks>
    /// The embedded directory (users, groups, projects, memberships and tokens in the same database) is not registered
    /// here: the host asks for it with <c>UseEmbeddedDirectory()</c>, or brings its own <c>IProjectDirectory</c> and
    /// <c>ICredentialValidator</c>. That way a host with its own users never gets directory routes writing to tables
    /// that authorization does not read.
    /// </remarks>
    public static void Register(IServiceCollection services, Func<IServiceProvider, RelationalDatabase> database)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(database);
        services.AddOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.Replace(ServiceDescriptor.Singleton(database));

        services.TryAddSingleton(sp => new RelationalPackageStore(sp.GetRequiredService<RelationalDatabase>()));
        services.Replace(ServiceDescriptor.Singleton<IPackageStore>(sp => sp.GetRequiredService<RelationalPackageStore>()));

        services.Replace(ServiceDescriptor.Singleton<IPackageSettingsStore>(sp => new RelationalPackageSettingsStore(sp.GetRequiredService<RelationalDatabase>())));

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MigrationHostedService>());
    }
}
